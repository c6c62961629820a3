"""``POST /v1/decide`` (one call) and ``POST /v1/decide/batch`` (JSON Lines, streamed).

A decision response carries the headers ``Flowrules-Pack``,
``Flowrules-Pack-Version`` and ``Flowrules-Pack-Digest`` from the decision's
own fields. The batch answers one line per input line, in order, with the records of
``flowrules decide --batch`` (:mod:`flowrules.engine.batch_line`): the
decision with its ``line`` number, ``error``, ``engine_error`` or ``blank``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import anyio.to_thread
import structlog
from fastapi import APIRouter, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from flowrules.decision import Decision
from flowrules.engine.batch_line import batch_line, error_line
from flowrules.engine.engine import Engine
from flowrules.engine.json_lines import BOM
from flowrules.errors import CallError, CallProblem
from flowrules.service.pack_state import PackState
from flowrules.service.problems import problem_responses
from flowrules.service.request_body import InvalidJsonError, read_json

NDJSON = "application/x-ndjson"
BATCH_PATH = "/v1/decide/batch"
_log = structlog.get_logger("flowrules.service")
PACK_HEADERS = ("Flowrules-Pack", "Flowrules-Pack-Version", "Flowrules-Pack-Digest")


def pack_headers(decision: Decision) -> dict[str, str]:
    """Return the pack headers of a decision response (an empty digest where none is known)."""
    return pack_version_headers(
        decision.pack, decision.pack_version, decision.pack_digest
    )


def pack_version_headers(pack: str, version: str, digest: str | None) -> dict[str, str]:
    """Return the pack headers of a decision by this pack version."""
    return dict(zip(PACK_HEADERS, (pack, version, digest or ""), strict=True))


_HEADER_DOCS = {
    name: {"description": text, "schema": {"type": "string"}}
    for name, text in zip(
        PACK_HEADERS,
        (
            "Pack id that decided.",
            "Version of that pack.",
            "SHA-256 of that pack version's content (empty where unknown).",
        ),
        strict=True,
    )
}


DECIDE_OPERATION: dict[str, Any] = {
    "tags": ["decide"],
    "summary": "Decide one call",
    "operationId": "decide_v1_decide_post",
    "parameters": [
        {
            "name": "explain",
            "in": "query",
            "required": False,
            "description": "Add the trace: every rule tried, each condition.",
            "schema": {"type": "boolean", "default": False},
        }
    ],
    "requestBody": {"$ref": "#/components/requestBodies/Call"},
    "responses": {
        "200": {
            "description": "The decision (with `explain=true` its trace too).",
            "headers": _HEADER_DOCS,
            "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/Decision"}
                }
            },
        },
        **{str(k): v for k, v in problem_responses(400, 413, 422, 500, 503).items()},
    },
}

_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def decide_route(state: PackState) -> Route:
    """Return ``POST /v1/decide`` as a plain Starlette route: the hot path skips FastAPI's parameter machinery.

    Its OpenAPI operation is :data:`DECIDE_OPERATION`.
    """

    async def decide(request: Request) -> Response:
        return await decide_response(state, request)

    return Route("/v1/decide", decide, methods=["POST"], name="decide")


async def decide_response(state: PackState, request: Request) -> Response:
    """Decide the request's call; return the decision response with its pack headers.

    Raises:
        flowrules.errors.CallError: If the call (or ``explain``) is invalid.
        flowrules.service.pack_state.NotReadyError: If the packs are not loaded.
        starlette.exceptions.HTTPException: If the body is not JSON or too large.
    """
    engine = state.engine()
    explain = explain_flag(request.query_params.get("explain"))
    call = await read_json(request)
    decision = engine.decide(call, explain=explain)
    return Response(
        decision.model_dump_json(),
        media_type="application/json",
        headers=pack_headers(decision),
    )


def explain_flag(raw: str | None) -> bool:
    """Return the ``explain`` query parameter as a boolean (absent: false).

    Raises:
        flowrules.errors.CallError: If it is not a boolean.
    """
    if raw is None:
        return False
    try:
        return _BOOLEANS[raw.lower()]
    except KeyError:
        problem = CallProblem(
            "query.explain", raw, "must be a boolean", ("true", "false")
        )
        raise CallError([problem]) from None


def decide_router(state: PackState) -> APIRouter:
    """Return the router of the batch endpoint (``/v1/decide`` is :func:`decide_route`)."""
    router = APIRouter(tags=["decide"])

    @router.post(
        BATCH_PATH,
        summary="Decide calls sent as JSON Lines, streaming one line out per line in",
        response_class=BatchResponse,
        status_code=200,
        openapi_extra={
            "requestBody": {
                "required": True,
                "description": "One call (JSON object) per line.",
                "content": {NDJSON: {"schema": {"type": "string"}}},
            }
        },
        responses={
            200: {
                "description": (
                    'One line per input line, in order: a decision with "line", '
                    '{"line": n, "error": [problems]}, {"line": n, "engine_error": text} '
                    'or {"line": n, "blank": true}.'
                ),
                "content": {NDJSON: {"schema": {"type": "string"}}},
            },
            **problem_responses(400, 413, 500, 503),
        },
    )
    async def decide_batch(request: Request) -> BatchResponse:
        if _declares_no_body(request):
            msg = "the batch is empty: send one call (JSON) per line"
            raise InvalidJsonError(msg)
        return BatchResponse(state.engine(), state.settings.max_batch_bytes)

    return router


def _declares_no_body(request: Request) -> bool:
    headers = request.headers
    return headers.get("content-length", "0") == "0" and "chunked" not in headers.get(
        "transfer-encoding", ""
    )


class BatchResponse(Response):
    """Stream the decisions of a JSON Lines body while it is still arriving.

    The response owns the request's ``receive`` channel: Starlette's
    ``StreamingResponse`` listens for a disconnect on it at the same time,
    which would swallow body chunks. Each chunk's complete lines are decided
    in a worker thread, so a long batch never blocks other requests.
    """

    media_type = NDJSON

    def __init__(self, engine: Engine, limit: int) -> None:
        super().__init__(media_type=NDJSON)
        # No Content-Length: the body is streamed (chunked) as lines are decided.
        self.raw_headers = [h for h in self.raw_headers if h[0] != b"content-length"]
        self.engine = engine
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the status, then one output line per input line as the lines come."""
        await send(
            {"type": "http.response.start", "status": 200, "headers": self.raw_headers}
        )
        async for out in self._lines(receive):
            await send({"type": "http.response.body", "body": out, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _lines(self, receive: Receive) -> AsyncIterator[bytes]:
        number, rest, seen = 0, b"", 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            more = message.get("more_body", False)
            body = message.get("body", b"")
            over = seen + len(body) > self.limit
            body = body[: self.limit - seen] if over else body
            seen += len(body)
            lines = (rest + body).split(b"\n")
            rest = lines.pop()
            if not more and not over and rest:
                lines.append(rest)
            if lines:
                out = await anyio.to_thread.run_sync(
                    _decide_lines, self.engine, number, lines
                )
                number += len(lines)
                yield out
            if over:
                yield _too_large(number + 1, self.limit)
                return


def _too_large(number: int, limit: int) -> bytes:
    message = (
        f"the request body is larger than {limit} bytes: "
        "this line and the ones after it were not read"
    )
    problem = CallError([CallProblem("", None, message)])
    return (error_line(number, problem) + "\n").encode()


def _decide_lines(engine: Engine, before: int, lines: list[bytes]) -> bytes:
    out: list[str] = []
    for number, raw in enumerate(lines, before + 1):
        raw = raw.removesuffix(b"\r")
        if number == 1:
            raw = raw.removeprefix(BOM)
        outcome, record = batch_line(engine, number, raw)
        if outcome == "failed":
            _log.error("engine_failed", route=BATCH_PATH, line=number)
        out.append(record + "\n")
    return "".join(out).encode()
