"""The pydantic model of a call to one pack version: its facts, nothing else.

The model gives the pack's JSON Schema for importing systems (``flowrules
schema``) and the precise errors of the reference validation path. Each field
carries the pack's Danish question as ``title``, its description, and for
enumerations and booleans ``x-labels`` (value → Danish label), so that a form
can be generated from the schema; fields the pack does not describe
(``ordning``, ``modtaget``, ``valg``) take theirs from ``rules/core/fields.yaml``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import pydantic
from pydantic import ConfigDict, Field, StrictBool, StrictInt, create_model

from flowrules.danish import yes_no
from flowrules.pack.core_fields import CoreFields, load_core_fields
from flowrules.pack.schema import Fact, Pack
from flowrules.vocabulary import VALG_FIELD, VALG_VALUES


def valg_values(pack: Pack) -> tuple[str, ...]:
    """Return the values ``valg`` may take in a call to ``pack``: the core ones, then the pack's."""
    return tuple(dict.fromkeys((*VALG_VALUES, *pack.choices())))


def call_model(pack: Pack, core: CoreFields | None = None) -> type[pydantic.BaseModel]:
    """Build the pydantic model of a call to ``pack``: its facts, nothing else."""
    core = core or load_core_fields()
    fields: dict[str, Any] = {
        "ordning": (
            Literal[pack.pack],
            _core_field(
                core,
                "ordning",
                ...,
                {pack.pack: core.label("ordning", pack.pack) or pack.title},
            ),
        ),
        "modtaget": (dt.datetime, _core_field(core, "modtaget", ...)),
    }
    for name, fact in pack.facts.items():
        if fact.derived is not None:
            continue
        annotation: Any = {
            "bool": StrictBool,
            "int": StrictInt,
            "date": dt.date,
            "datetime": dt.datetime,
        }.get(fact.type)
        if fact.type == "enum":
            annotation = Literal[fact.values]
        info = _fact_field(core, name, fact)
        fields[name] = (
            (annotation, info) if fact.required else (annotation | None, info)
        )
    fields[VALG_FIELD] = (
        Literal[valg_values(pack)] | None,
        _core_field(core, VALG_FIELD, None, _valg_labels(pack, core)),
    )
    model = create_model(
        f"Call_{pack.pack}",
        __config__=ConfigDict(
            extra="forbid", frozen=True, title=f"Call ({pack.pack} {pack.version})"
        ),
        **fields,
    )
    return model


def _fact_field(core: CoreFields, name: str, fact: Fact) -> Any:
    entry = core.fields.get(name)
    labels: dict[str, str] = {}
    if fact.type == "enum":
        labels = {
            v: fact.labels.get(v) or core.label(name, v) or v for v in fact.values
        }
    elif fact.type == "bool":
        labels = {"true": yes_no(True), "false": yes_no(False)}
    question = fact.question or (entry.question if entry else None)
    return Field(
        ... if fact.required else None,
        title=question or name,
        description=fact.description,
        json_schema_extra=_labels_extra(labels),
    )


def _core_field(
    core: CoreFields, name: str, default: Any, labels: dict[str, str] | None = None
) -> Any:
    entry = core.fields[name]
    labels = labels if labels is not None else dict(entry.labels)
    return Field(
        default,
        title=entry.question or name,
        description=entry.description,
        json_schema_extra=_labels_extra(labels),
    )


def _labels_extra(labels: dict[str, str]) -> Any:
    """The schema's ``x-labels`` (value → Danish label), or nothing without labels."""
    return {"x-labels": dict(labels)} if labels else None


def _valg_labels(pack: Pack, core: CoreFields) -> dict[str, str]:
    """Each choice's label: the shared one, else that of the first alternative naming it."""
    found: dict[str, str] = {}
    for rule in pack.rules:
        for alt in rule.then.alternatives:
            if alt.label and alt.choice_id not in found:
                found[alt.choice_id] = alt.label
    return {
        v: core.label(VALG_FIELD, v) or found.get(v) or v for v in valg_values(pack)
    }
