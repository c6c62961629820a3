"""Validate a described call against the pack for its ``ordning``.

Each pack version gets a pydantic model built from its declared facts
(:mod:`~flowrules.engine.call_schema`), so the allowed values are exactly the
pack's, and every pack accepts every core field
(:mod:`~flowrules.engine.call_schema`). Errors become
:class:`~flowrules.errors.CallError` problems naming the field, the value and
what is allowed; a field name or string value that looks like a CPR number is
refused and shown masked. Datetimes are normalised to naive
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
from flowrules.privacy import looks_like_cpr
from flowrules.vocabulary import CORE_ENUMS, CORE_FIELD_TYPES, CORE_FIELDS, VALG_FIELD

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
        raise CallError(
            [
                CallProblem(
                    "", type(raw), "a call must be a JSON object", kind="not_object"
                )
            ]
        )
    try:
        if len(raw) > MAX_FIELDS:
            raise CallError(
                [
                    CallProblem(
                        "",
                        len(raw),
                        f"a call has at most {MAX_FIELDS} fields",
                        kind="too_many_fields",
                    )
                ]
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
            raise CallError(
                [CallProblem("", key, "field names must be strings", kind="bad_name")]
            )
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
                        kind="bad_name",
                    )
                ]
            ) from None
        if value is not None:
            plain[name] = value
    return plain


def refuse_cpr(data: Mapping[str, Any]) -> None:
    """Refuse a call in which a field name or string value looks like a CPR number.

    flowrules never needs a CPR number; the problem shows the value masked.

    Raises:
        flowrules.errors.CallError: Naming each such field.
    """
    problems = [
        CallProblem(  # CallProblem masks the field and the value it echoes
            key,
            value if isinstance(value, str) else None,
            "looks like a CPR number; flowrules takes no CPR numbers",
            kind="cpr",
        )
        for key, value in data.items()
        if looks_like_cpr(key) or (isinstance(value, str) and looks_like_cpr(value))
    ]
    if problems:
        raise CallError(problems)


def validate_call(
    model: type[pydantic.BaseModel], pack: Pack, data: dict[str, Any]
) -> dict[str, Any]:
    """Validate ``data`` with the pack's call model; return the normalised values.

    The caller has refused CPR-like input first (:func:`refuse_cpr`).

    Raises:
        flowrules.errors.CallError: Naming every bad field, its value and the allowed values.
    """
    try:
        call = model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise CallError(_problems(exc, pack, data)) from None
    dumped = call.model_dump()
    # In the order the call gave them, as the fast path keeps them.
    values = {k: dumped[k] for k in data if dumped.get(k) is not None}
    for key, value in values.items():
        if isinstance(value, dt.datetime):
            try:
                values[key] = local_time(value)
            except ValueError:
                problem = CallProblem(
                    key,
                    data.get(key),
                    "is outside the supported date range",
                    kind="wrong_type",
                )
                raise CallError([problem]) from None
    return values


def accepted_fields(pack: Pack) -> list[str]:
    """Every field a call to ``pack`` may carry: the core fields and its own facts."""
    own = [n for n, f in pack.facts.items() if f.derived is None]
    return list(dict.fromkeys(["ordning", "modtaget", *CORE_FIELDS, *own, VALG_FIELD]))


def allowed_values(pack: Pack, name: str) -> tuple[str, ...]:
    """The values a call to ``pack`` may give enum field ``name`` (core: the SPEC's)."""
    if name == VALG_FIELD:
        return valg_values(pack)
    if name in CORE_ENUMS:
        return CORE_ENUMS[name]
    fact = pack.facts.get(name)
    return fact.values if fact is not None else ()


_EXPECTED = {
    "bool": "true or false",
    "int": "an integer",
    "date": "an ISO date (YYYY-MM-DD)",
    "datetime": "an ISO date-time (YYYY-MM-DDTHH:MM:SS)",
}


def _problems(
    exc: pydantic.ValidationError, pack: Pack, data: dict[str, Any]
) -> list[CallProblem]:
    problems: dict[str, CallProblem] = {}
    for error in exc.errors(include_url=False):
        field = str(error["loc"][0]) if error["loc"] else ""
        if field not in problems:
            problems[field] = _problem(pack, field, error, data.get(field))
    return list(problems.values())


def _problem(pack: Pack, field: str, error: Any, value: object) -> CallProblem:
    fact = pack.facts.get(field)
    kind = error["type"]
    if kind == "extra_forbidden":
        if fact is not None and fact.derived is not None:
            message = (
                f"is derived from {' and '.join(fact.derived.sources)}; do not send it"
            )
            return CallProblem(field, value, message, kind="derived")
        accepted = accepted_fields(pack)
        close = difflib.get_close_matches(field, accepted, n=1, cutoff=0.75)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        message = f"unknown field for pack {pack.pack!r}{hint}"
        return CallProblem(field, value, message, tuple(accepted), "unknown_field")
    if kind == "missing":
        return CallProblem(field, None, "is required", kind="missing")
    if field == "ordning":
        return CallProblem(
            field, value, "does not match the pack", (pack.pack,), "not_allowed"
        )
    allowed = allowed_values(pack, field)
    if kind == "literal_error" and allowed:
        message = f"is not an allowed value for pack {pack.pack!r}"
        return CallProblem(field, value, message, allowed, "not_allowed")
    if kind == "value_error":
        # Raised by the validators of flowrules.call_fields with their own message.
        message = str(error["msg"]).removeprefix("Value error, ")
        return CallProblem(field, value, message, kind="wrong_type")
    wanted = _EXPECTED.get(_field_type(pack, field), "a valid value")
    return CallProblem(field, value, f"must be {wanted}", kind="wrong_type")


def _field_type(pack: Pack, field: str) -> str:
    fact = pack.facts.get(field)
    if fact is not None:
        return fact.type
    return CORE_FIELD_TYPES.get(field, "datetime" if field == "modtaget" else "")
