"""The pydantic model of a call to one pack version: its facts, nothing else.

The model gives the pack's JSON Schema for importing systems (``flowrules
schema``) and the precise errors of the reference validation path.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Final, Literal

import pydantic
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    create_model,
)

from flowrules.engine.datetimes import strict_date, strict_datetime
from flowrules.pack.schema import Pack

#: Largest integer a call may carry (exact in every JSON implementation).
MAX_INT: Final = 2**53 - 1

#: The annotation of each fact type: strict, ISO 8601 text only for dates and times.
DateTime = Annotated[dt.datetime, BeforeValidator(strict_datetime)]
Date = Annotated[dt.date, BeforeValidator(strict_date)]
Integer = Annotated[StrictInt, Field(ge=-MAX_INT, le=MAX_INT)]


def call_model(pack: Pack) -> type[pydantic.BaseModel]:
    """Build the pydantic model of a call to ``pack``: its facts, nothing else."""
    fields: dict[str, Any] = {
        "ordning": (Literal[pack.pack], ...),
        "modtaget": (DateTime, ...),
    }
    for name, fact in pack.facts.items():
        if fact.derived is not None:
            continue
        annotation: Any = {
            "bool": StrictBool,
            "int": Integer,
            "date": Date,
            "datetime": DateTime,
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
