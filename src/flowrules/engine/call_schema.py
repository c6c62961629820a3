"""The pydantic model of a call to one pack version: its facts, nothing else.

The model gives the pack's JSON Schema for importing systems (``flowrules
schema``) and the precise errors of the reference validation path.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import pydantic
from pydantic import ConfigDict, StrictBool, StrictInt, create_model

from flowrules.pack.schema import Pack
from flowrules.vocabulary import VALG_FIELD, VALG_VALUES


def valg_values(pack: Pack) -> tuple[str, ...]:
    """Return the values ``valg`` may take in a call to ``pack``: the core ones, then the pack's."""
    return tuple(dict.fromkeys((*VALG_VALUES, *pack.choices())))


def call_model(pack: Pack) -> type[pydantic.BaseModel]:
    """Build the pydantic model of a call to ``pack``: its facts, nothing else."""
    fields: dict[str, Any] = {
        "ordning": (Literal[pack.pack], ...),
        "modtaget": (dt.datetime, ...),
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
        fields[name] = (annotation, ...) if fact.required else (annotation | None, None)
    fields[VALG_FIELD] = (Literal[valg_values(pack)] | None, None)
    model = create_model(
        f"Call_{pack.pack}",
        __config__=ConfigDict(
            extra="forbid", frozen=True, title=f"Call ({pack.pack} {pack.version})"
        ),
        **fields,
    )
    return model
