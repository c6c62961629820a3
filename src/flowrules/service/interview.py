"""``POST /v1/interview``: the guided interview over HTTP (the one interview-dependent module).

The route hands a partial call to :meth:`flowrules.Engine.interview` and
returns its ``InterviewStep`` as JSON: ``decision`` once no unknown fact can
change the outcome, otherwise the next ``question`` with the facts still
``missing`` and the rules still ``possible`` (SPEC, "Guided interview"). The
service computes nothing of the interview itself.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from fastapi import APIRouter, Request
from starlette.responses import Response

from flowrules.engine.engine import Engine
from flowrules.service.pack_state import PackState
from flowrules.service.problems import problem_responses
from flowrules.service.request_body import read_json


def _interview(engine: Engine, call: Any) -> bytes:
    return engine.interview(call).model_dump_json().encode()


def interview_router(state: PackState) -> APIRouter:
    """Return the router of ``POST /v1/interview``."""
    router = APIRouter()
    step_schema = {"$ref": "#/components/schemas/InterviewStep"}

    @router.post(
        "/v1/interview",
        summary="The next question about a partial call, or its decision",
        tags=["decide"],
        response_class=Response,
        openapi_extra={
            "requestBody": {"$ref": "#/components/requestBodies/PartialCall"}
        },
        responses={
            200: {
                "description": "The interview step: a question, or the decision.",
                "content": {"application/json": {"schema": step_schema}},
            },
            **problem_responses(400, 413, 422, 500, 503),
        },
    )
    async def interview(request: Request) -> Response:
        engine = state.engine()
        call = await read_json(request)
        body = await anyio.to_thread.run_sync(_interview, engine, call)
        return Response(body, media_type="application/json")

    return router
