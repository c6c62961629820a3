"""The types of the SPEC's core call fields, shared by :class:`flowrules.Call` and every pack.

Every pack accepts every core field with the values listed in the SPEC,
whether or not its rules use it, so an importing system sends one call
shape to all four packs. :func:`core_annotation` gives the pydantic type of
each core field; :class:`flowrules.Call` and each pack's call model
(:mod:`flowrules.engine.call_schema`) are both built from it, so they cannot
disagree.

Date-times are ISO 8601 text with a clock time (a date alone is refused:
``2017-03-07`` is not midnight), dates are ``YYYY-MM-DD``, booleans are
``true``/``false`` only, and ``call_id`` is the importing system's opaque
correlation id, refused if it looks like a CPR number.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Final, Literal

from pydantic import BeforeValidator, StrictBool, StringConstraints

from flowrules.privacy import looks_like_cpr
from flowrules.vocabulary import CORE_ENUMS, CORE_FIELD_TYPES

#: ``YYYY-MM-DD``.
ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
#: ``YYYY-MM-DDTHH:MM[:SS[.ffffff]]`` with an optional ``Z`` or ``±HH:MM`` offset.
ISO_DATETIME: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?\Z"
)
#: What a ``call_id`` may consist of.
CALL_ID: Final = re.compile(r"[A-Za-z0-9._:-]{1,64}\Z")


def _iso_datetime(value: object) -> object:
    """Let through datetimes and ISO date-time text; refuse dates and date-only text."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATETIME.match(value):
        return value
    msg = "must be an ISO 8601 date-time with a clock time (YYYY-MM-DDTHH:MM:SS)"
    raise ValueError(msg)


def _iso_date(value: object) -> object:
    """Let through dates and ``YYYY-MM-DD`` text; refuse date-times and other text."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATE.match(value):
        return value
    msg = "must be an ISO date (YYYY-MM-DD)"
    raise ValueError(msg)


def _call_id(value: object) -> object:
    """Let through an opaque id of ``A-Za-z0-9._:-`` that does not look like a CPR number."""
    if not isinstance(value, str) or not CALL_ID.match(value):
        msg = "must be 1-64 characters of A-Za-z0-9._:-"
        raise ValueError(msg)
    if looks_like_cpr(value):
        msg = "looks like a CPR number; flowrules takes no CPR numbers"
        raise ValueError(msg)
    return value


IsoDateTime = Annotated[dt.datetime, BeforeValidator(_iso_datetime)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
CallId = Annotated[
    str,
    BeforeValidator(_call_id),
    StringConstraints(pattern=CALL_ID.pattern.removesuffix(r"\Z"), max_length=64),
]

#: Core fields that are not facts of a pack: ids for the importing system only.
CORE_IDS: Final = ("call_id",)


def core_annotation(name: str) -> Any:
    """Return the pydantic type of core field ``name`` (``henvendelse`` excepted).

    Raises:
        KeyError: If ``name`` is not a core field with one type for every pack.
    """
    if name == "call_id":
        return CallId
    kind = CORE_FIELD_TYPES[name]
    if kind == "enum":
        return Literal[CORE_ENUMS[name]]
    return {"bool": StrictBool, "date": IsoDate, "datetime": IsoDateTime}[kind]


def check_call_id(value: object) -> bool:
    """Return whether ``value`` is an acceptable ``call_id`` (the fast path's test)."""
    return (
        isinstance(value, str)
        and CALL_ID.match(value) is not None
        and not looks_like_cpr(value)
    )
