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

from flowrules.engine.datetimes import local_time
from flowrules.errors import CallError, CallProblem
from flowrules.pack.schema import Pack

#: Most fields a call may carry (durable-rules refuses events above 252 fields).
MAX_FIELDS = 64


def check_shape(raw: object) -> dict[str, Any]:
    """Return ``raw`` as a plain dict with plain string keys, or raise :class:`CallError`.

    A mapping whose methods raise, a field name that is not a string or not
    valid Unicode (a lone surrogate) and more than :data:`MAX_FIELDS` fields
    are problems of the call, never other exceptions.
    """
    if raw.__class__ is dict and len(raw) <= MAX_FIELDS:
        # The common case in one pass: a plain dict with plain ASCII keys.
        plain: dict[str, Any] = {}
        for key, value in raw.items():
            if key.__class__ is not str or not key.isascii():
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
        raise CallError([CallProblem("", type(raw), "a call must be a JSON object")])
    try:
        if len(raw) > MAX_FIELDS:
            raise CallError(
                [CallProblem("", len(raw), f"a call has at most {MAX_FIELDS} fields")]
            )
        items = list(raw.items())
    except CallError:
        raise
    except Exception as exc:  # the caller's mapping raised: its fault, not ours
        raise CallError([_unreadable(raw, exc)]) from None
    return _plain_items(items)


def _unreadable(raw: object, exc: BaseException) -> CallProblem:
    return CallProblem(
        "", raw, f"the call could not be read: reading it raised {type(exc).__name__}"
    )


def _plain_items(items: list[tuple[Any, Any]]) -> dict[str, Any]:
    """Keys as plain ``str`` (valid Unicode), ``None`` values dropped."""
    plain: dict[str, Any] = {}
    for key, value in items:
        if not isinstance(key, str):
            raise CallError([CallProblem("", key, "field names must be strings")])
        name = str.__str__(key)
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise CallError(
                [
                    CallProblem(
                        name,
                        None,
                        "field name is not valid Unicode text (it holds a lone surrogate)",
                    )
                ]
            ) from None
        if value is not None:
            plain[name] = value
    return plain


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
