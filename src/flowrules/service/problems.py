"""RFC 9457 problem details: every error of the service is ``application/problem+json``.

Never an HTML page and never a traceback: invalid calls carry the
:class:`~flowrules.errors.CallError` problems (field, value, message, allowed
values), refused reloads carry the pack diagnostics, and anything unexpected
is a bare 500 whose cause is logged by its type only.
"""

from __future__ import annotations

import http
import json
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flowrules.errors import CallError, EngineError, PackError
from flowrules.service.pack_state import NotReadyError

PROBLEM_JSON = "application/problem+json"
_log = structlog.get_logger("flowrules.service")

INVALID_CALL = "urn:flowrules:problem:invalid-call"
INVALID_JSON = "urn:flowrules:problem:invalid-json"
NOT_READY = "urn:flowrules:problem:not-ready"
PACKS_REFUSED = "urn:flowrules:problem:packs-refused"
ENGINE_FAILED = "urn:flowrules:problem:engine-failed"
BODY_TOO_LARGE = "urn:flowrules:problem:body-too-large"


class FieldProblem(BaseModel):
    """One problem with one field of a call (a :class:`flowrules.CallProblem`)."""

    field: str = Field(description='Dotted field path, or "" for the whole call.')
    value: Any = Field(default=None, description="The offending value as given.")
    message: str
    allowed: list[str] = Field(default_factory=list)


class Problem(BaseModel):
    """An RFC 9457 problem detail, with the call's or the packs' problems."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    problems: list[FieldProblem] = Field(
        default_factory=list, description="Invalid call: every bad field."
    )
    diagnostics: list[dict[str, Any]] = Field(
        default_factory=list, description="Refused packs: every diagnostic."
    )


#: Why each status is answered (the OpenAPI description of its problem response).
_WHY = {
    400: "The body is not valid JSON (or a header is malformed).",
    401: "The admin token is missing or wrong.",
    404: "No such resource.",
    413: "The request body is larger than its limit.",
    422: "The call (or its parameters) is invalid: `problems` names every field.",
    500: "The service failed; the failure was logged (by type, never with call contents).",
    503: "The packs are not loaded yet (see /readyz).",
}


def problem_responses(*statuses: int) -> dict[int | str, Any]:
    """Return the OpenAPI ``responses`` entries of these statuses as problem details."""
    return {
        status: {
            "description": _WHY[status],
            "content": {
                PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}
            },
        }
        for status in statuses
    }


def problem_response(
    status: int,
    detail: str,
    *,
    type_: str = "about:blank",
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> Response:
    """Return a ``application/problem+json`` response (title from the status)."""
    body = {
        "type": type_,
        "title": http.HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **extensions,
    }
    return Response(
        json.dumps(body, ensure_ascii=False, default=repr),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def call_problem(exc: CallError) -> Response:
    """Return the 422 problem of an invalid call, naming every bad field."""
    fields = ", ".join(f or "<call>" for f in exc.fields)
    return problem_response(
        422,
        f"invalid call: {fields}",
        type_=INVALID_CALL,
        problems=exc.to_json(),
    )


def pack_problem(exc: PackError) -> Response:
    """Return the 422 problem of refused packs, with every diagnostic."""
    codes = sorted({d.code for d in exc.diagnostics})
    return problem_response(
        422,
        "the packs were refused; the working packs keep serving: " + ", ".join(codes),
        type_=PACKS_REFUSED,
        diagnostics=[d.to_json() for d in exc.diagnostics],
    )


def not_ready_problem(exc: NotReadyError) -> Response:
    """Return the 503 problem while the packs are not loaded."""
    return problem_response(
        503, str(exc), type_=NOT_READY, headers={"Retry-After": "1"}
    )


def http_problem(exc: HTTPException) -> Response:
    """Return the problem of an HTTP error (404, 405, 400 invalid JSON, 413, ...)."""
    kinds = {400: INVALID_JSON, 413: BODY_TOO_LARGE}
    return problem_response(
        exc.status_code,
        str(exc.detail),
        type_=kinds.get(exc.status_code, "about:blank"),
        headers=dict(exc.headers) if exc.headers else None,
    )


def engine_problem(route: str) -> Response:
    """Log ``engine_failed`` (the route only) and return its bare 500 problem."""
    _log.error("engine_failed", route=route)
    return problem_response(
        500, "the rule engine failed; the failure was logged", type_=ENGINE_FAILED
    )


def internal_problem(route: str, exc: Exception) -> Response:
    """Log an unexpected failure by route and type only; return the bare 500 problem."""
    _log.error("request_failed", route=route, error=type(exc).__name__)
    return problem_response(500, "internal error; the failure was logged")


def problem_for(exc: Exception, route: str) -> Response | None:
    """Return the problem of an error a route may raise, or ``None`` for an unexpected one."""
    if isinstance(exc, CallError):
        return call_problem(exc)
    if isinstance(exc, NotReadyError):
        return not_ready_problem(exc)
    if isinstance(exc, HTTPException):  # invalid JSON, body too large, 404, 405
        return http_problem(exc)
    if isinstance(exc, EngineError):
        return engine_problem(route)
    return None


def install_problem_handlers(app: FastAPI) -> None:
    """Render every error the routes raise as a problem detail."""

    async def known_error(request: Request, exc: Exception) -> Response:
        response = problem_for(exc, _route(request.scope))
        assert response is not None
        return response

    async def validation_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ())),
                "value": err.get("input"),
                "message": err.get("msg", "is invalid"),
                "allowed": [],
            }
            for err in exc.errors()
        ]
        return problem_response(
            422, "invalid request parameters", type_=INVALID_CALL, problems=problems
        )

    app.add_exception_handler(RequestValidationError, validation_error)
    for kind in (HTTPException, CallError, NotReadyError, EngineError):
        app.add_exception_handler(kind, known_error)


def _route(scope: Scope) -> str:
    route = scope.get("route")
    return getattr(route, "path", "unmatched")


class CatchAllMiddleware:
    """Turn any unexpected exception into a bare 500 problem, logged by type only.

    Starlette's own last-resort handler logs the traceback, whose messages
    may quote call contents; this one logs the route and the exception type.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app; answer 500 if it raises before responding."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            response = internal_problem(_route(scope), exc)
            if not started:
                await response(scope, receive, send)
