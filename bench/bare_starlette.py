"""The baseline of bench/serve.py: a bare Starlette endpoint on uvicorn.

``POST /`` reads the body and answers a fixed JSON document (a real decision
record, serialised once), so the comparison with ``POST /v1/decide`` is the
cost of flowrules' service on top of the same HTTP stack, server and body.
Run as ``uvicorn bare_starlette:app`` with ``FLOWRULES_BENCH_BODY`` naming the
file that holds the fixed answer.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

BODY = Path(os.environ["FLOWRULES_BENCH_BODY"]).read_bytes()


async def fixed(request: Request) -> Response:
    await request.body()
    return Response(BODY, media_type="application/json")


app = Starlette(routes=[Route("/", fixed, methods=["POST"])])
