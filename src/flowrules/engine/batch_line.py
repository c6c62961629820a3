"""One line of a JSON Lines batch in, one record out: the CLI's and the service's batch.

``flowrules decide --batch`` and ``POST /v1/decide/batch`` answer every input
line with exactly one line of strict JSON carrying the input line number
``line``: the decision, ``{"line": n, "error": [...]}`` for a line that is not
a JSON call or an invalid call (with its ``call_id`` when it is a well-formed
one), ``{"line": n, "engine_error": "..."}`` for a call the executor failed
on, or ``{"line": n, "blank": true}``. Nothing a line holds makes this raise.
"""

from __future__ import annotations

from typing import Any, Literal

from flowrules.call_fields import check_call_id
from flowrules.engine.engine import Engine
from flowrules.engine.json_lines import LineProblem, dumps_line, is_blank, parse_line
from flowrules.errors import CallError, CallProblem, EngineError
from flowrules.privacy import mask_cpr

#: What became of a line: decided, refused (invalid), failed (executor) or blank.
Outcome = Literal["decided", "refused", "failed", "blank"]

#: Longest executor message echoed on an ``engine_error`` line.
MAX_ENGINE_ERROR = 500


def batch_line(engine: Engine, number: int, line: bytes) -> tuple[Outcome, str]:
    """Return what became of input line ``number`` and its output line (no newline)."""
    if is_blank(line):
        return "blank", dumps_line({"line": number, "blank": True})
    call = parse_line(line)
    head: dict[str, Any] = {"line": number, **_call_id(call)}
    try:
        if isinstance(call, LineProblem):
            raise CallError([CallProblem("", None, call.describe())])
        decision = engine.decide(call)
    except CallError as exc:
        return "refused", error_line(number, exc, head)
    except Exception as exc:  # EngineError, or a fault of ours: that line only
        text = str(exc) if isinstance(exc, EngineError) else type(exc).__name__
        record = {**head, "engine_error": mask_cpr(text)[:MAX_ENGINE_ERROR]}
        return "failed", dumps_line(record)
    return "decided", dumps_line({"line": number, **decision.model_dump(mode="json")})


def error_line(number: int, exc: CallError, head: dict[str, Any] | None = None) -> str:
    """Return the ``error`` record of line ``number``."""
    return dumps_line({**(head or {"line": number}), "error": exc.to_json()})


def _call_id(call: object) -> dict[str, str]:
    """The call's ``call_id`` to echo on an error line, if it is a valid, safe one."""
    value = call.get("call_id") if isinstance(call, dict) else None
    return {"call_id": value} if isinstance(value, str) and check_call_id(value) else {}
