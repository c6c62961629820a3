"""The pydantic model of a call to one pack version: every core field and its facts.

Every pack accepts every core field of the SPEC with the SPEC's values
(:func:`flowrules.call_fields.core_annotation`), whether or not its rules
use it; a core field the pack does not declare, or a core value it does not
list, is kept in the call and ignored when matching
(:mod:`~flowrules.engine.event`). Only fields that are neither core nor
declared by the pack are an error. The model gives the pack's JSON Schema
for importing systems (``flowrules schema``) and the precise errors of the
reference validation path.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

import pydantic
from pydantic import ConfigDict, Field, StrictBool, StrictInt, create_model

from flowrules.call_fields import IsoDate, IsoDateTime, core_annotation
from flowrules.pack.schema import Fact, Pack
from flowrules.vocabulary import CORE_FIELDS

#: Largest integer a call may carry (exact in every JSON implementation).
MAX_INT: Final = 2**53 - 1
#: An integer fact: strict, within ±MAX_INT (the JSON Schema says so).
Integer = Annotated[StrictInt, Field(ge=-MAX_INT, le=MAX_INT)]


def call_model(pack: Pack) -> type[pydantic.BaseModel]:
    """Build the pydantic model of a call to ``pack``: core fields and its facts."""
    fields: dict[str, Any] = {
        "ordning": (Literal[pack.pack], ...),
        "modtaget": (IsoDateTime, ...),
    }
    for name in CORE_FIELDS:
        if name not in fields and name not in pack.facts:
            fields[name] = (core_annotation(name) | None, None)
    for name, fact in pack.facts.items():
        if fact.derived is not None:
            continue
        annotation = _annotation(name, fact)
        if fact.required:
            fields[name] = (annotation, Field(description=fact.description))
        else:
            fields[name] = (
                annotation | None,
                Field(default=None, description=fact.description),
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
