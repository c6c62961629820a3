"""The hot path: ``POST /v1/decide`` answered in one piece, before the middleware stack.

A decision costs the engine about 0.05 ms; Starlette's and FastAPI's
middleware, the request and response objects and our own three middlewares
(access log, body limit, last resort), each wrapping ``receive`` or ``send``,
cost more than that again. :class:`ServiceApp` hands ``POST /v1/decide`` to
:class:`DecideLane`, which does the same work in straight-line code: the
same body limit (:mod:`~flowrules.service.body_limit`), the same access log
line (:mod:`~flowrules.service.access_log`), the same problem details and
the same last-resort 500. :func:`~flowrules.service.decide_routes.decide_route`
stays registered for the OpenAPI document and answers only if the lane is
not installed.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs

import structlog
from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from flowrules.errors import CallError, EngineError
from flowrules.service.access_log import log_request
from flowrules.service.body_limit import content_length, read_body
from flowrules.service.decide_routes import explain_flag, pack_headers
from flowrules.service.pack_state import NotReadyError, PackState
from flowrules.service.problems import (
    BODY_TOO_LARGE,
    ENGINE_FAILED,
    call_problem,
    http_problem,
    not_ready_problem,
    problem_response,
)
from flowrules.service.request_body import parse_json

PATH = "/v1/decide"
_log = structlog.get_logger("flowrules.service")
_JSON = [(b"content-type", b"application/json")]


class DecideLane:
    """Answer ``POST /v1/decide``: limit, read, decide, respond, log.

    Args:
        state: The packs being served.
        max_body_bytes: The body limit of one call.
    """

    def __init__(self, state: PackState, max_body_bytes: int) -> None:
        self.state = state
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request and log it; any unexpected failure is a bare 500 problem."""
        started = time.perf_counter_ns()
        status = 500
        try:
            status = await self._answer(scope, receive, send)
        except Exception as exc:  # the last resort, as CatchAllMiddleware
            _log.error("request_failed", route=PATH, error=type(exc).__name__)
            response = problem_response(500, "internal error; the failure was logged")
            await response(scope, receive, send)
        finally:
            log_request("POST", PATH, status, started)

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> int:
        """Send the decision or its problem; return the status sent."""
        limit = self.max_body_bytes
        declared = content_length(scope)
        response: Response
        if declared == -1:
            response = problem_response(400, "the Content-Length header is invalid")
        elif declared is not None and declared > limit:
            response = problem_response(
                413,
                f"the request body is larger than {limit} bytes",
                type_=BODY_TOO_LARGE,
            )
        else:
            try:
                return await self._decide(scope, receive, send)
            except CallError as exc:
                response = call_problem(exc)
            except NotReadyError as exc:
                response = not_ready_problem(exc)
            except HTTPException as exc:  # invalid JSON, body too large
                response = http_problem(exc)
            except EngineError:
                _log.error("engine_failed", route=PATH)
                response = problem_response(
                    500,
                    "the rule engine failed; the failure was logged",
                    type_=ENGINE_FAILED,
                )
        await response(scope, receive, send)
        return response.status_code

    async def _decide(self, scope: Scope, receive: Receive, send: Send) -> int:
        engine = self.state.engine()
        query = scope.get("query_string", b"")
        explain = False
        if query:
            values = parse_qs(query.decode("latin-1")).get("explain")
            explain = explain_flag(values[-1] if values else None)
        call = parse_json(await read_body(receive, self.max_body_bytes))
        decision = engine.decide(call, explain=explain)
        body = decision.model_dump_json().encode()
        headers = [
            *_JSON,
            (b"content-length", str(len(body)).encode()),
            *(
                (k.lower().encode(), v.encode())
                for k, v in pack_headers(decision).items()
            ),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return 200


class ServiceApp(FastAPI):
    """The service's FastAPI application, with ``POST /v1/decide`` on :class:`DecideLane`."""

    decide_lane: DecideLane | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hand ``POST /v1/decide`` to the lane; everything else to FastAPI."""
        lane = self.decide_lane
        if (
            lane is not None
            and scope["type"] == "http"
            and scope["path"] == PATH
            and scope["method"] == "POST"
        ):
            await lane(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
