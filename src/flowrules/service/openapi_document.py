"""The OpenAPI document: FastAPI's paths with the library's own JSON Schemas.

``Decision``, every pack's call (``Call_<pack>_<version>``) and, where the
engine has the interview, ``InterviewStep`` are put in ``components/schemas``
exactly as ``flowrules schema`` prints them (their ``$defs`` moved beside
them), so an importing system validates against one set of schemas.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from flowrules.engine.engine import Engine
from flowrules.service.decide_routes import DECIDE_OPERATION
from flowrules.service.json_schemas import (
    add_component,
    component_name,
    json_schemas,
    schema_names,
)
from flowrules.service.problems import Problem

DESCRIPTION = """\
flowrules decides calls to Jobcenter København's telephone service with the
bundled rule packs. Every decision is guidance, never an afgørelse
("Vejledning, ikke afgørelse"). Errors are RFC 9457 problem details.
"""


def build_openapi(app: FastAPI, engine: Engine, version: str) -> dict[str, Any]:
    """Return the OpenAPI document of ``app`` with the engine's call schemas."""
    document = get_openapi(
        title="flowrules",
        version=version,
        description=DESCRIPTION,
        routes=app.routes,
    )
    document["paths"] = {"/v1/decide": {"post": DECIDE_OPERATION}, **document["paths"]}
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    published = json_schemas(engine)
    add_component(schemas, "Decision", published["decision"])
    add_component(schemas, "Problem", Problem.model_json_schema())
    refs = []
    for ref, schema in published["calls"].items():
        name = component_name(ref)
        add_component(schemas, name, schema)
        refs.append({"$ref": f"#/components/schemas/{name}"})
    if "interview" in published:
        add_component(schemas, "InterviewStep", published["interview"])
    components["requestBodies"] = {
        "Call": {
            "required": True,
            "description": "One call: the JSON Schema of its pack's call (`flowrules schema`).",
            "content": {"application/json": {"schema": {"anyOf": refs}}},
        },
        "PartialCall": {
            "required": True,
            "description": "A call with only the facts known so far (ordning, henvendelse, modtaget first).",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
    }
    _enumerate(
        document, "/v1/packs/{pack}", "pack", sorted({p.pack for p in engine.packs})
    )
    _enumerate(document, "/v1/schema/{name}", "name", schema_names(published))
    components["securitySchemes"] = {"adminToken": {"type": "http", "scheme": "bearer"}}
    return document


def _enumerate(
    document: dict[str, Any], path: str, name: str, values: list[str]
) -> None:
    """List the allowed values of a path parameter (the loaded packs, the schema names)."""
    for operation in document["paths"].get(path, {}).values():
        for parameter in operation.get("parameters", []):
            if parameter["name"] == name:
                parameter["schema"] = {**parameter["schema"], "enum": values}
