"""The hot path: ``POST /v1/decide`` answered straight from the ASGI stack.

A decision costs the engine about 0.1 ms; FastAPI's routing, parameter
machinery and exception middleware cost more than that again. This
middleware answers ``POST /v1/decide`` itself, with exactly the route's
behaviour (:func:`~flowrules.service.decide_routes.decide_route` stays
registered for the other methods and the OpenAPI document): the body limit and
the access log around it still apply, and every error is the same problem
detail.
"""

from __future__ import annotations

import structlog
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from flowrules.errors import CallError, EngineError
from flowrules.service.decide_routes import decide_response
from flowrules.service.pack_state import NotReadyError, PackState
from flowrules.service.problems import (
    ENGINE_FAILED,
    call_problem,
    http_problem,
    not_ready_problem,
    problem_response,
)

PATH = "/v1/decide"
_log = structlog.get_logger("flowrules.service")


class _Route:
    """What the access log reads from ``scope["route"]``."""

    path = PATH


class DecideLaneMiddleware:
    """Answer ``POST /v1/decide`` without FastAPI's routing; pass everything else on.

    Args:
        app: The rest of the application.
        state: The packs being served.
    """

    def __init__(self, app: ASGIApp, state: PackState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Decide the call of a ``POST /v1/decide``; hand other requests to the app."""
        if not (
            scope["type"] == "http"
            and scope["path"] == PATH
            and scope["method"] == "POST"
        ):
            await self.app(scope, receive, send)
            return
        scope["route"] = _Route
        request = Request(scope, receive)
        response: Response
        try:
            response = await decide_response(self.state, request)
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
