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

import functools
import time
from urllib.parse import parse_qs

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from flowrules.decision import Decision
from flowrules.service.access_log import log_request
from flowrules.service.body_limit import declared_problem, read_body
from flowrules.service.decide_routes import explain_flag, pack_version_headers
from flowrules.service.pack_state import PackState
from flowrules.service.problems import internal_problem, problem_for
from flowrules.service.request_body import parse_json

PATH = "/v1/decide"
_JSON = (b"content-type", b"application/json")
#: The decision record's JSON, as ``Decision.model_dump_json()`` gives it,
#: without that method's keyword handling on every call.
_to_json = Decision.__pydantic_serializer__.to_json
#: A response as the lane sends it: status, raw headers, body.
_Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


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
            try:
                status, headers, body = await self._answer(scope, receive)
            except Exception as exc:
                response = problem_for(exc, PATH) or internal_problem(PATH, exc)
                status, headers, body = (
                    response.status_code,
                    response.raw_headers,
                    bytes(response.body),
                )
            await send(
                {"type": "http.response.start", "status": status, "headers": headers}
            )
            await send({"type": "http.response.body", "body": body})
        finally:
            log_request("POST", PATH, status, started)

    async def _answer(self, scope: Scope, receive: Receive) -> _Answer:
        """Return the decision's response; raise what the routes raise."""
        refused = declared_problem(scope, self.max_body_bytes)
        if refused is not None:
            return refused.status_code, refused.raw_headers, bytes(refused.body)
        engine = self.state.engine()
        explain = False
        query = scope.get("query_string", b"")
        if query:
            values = parse_qs(query.decode("latin-1")).get("explain")
            explain = explain_flag(values[-1] if values else None)
        call = parse_json(await read_body(receive, self.max_body_bytes))
        decision = engine.decide(call, explain=explain)
        body = _to_json(decision)
        headers = [
            _JSON,
            (b"content-length", str(len(body)).encode()),
            *_pack_header_lines(
                decision.pack, decision.pack_version, decision.pack_digest
            ),
        ]
        return 200, headers, body


@functools.lru_cache(maxsize=256)
def _pack_header_lines(
    pack: str, version: str, digest: str | None
) -> tuple[tuple[bytes, bytes], ...]:
    """The pack headers of a decision of this pack version, as raw header lines."""
    return tuple(
        (name.lower().encode(), value.encode())
        for name, value in pack_version_headers(pack, version, digest).items()
    )


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
