"""Read a request body as one JSON value; malformed JSON is a 400 problem."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException


class InvalidJsonError(HTTPException):
    """The body is not one valid UTF-8 JSON value."""

    def __init__(self, detail: str) -> None:
        super().__init__(400, detail)


async def read_json(request: Request) -> Any:
    """Return the body parsed as JSON.

    Raises:
        InvalidJsonError: If the body is empty, not UTF-8 or not valid JSON
            (with line and column).
        flowrules.service.body_limit.BodyTooLargeError: If it is over its limit.
    """
    raw = await request.body()
    return parse_json(raw)


def parse_json(raw: bytes) -> Any:
    """Return ``raw`` parsed as JSON, or raise :class:`InvalidJsonError`."""
    if not raw.strip():
        msg = "the request body is empty: send one JSON object"
        raise InvalidJsonError(msg)
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        msg = "the request body is not UTF-8"
        raise InvalidJsonError(msg) from None
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise InvalidJsonError(msg) from None
    except RecursionError:
        msg = "the JSON is nested too deeply"
        raise InvalidJsonError(msg) from None
