"""The JSON Schemas the service publishes, the same as ``flowrules schema`` prints.

:func:`json_schemas` gives them in the CLI's shape (``pack``, ``call``,
``decision``, ``calls`` by ``pack@version``, and ``interview`` where the
engine has the guided interview); :func:`add_component` puts one into an
OpenAPI document, moving its ``$defs`` to ``components/schemas``.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from flowrules.decision import Call, Decision, InterviewStep
from flowrules.engine.engine import Engine
from flowrules.pack.schema import Pack


def json_schemas(engine: Engine) -> dict[str, Any]:
    """Return the schemas of the pack file, the calls, the decision and the interview step."""
    return {
        "pack": Pack.model_json_schema(),
        "call": Call.model_json_schema(),
        "decision": Decision.model_json_schema(),
        "calls": engine.call_schemas(),
        "interview": InterviewStep.model_json_schema(),
    }


def schema_names(schemas: dict[str, Any]) -> list[str]:
    """Return the names ``GET /v1/schema/{name}`` serves: each schema and ``call.<pack@version>``."""
    return [*schemas, *(f"call.{ref}" for ref in schemas["calls"])]


def schema_by_name(schemas: dict[str, Any], name: str) -> Any:
    """Return the schema called ``name`` (see :func:`schema_names`), or ``None``."""
    if name.startswith("call.") and name[5:] in schemas["calls"]:
        return schemas["calls"][name[5:]]
    return schemas.get(name)


def component_name(ref: str) -> str:
    """Return the OpenAPI component name of a pack's call schema (``Call_dagpenge_2026.1``)."""
    return "Call_" + re.sub(r"[^A-Za-z0-9._-]", "_", ref)


def add_component(
    components: dict[str, Any], name: str, schema: dict[str, Any]
) -> None:
    """Add ``schema`` as ``components/schemas/name``, its ``$defs`` beside it.

    Raises:
        ValueError: If a ``$defs`` entry clashes with a different component
            of the same name.
    """
    schema = copy.deepcopy(schema)
    defs = schema.pop("$defs", {})
    for def_name, definition in {**defs, name: schema}.items():
        rewritten = _rewrite_refs(definition)
        existing = components.get(def_name)
        if existing is not None and existing != rewritten:
            msg = f"two different schemas are called {def_name!r}"
            raise ValueError(msg)
        components[def_name] = rewritten


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: (
                value.replace("#/$defs/", "#/components/schemas/")
                if key == "$ref" and isinstance(value, str)
                else _rewrite_refs(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(item) for item in node]
    return node
