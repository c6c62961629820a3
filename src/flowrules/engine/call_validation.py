"""Validate a described call against the pack for its ``ordning``.

Each pack version gets a pydantic model built from its declared facts, so
the allowed values are exactly the pack's. Errors become
:class:`~flowrules.errors.CallError` problems naming the field, the value and
what is allowed. Datetimes are normalised to naive Europe/Copenhagen time.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from typing import Any, Literal
from zoneinfo import ZoneInfo

import pydantic
from pydantic import ConfigDict, StrictBool, StrictInt, create_model

from flowrules.errors import CallError, CallProblem
from flowrules.model import Pack

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
#: Most fields a call may carry (durable-rules refuses events above 252 fields).
MAX_FIELDS = 64


def local_time(value: dt.datetime) -> dt.datetime:
    """Return ``value`` as naive Europe/Copenhagen time (aware values are converted).

    Raises:
        ValueError: If the conversion leaves the representable years (1-9999).
    """
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(COPENHAGEN).replace(tzinfo=None)
    except OverflowError:
        msg = f"date-time out of range in Copenhagen time: {value.isoformat()}"
        raise ValueError(msg) from None


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


def check_shape(raw: object) -> dict[str, Any]:
    """Return ``raw`` as a dict with string keys, or raise :class:`CallError`."""
    if raw.__class__ is dict and len(raw) <= MAX_FIELDS:
        # The common case in one pass: a plain dict with string keys.
        plain: dict[str, Any] = {}
        for key, value in raw.items():
            if key.__class__ is not str:
                break
            if value is not None:
                plain[key] = value
        else:
            return plain
    if isinstance(raw, pydantic.BaseModel):
        data = raw.model_dump(exclude_none=True)
        data.update(raw.model_extra or {})
        raw = data
    if not isinstance(raw, Mapping):
        raise CallError(
            [CallProblem("", type(raw).__name__, "a call must be a JSON object")]
        )
    bad = [k for k in raw if not isinstance(k, str)]
    if bad:
        raise CallError(
            [CallProblem(repr(bad[0]), bad[0], "field names must be strings")]
        )
    if len(raw) > MAX_FIELDS:
        raise CallError(
            [CallProblem("", len(raw), f"a call has at most {MAX_FIELDS} fields")]
        )
    return {k: v for k, v in raw.items() if v is not None}


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?\Z"
)


def parse_datetime(value: object) -> dt.datetime | None:
    """Parse a plain ISO 8601 date-time (or take a datetime) as local time; else ``None``."""
    if value.__class__ is dt.datetime:
        try:
            return local_time(value)
        except ValueError:
            return None
    if value.__class__ is str and _DATETIME.match(value):
        try:
            if value[-1] == "Z":
                value = value[:-1] + "+00:00"
            moment = dt.datetime.fromisoformat(value)
            return moment if moment.tzinfo is None else local_time(moment)
        except ValueError:
            return None
    return None


def parse_date(value: object) -> dt.date | None:
    """Parse a plain ISO date ``YYYY-MM-DD`` (or take a date); else ``None``."""
    if value.__class__ is dt.date:
        return value
    if value.__class__ is str and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def validate_call(
    model: type[pydantic.BaseModel], pack: Pack, data: dict[str, Any]
) -> dict[str, Any]:
    """Validate ``data`` with the pack's call model; return the normalised values.

    Raises:
        flowrules.errors.CallError: Naming every bad field, its value and the allowed values.
    """
    try:
        call = model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise CallError(_problems(exc, pack, data)) from None
    values = {k: v for k, v in call.model_dump().items() if v is not None}
    for key, value in values.items():
        if isinstance(value, dt.datetime):
            try:
                values[key] = local_time(value)
            except ValueError:
                problem = CallProblem(
                    key, data.get(key), "is outside the supported date range"
                )
                raise CallError([problem]) from None
    return values


def _problems(
    exc: pydantic.ValidationError, pack: Pack, data: dict[str, Any]
) -> list[CallProblem]:
    problems: dict[str, CallProblem] = {}
    accepted = [
        "ordning",
        "modtaget",
        *(n for n, f in pack.facts.items() if f.derived is None),
    ]
    for error in exc.errors(include_url=False):
        field = str(error["loc"][0]) if error["loc"] else ""
        if field in problems:
            continue
        value = data.get(field)
        fact = pack.facts.get(field)
        kind = error["type"]
        if kind == "extra_forbidden":
            if fact is not None and fact.derived is not None:
                message = f"is derived from {' and '.join(fact.derived.days_between)}; do not send it"
                problems[field] = CallProblem(field, value, message)
                continue
            close = difflib.get_close_matches(field, accepted, n=1, cutoff=0.75)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            message = f"unknown field for pack {pack.pack!r}{hint}"
            problems[field] = CallProblem(field, value, message, tuple(accepted))
        elif kind == "missing":
            problems[field] = CallProblem(field, None, "is required")
        elif fact is not None and fact.type == "enum":
            problems[field] = CallProblem(
                field,
                value,
                f"is not an allowed value for pack {pack.pack!r}",
                fact.values,
            )
        else:
            expected = {
                "bool": "true or false",
                "int": "an integer",
                "date": "an ISO date (YYYY-MM-DD)",
            }
            wanted = expected.get(
                fact.type if fact else "", "an ISO date-time (YYYY-MM-DDTHH:MM:SS)"
            )
            if field == "ordning":
                problems[field] = CallProblem(
                    field, value, "does not match the pack", (pack.pack,)
                )
            else:
                problems[field] = CallProblem(field, value, f"must be {wanted}")
    return list(problems.values())
