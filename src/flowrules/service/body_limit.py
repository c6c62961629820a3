"""Bound request bodies: a declared or streamed body over the limit is a 413 problem.

One call may be at most ``max_body_bytes``; a JSON Lines batch at most
``max_batch_bytes``. A ``Content-Length`` over the limit is refused before
the body is read; a chunked body is counted as it arrives (the batch counts
its own, so that the lines within the limit are still answered).
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flowrules.service.problems import BODY_TOO_LARGE, problem_response

BATCH_PATH = "/v1/decide/batch"


class BodyTooLargeError(HTTPException):
    """The request body is larger than its limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")
        self.limit = limit


class BodyLimitMiddleware:
    """Refuse request bodies over the limit of their path.

    Args:
        app: The application.
        max_body_bytes: Limit of every path but the batch.
        max_batch_bytes: Limit of ``POST /v1/decide/batch``.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int, max_batch_bytes: int):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_batch_bytes = max_batch_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count the body as it is received."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = (
            self.max_batch_bytes if scope["path"] == BATCH_PATH else self.max_body_bytes
        )
        refused = declared_problem(scope, limit)
        if refused is not None:
            await refused(scope, receive, send)
            return
        if scope["path"] == BATCH_PATH:
            # The batch counts its own body: it answers the lines that fit
            # and ends with an error line (see decide_routes.BatchResponse).
            await self.app(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLargeError(limit)
            return message

        await self.app(scope, counted, send)


def declared_problem(scope: Scope, limit: int) -> Response | None:
    """Return the problem of a malformed or too large ``Content-Length``, else ``None``."""
    declared = content_length(scope)
    if declared == -1:
        return problem_response(400, "the Content-Length header is invalid")
    if declared is not None and declared > limit:
        return problem_response(
            413, f"the request body is larger than {limit} bytes", type_=BODY_TOO_LARGE
        )
    return None


async def read_body(receive: Receive, limit: int) -> bytes:
    """Read the whole request body from ``receive``, counting it against ``limit``.

    Raises:
        BodyTooLargeError: If more than ``limit`` bytes arrive.
    """
    chunks: list[bytes] = []
    seen = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break  # the client went away: decide what arrived
        chunk = message.get("body", b"")
        seen += len(chunk)
        if seen > limit:
            raise BodyTooLargeError(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def content_length(scope: Scope) -> int | None:
    """Return the declared body length, ``None`` if none, ``-1`` if malformed."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                length = int(value)
            except ValueError:
                return -1
            return length if length >= 0 else -1
    return None
