"""The access log: one ``request_handled`` event per request, ids only.

The event names the method, the route *template* (``/v1/packs/{pack}``, never
the path as sent, which could carry anything), the status and the duration.
No query string, no body, no header, no client address: a call's contents
never reach the log (uvicorn's own access log is switched off).
"""

from __future__ import annotations

import time

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_log = structlog.get_logger("flowrules.service")


class AccessLogMiddleware:
    """Log each HTTP request as ``request_handled`` once its response has been sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app and log method, route template, status and duration."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter_ns()
        status = 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            route = scope.get("route")
            log_request(
                scope["method"], getattr(route, "path", "unmatched"), status, started
            )


def log_request(method: str, route: str, status: int, started_ns: int) -> None:
    """Log one ``request_handled`` event (``started_ns`` from :func:`time.perf_counter_ns`)."""
    _log.info(
        "request_handled",
        method=method,
        route=route,
        status=status,
        duration_ms=(time.perf_counter_ns() - started_ns) // 1000 / 1000,
    )
