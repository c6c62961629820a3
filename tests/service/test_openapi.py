"""The OpenAPI document: its schemas are the ones `flowrules schema` prints; schemathesis finds no failure."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import flowrules
from flowrules.cli import main
from flowrules.service import ServiceSettings, create_app
from tests.conftest import RULES
from tests.service.conftest import start_server, stop_server

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
ST = Path(sys.executable).parent / "st"


def _inline(node: Any, lookup: dict[str, Any], prefix: str) -> Any:
    """Replace every local ``$ref`` under ``prefix`` by the schema it names."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(prefix):
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return {**_inline(lookup[ref[len(prefix) :]], lookup, prefix), **rest}
        return {k: _inline(v, lookup, prefix) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(item, lookup, prefix) for item in node]
    return node


def _cli_schemas() -> dict[str, Any]:
    out = io.StringIO()
    assert main(["schema", "--rules", str(RULES)], stdout=out) == 0
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def engine():
    engine = flowrules.Engine.from_path(RULES)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def document(engine) -> dict[str, Any]:
    return create_app(engine=engine).openapi()


def _component(document: dict[str, Any], name: str) -> Any:
    components = document["components"]["schemas"]
    return _inline(components[name], components, "#/components/schemas/")


def _printed(schema: dict[str, Any]) -> Any:
    return _inline(schema, schema.get("$defs", {}), "#/$defs/")


def test_decision_schema_is_what_flowrules_schema_prints(document):
    """components/schemas/Decision is `flowrules schema`'s decision, $defs resolved."""
    assert _component(document, "Decision") == _printed(_cli_schemas()["decision"])


def test_call_schemas_are_what_flowrules_schema_prints(document):
    """Each pack's call component is `flowrules schema`'s call schema for that pack version."""
    printed = _cli_schemas()["calls"]
    assert printed
    for ref, schema in printed.items():
        name = "Call_" + ref.replace("@", "_")
        assert _component(document, name) == _printed(schema)
    body = document["components"]["requestBodies"]["Call"]["content"][
        "application/json"
    ]
    assert len(body["schema"]["anyOf"]) == len(printed)


def test_interview_step_schema_is_what_flowrules_schema_prints(document):
    """The InterviewStep component equals the schema `flowrules schema interview` prints."""
    printed = _cli_schemas()
    key = next(
        k
        for k in printed
        if k.replace("_", "").lower() in ("interviewstep", "interview")
    )
    assert _component(document, "InterviewStep") == _printed(printed[key])


def test_the_schema_endpoint_serves_what_flowrules_schema_prints(engine):
    """/v1/schema/{name} has one name per document `flowrules schema` prints, each equal."""
    client = TestClient(create_app(engine=engine))
    printed = _cli_schemas()
    for name, schema in printed.items():
        assert client.get(f"/v1/schema/{name}").json() == schema


def test_every_endpoint_of_the_spec_is_documented(engine):
    """The SPEC's endpoints are documented; reload only with a token."""
    document = create_app(ServiceSettings(admin_token="t"), engine=engine).openapi()
    expected = {
        "/v1/decide",
        "/v1/decide/batch",
        "/v1/packs",
        "/v1/packs/{pack}",
        "/v1/schema/{name}",
        "/healthz",
        "/readyz",
        "/v1/admin/reload",
        "/v1/interview",
    }
    assert set(document["paths"]) == expected
    assert "/v1/admin/reload" not in create_app(engine=engine).openapi()["paths"]


def test_schemathesis_finds_no_failure_against_the_running_service(tmp_path):
    """Schemathesis (every check but positive_data_acceptance, see its config) sends 500+ requests; none fails."""
    (tmp_path / "token").write_text("fuzz-token", encoding="utf-8")
    server = start_server(
        tmp_path / "server.log",
        "--admin-token-file",
        str(tmp_path / "token"),
        "--log-level",
        "warning",
    )
    try:
        result = subprocess.run(
            [
                str(ST),
                "--config-file",
                str(HERE / "schemathesis.toml"),
                "run",
                server.url + "/openapi.json",
                "--max-examples",
                "100",
                "--generation-deterministic",
                "--phases",
                "coverage,fuzzing",
                "--no-color",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={
                **os.environ,
                "SCHEMATHESIS_HOOKS": "tests.service.schemathesis_hooks",
                "PYTHONPATH": str(ROOT),
            },
            timeout=600,
            check=False,
        )
    finally:
        stop_server(server)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    generated, passed = map(
        int, re.search(r"(\d+) generated, (\d+) passed", output).groups()
    )
    assert generated == passed >= 500
    assert "failure" not in output.split("SUMMARY")[-1].lower()
