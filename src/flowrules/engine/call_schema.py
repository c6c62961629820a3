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
    model = create_model(
        f"Call_{pack.pack}",
        __config__=ConfigDict(
            extra="forbid", frozen=True, title=f"Call ({pack.pack} {pack.version})"
        ),
        **fields,
    )
    return model
