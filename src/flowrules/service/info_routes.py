"""Packs, schemas, health, readiness and the admin reload.

``GET /v1/packs`` lists the loaded pack versions with digest and approval
(:meth:`flowrules.Engine.pack_info`);
``GET /v1/schema/{name}`` serves what ``flowrules schema`` prints;
``POST /v1/admin/reload`` reloads the packs with the admin token (mounted
only when a token is configured).
"""

from __future__ import annotations

import hmac
import os
import signal
from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Header, Request
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from flowrules.engine.engine import Engine
from flowrules.errors import PackError
from flowrules.pack.approvals import PackInfo
from flowrules.service.json_schemas import json_schemas, schema_by_name, schema_names
from flowrules.service.models import (
    Health,
    PackList,
    Readiness,
    ReloadResult,
)
from flowrules.service.pack_state import PackState
from flowrules.service.problems import pack_problem, problem_responses


def pack_versions(engine: Engine) -> list[PackInfo]:
    """Return every loaded pack version with its digest and approval."""
    return list(engine.pack_info())


def info_router(state: PackState) -> APIRouter:
    """Return the router of packs, schemas, health, readiness and reload."""
    router = APIRouter()
    _add_pack_routes(router, state)
    _add_service_routes(router, state)
    return router


def _add_pack_routes(router: APIRouter, state: PackState) -> None:
    """``/v1/packs``, ``/v1/packs/{pack}`` and ``/v1/schema/{name}``."""

    @router.get(
        "/v1/packs",
        tags=["packs"],
        summary="The loaded pack versions",
        responses=problem_responses(500, 503),
    )
    def packs() -> PackList:
        return PackList(packs=pack_versions(state.engine()))

    @router.get(
        "/v1/packs/{pack}",
        tags=["packs"],
        summary="The loaded versions of one pack",
        responses=problem_responses(404, 500, 503),
    )
    def pack(pack: str) -> PackList:
        found = [v for v in pack_versions(state.engine()) if v.pack == pack]
        if not found:
            raise HTTPException(404, "no pack with this id is loaded")
        return PackList(packs=found)

    @router.get(
        "/v1/schema/{name}",
        tags=["packs"],
        summary="A JSON Schema that `flowrules schema` prints",
        description=(
            "`pack`, `call`, `decision`, `calls` (every pack's call by `pack@version`), "
            "`call.<pack>@<version>`, and `interview` where the engine has the interview."
        ),
        responses={
            200: {
                "description": "The JSON Schema.",
                "content": {"application/schema+json": {"schema": {"type": "object"}}},
            },
            **problem_responses(404, 500, 503),
        },
        response_class=JSONResponse,
    )
    def schema(name: str) -> Response:
        schemas = json_schemas(state.engine())
        found = schema_by_name(schemas, name)
        if found is None:
            names = ", ".join(schema_names(schemas))
            raise HTTPException(404, f"no schema with this name; there are: {names}")
        return JSONResponse(found, media_type="application/schema+json")


def _add_service_routes(router: APIRouter, state: PackState) -> None:
    """``/healthz``, ``/readyz`` and, with an admin token, ``/v1/admin/reload``."""

    @router.get("/healthz", tags=["service"], summary="Liveness")
    def healthz() -> Health:
        return Health()

    @router.get(
        "/readyz",
        tags=["service"],
        summary="Readiness: the packs are loaded and compiled",
        responses={503: {"model": Readiness, "description": "Not ready yet."}},
    )
    def readyz() -> Response:
        if not state.ready:
            body = Readiness(ready=False, packs=[], detail=state.error or "loading")
            return JSONResponse(body.model_dump(mode="json"), status_code=503)
        engine = state.engine()
        ready = Readiness(
            ready=True,
            packs=[p.ref for p in engine.packs],
            executor=engine.executor,
        )
        return JSONResponse(ready.model_dump(mode="json"))

    if state.settings.admin_token is None:
        return  # no token, no admin endpoint
    router.add_api_route(
        "/v1/admin/reload",
        _reload_endpoint(state),
        methods=["POST"],
        tags=["service"],
        summary="Reload the packs (admin token); broken packs are refused",
        responses={
            200: {"model": ReloadResult, "description": "The packs were reloaded."},
            202: {
                "model": ReloadResult,
                "description": "Asked the supervisor to reload every worker.",
            },
            **problem_responses(401, 422, 500, 503),
        },
        openapi_extra={"security": [{"adminToken": []}]},
    )


def _reload_endpoint(state: PackState) -> Any:
    async def reload(
        request: Request,
        authorization: str | None = Header(None, include_in_schema=False),
    ) -> Response:
        _check_token(state.settings.admin_token, authorization)
        if state.settings.supervised:
            os.kill(os.getppid(), signal.SIGHUP)
            body = ReloadResult(
                reloaded=False, packs=[p.ref for p in state.engine().packs]
            )
            return JSONResponse(body.model_dump(mode="json"), status_code=202)
        try:
            refs = await anyio.to_thread.run_sync(state.reload)
        except PackError as exc:
            return pack_problem(exc)
        return JSONResponse(
            ReloadResult(reloaded=True, packs=refs).model_dump(mode="json")
        )

    return reload


def _check_token(expected: str | None, authorization: str | None) -> None:
    if expected is None:  # the route is only mounted with a token
        raise HTTPException(404)
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.encode(), expected.encode()
    ):
        raise HTTPException(
            401,
            "a valid admin token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
