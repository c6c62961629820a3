"""Validate a described call against the pack for its ``ordning``.

Each pack version gets a pydantic model built from its declared facts
(:mod:`~flowrules.engine.call_schema`), so the allowed values are exactly the
pack's. Errors become :class:`~flowrules.errors.CallError` problems naming the
field, the value and what is allowed. Datetimes are normalised to naive
Europe/Copenhagen time.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from typing import Any

import pydantic

from flowrules.engine.call_schema import valg_values
from flowrules.engine.datetimes import local_time
from flowrules.errors import CallError, CallProblem
from flowrules.pack.schema import Pack
from flowrules.vocabulary import VALG_FIELD

#: Most fields a call may carry (durable-rules refuses events above 252 fields).
MAX_FIELDS = 64


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
        VALG_FIELD,
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
        elif field == VALG_FIELD:
            problems[field] = CallProblem(
                field,
                value,
                f"is not a choice at a grænseflade of pack {pack.pack!r}",
                valg_values(pack),
            )
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
