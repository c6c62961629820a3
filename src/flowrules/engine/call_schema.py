"""The pydantic model of a call to one pack version: its facts, nothing else.

Every pack accepts every core field of the SPEC with the SPEC's values
(:func:`flowrules.call_fields.core_annotation`), whether or not its rules
use it; a core field the pack does not declare, or a core value it does not
list, is kept in the call and ignored when matching
(:mod:`~flowrules.engine.event`). Only fields that are neither core nor
declared by the pack are an error. The model gives the pack's JSON Schema
for importing systems (``flowrules schema``) and the precise errors of the
reference validation path.

Each field carries a Danish ``title`` (the interview's question), its
``description`` and, for enumerations and booleans, ``x-labels`` (value →
Danish label), so that a form can be generated from the schema: from the
pack where it declares the fact, otherwise from ``rules/core/fields.yaml``
(``ordning``, ``modtaget``, ``valg`` and the core fields it does not declare).
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

import pydantic
from pydantic import ConfigDict, Field, StrictBool, StrictInt, create_model

from flowrules.call_fields import IsoDate, IsoDateTime, core_annotation
from flowrules.danish import yes_no
from flowrules.pack.core_fields import CoreFields, load_core_fields
from flowrules.pack.schema import Fact, Pack
from flowrules.vocabulary import CORE_FIELDS, VALG_FIELD, VALG_VALUES

#: Largest integer a call may carry (exact in every JSON implementation).
MAX_INT: Final = 2**53 - 1
#: An integer fact: strict, within ±MAX_INT (the JSON Schema says so).
Integer = Annotated[StrictInt, Field(ge=-MAX_INT, le=MAX_INT)]


def valg_values(pack: Pack) -> tuple[str, ...]:
    """Return the values ``valg`` may take in a call to ``pack``: the core ones, then the pack's."""
    return tuple(dict.fromkeys((*VALG_VALUES, *pack.choices())))


def call_model(pack: Pack, core: CoreFields | None = None) -> type[pydantic.BaseModel]:
    """Build the pydantic model of a call to ``pack``: core fields and its facts."""
    core = core or load_core_fields()
    own_label = core.label("ordning", pack.pack) or pack.title
    fields: dict[str, Any] = {
        "ordning": (
            Literal[pack.pack],
            _core_field(core, "ordning", ..., {pack.pack: own_label}),
        ),
        "modtaget": (IsoDateTime, _core_field(core, "modtaget", ...)),
    }
    for name in CORE_FIELDS:
        if name not in fields and name not in pack.facts:
            fields[name] = (core_annotation(name) | None, _core_field(core, name, None))
    for name, fact in pack.facts.items():
        if fact.derived is not None:
            continue
        annotation = _annotation(name, fact)
        info = _fact_field(core, name, fact)
        fields[name] = (
            (annotation, info) if fact.required else (annotation | None, info)
        )
    fields[VALG_FIELD] = (
        Literal[valg_values(pack)] | None,
        _core_field(core, VALG_FIELD, None, _valg_labels(pack, core)),
    )
    return create_model(
        f"Call_{pack.pack}",
        __config__=ConfigDict(
            extra="forbid", frozen=True, title=f"Call ({pack.pack} {pack.version})"
        ),
        **fields,
    )


def _annotation(name: str, fact: Fact) -> Any:
    """A declared fact's type; a core enum accepts every SPEC value, not only the pack's."""
    if fact.type == "enum":
        if name in CORE_FIELDS and name != "henvendelse":
            return core_annotation(name)
        return Literal[fact.values]
    return {
        "bool": StrictBool,
        "int": Integer,
        "date": IsoDate,
        "datetime": IsoDateTime,
    }[fact.type]


def _fact_field(core: CoreFields, name: str, fact: Fact) -> Any:
    """A declared fact: the pack's question, description and labels (core ones fill gaps)."""
    entry = core.fields.get(name)
    labels: dict[str, str] = {}
    if fact.type == "enum":
        values = fact.values
        if name in CORE_FIELDS and name != "henvendelse" and entry is not None:
            values = tuple(dict.fromkeys((*fact.values, *entry.labels)))
        labels = {v: fact.labels.get(v) or core.label(name, v) or v for v in values}
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
    """A field the pack does not describe, from ``rules/core/fields.yaml``."""
    entry = core.fields.get(name)
    if entry is None:
        return Field(default)
    if labels is None:
        labels = dict(entry.labels)
        if entry.type == "bool":
            labels = {"true": yes_no(True), "false": yes_no(False)}
    return Field(
        default,
        title=entry.question or entry.description,
        description=entry.description,
        json_schema_extra=_labels_extra(labels),
    )


def _labels_extra(labels: dict[str, str]) -> Any:
    """The schema's ``x-labels`` (value → Danish label), or nothing without labels."""
    return {"x-labels": dict(labels)} if labels else None


def _valg_labels(pack: Pack, core: CoreFields) -> dict[str, str]:
    """Each choice's label: the shared one, else that of the first alternative naming it."""
    found: dict[str, str] = {}
    for outcome in pack.own_outcomes():
        for alt in outcome.alternatives:
            if alt.label and alt.choice_id not in found:
                found[alt.choice_id] = alt.label
    return {
        v: core.label(VALG_FIELD, v) or found.get(v) or v for v in valg_values(pack)
    }
