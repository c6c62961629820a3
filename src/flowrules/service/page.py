"""``GET /``: the call guide, a Danish page for the employee on the phone.

Server-rendered with Jinja2 (autoescaped); a small script drives the
interview endpoint. Every rule text the employee reads (questions, answers,
wording, macro, steps) comes from the packs through the API or from
``core/names.yaml``; the template holds only the page's own chrome. The page
asks for no CPR number or name and loads nothing from outside this service.
"""

from __future__ import annotations

from importlib import resources

import jinja2
from fastapi import APIRouter
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles

from flowrules.service.pack_state import PackState
from flowrules.service.page_content import load_names, names_path, ordninger

#: The page may load only what this service serves (and run only its own script).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("flowrules.service", "templates"),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
    )


def static_files() -> StaticFiles:
    """Return the page's static assets (shipped inside the package)."""
    folder = resources.files("flowrules.service") / "static"
    return StaticFiles(directory=str(folder))


def page_router(state: PackState) -> APIRouter:
    """Return the router of ``GET /``."""
    router = APIRouter(include_in_schema=False)
    environment = _environment()

    @router.get("/", response_class=HTMLResponse)
    def guide() -> Response:
        if not state.ready:
            html = environment.get_template("loading.html").render(detail=state.error)
            return HTMLResponse(
                html, status_code=503, headers={**_HEADERS, "Refresh": "2"}
            )
        engine = state.engine()
        data = {
            "ordninger": ordninger(engine),
            "names": load_names(names_path(state.settings.rules)),
        }
        html = environment.get_template("guide.html").render(
            ordninger=data["ordninger"], data=data
        )
        return HTMLResponse(html, headers=_HEADERS)

    return router
