"""The ASGI application of ``flowrules serve``: :func:`create_app`.

Routes: ``/v1/decide``, ``/v1/decide/batch``, ``/v1/interview``,
``/v1/packs``, ``/v1/schema/{name}``, ``/healthz``, ``/readyz``,
``/v1/admin/reload``, ``/openapi.json``, ``/docs`` and the call guide at ``/``.
Middleware, outermost first: the access log (ids only), the body limit, the
last-resort 500 problem. ``POST /v1/decide`` is answered before them by
:class:`~flowrules.service.decide_lane.DecideLane`, which does the same in
one piece.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import AsyncIterator
from typing import Any

import structlog
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from flowrules.engine.engine import Engine
from flowrules.errors import PackError
from flowrules.service.access_log import AccessLogMiddleware
from flowrules.service.body_limit import BodyLimitMiddleware
from flowrules.service.decide_lane import DecideLane, ServiceApp
from flowrules.service.decide_routes import decide_route, decide_router
from flowrules.service.info_routes import info_router
from flowrules.service.interview import interview_router
from flowrules.service.openapi_document import build_openapi
from flowrules.service.pack_state import NotReadyError, PackState
from flowrules.service.page import page_router, static_files
from flowrules.service.problems import CatchAllMiddleware, install_problem_handlers
from flowrules.service.settings import ServiceSettings

_log = structlog.get_logger("flowrules.service")


def create_app(
    settings: ServiceSettings | None = None,
    *,
    engine: Engine | None = None,
    handle_sighup: bool = False,
) -> FastAPI:
    """Return the service as an ASGI application.

    Args:
        settings: Packs, limits and admin token (defaults: bundled packs).
        engine: An engine built already; without one, the packs are loaded
            in the background when the application starts (``/readyz``
            answers 503 until then).
        handle_sighup: Reload the packs on SIGHUP (the server process does;
            an embedding application decides for itself).
    """
    settings = settings or ServiceSettings()
    state = PackState(settings, engine)
    app = ServiceApp(
        title="flowrules",
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan(state, handle_sighup),
        # No telemetry pipeline: requests carry call contents.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.packs = state
    install_problem_handlers(app)
    app.router.routes.insert(0, decide_route(state))
    app.include_router(decide_router(state))
    app.include_router(interview_router(state))
    app.include_router(info_router(state))
    app.include_router(page_router(state))
    app.mount("/static", static_files(), name="static")
    _add_docs(app)
    app.openapi = lambda: _openapi(app, state)  # type: ignore[method-assign]  # FastAPI's documented override
    app.add_middleware(CatchAllMiddleware)
    app.add_middleware(
        BodyLimitMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_batch_bytes=settings.max_batch_bytes,
    )
    app.add_middleware(AccessLogMiddleware)
    app.decide_lane = DecideLane(state, settings.max_body_bytes)
    return app


def _openapi(app: FastAPI, state: PackState) -> dict[str, Any]:
    if app.openapi_schema is None:
        from flowrules import __version__

        app.openapi_schema = build_openapi(app, state.engine(), __version__)
    return app.openapi_schema


def _add_docs(app: FastAPI) -> None:
    import swagger_ui_bundle

    app.mount(
        "/docs/assets",
        StaticFiles(directory=swagger_ui_bundle.swagger_ui_path),
        name="docs-assets",
    )

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="flowrules – API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
        )


def _lifespan(state: PackState, handle_sighup: bool) -> Any:
    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        state.start_loading()
        loop = asyncio.get_running_loop()
        installed = handle_sighup and _on_sighup(loop, state)
        try:
            yield
        finally:
            if installed:
                loop.remove_signal_handler(signal.SIGHUP)
            state.close()

    return lifespan


def _on_sighup(loop: asyncio.AbstractEventLoop, state: PackState) -> bool:
    def reload() -> None:
        try:
            refs = state.reload()
        except PackError:
            return  # logged by PackState; the working packs keep serving
        except NotReadyError:
            _log.warning("packs_reload_skipped", reason="not loaded")
            return
        _log.info("packs_reloaded_on_signal", packs=refs)

    try:
        loop.add_signal_handler(
            signal.SIGHUP, lambda: loop.run_in_executor(None, reload)
        )
    except (NotImplementedError, RuntimeError, ValueError):
        return False
    return True


def app_from_environment() -> FastAPI:
    """Return the server's application, configured from ``FLOWRULES_*`` variables (uvicorn factory)."""
    from flowrules.service.server import ENV_LOG_LEVEL, configure_logging

    configure_logging(os.environ.get(ENV_LOG_LEVEL, "info"))
    return create_app(ServiceSettings.from_environment(), handle_sighup=True)
