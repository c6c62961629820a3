"""The hot path of POST /v1/decide answers exactly as the route behind the middleware stack."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from structlog.testing import capture_logs

from flowrules.service import ServiceSettings, create_app
from flowrules.service.decide_lane import ServiceApp
from tests.service.conftest import AFBUD

KEPT_HEADERS = (
    "content-type",
    "retry-after",
    "flowrules-pack",
    "flowrules-pack-version",
    "flowrules-pack-digest",
)


def _chunks():
    yield b'{"ordning": "dagpenge", '
    yield b'"x": "' + b"y" * 400 + b'"}'


REQUESTS = {
    "decision": {"json": AFBUD},
    "explain": {"json": AFBUD, "params": {"explain": "true"}},
    "explain-bad": {"json": AFBUD, "params": {"explain": "kanske"}},
    "invalid-call": {"json": {**AFBUD, "henvendelse": "nope", "ukendt": 1}},
    "cpr-like": {"json": {**AFBUD, "call_id": "010203-1234"}},
    "not-json": {"content": b'{"ordning": }'},
    "empty": {"content": b""},
    "array": {"content": b"[1, 2]"},
    "not-utf8": {"content": b"\xff\xfe"},
    "declared-too-large": {"json": {**AFBUD, "x": "y" * 600}},
    "streamed-too-large": {"content": _chunks},
    "bad-length": {"content": b"{}", "headers": {"content-length": "x"}},
}


def _clients(engine) -> tuple[TestClient, TestClient]:
    settings = ServiceSettings(max_body_bytes=400)
    lane = create_app(settings, engine=engine)
    stack = create_app(settings, engine=engine)
    assert isinstance(stack, ServiceApp)
    assert stack.decide_lane is not None
    stack.decide_lane = None  # the plain route, through every middleware
    return (
        TestClient(lane, raise_server_exceptions=False),
        TestClient(stack, raise_server_exceptions=False),
    )


def _answer(client: TestClient, request: dict) -> tuple[int, dict, object, list]:
    """Status, kept headers, body and log events (without durations and routes)."""
    request = dict(request)
    if callable(request.get("content")):
        request["content"] = request["content"]()
    with capture_logs() as events:
        response = client.post("/v1/decide", **request)
    headers = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
    logged = [{k: v for k, v in e.items() if k != "duration_ms"} for e in events]
    try:
        body: object = response.json()
    except json.JSONDecodeError:
        body = response.text
    return response.status_code, headers, body, logged


@pytest.mark.parametrize("name", list(REQUESTS))
def test_the_lane_answers_and_logs_as_the_route(small_engine, name):
    """Status, headers, body and log events are the same with and without the hot path."""
    lane, stack = _clients(small_engine)
    fast = _answer(lane, REQUESTS[name])
    slow = _answer(stack, REQUESTS[name])
    status, headers, _, logged = fast
    assert logged[-1]["event"] == "request_handled"
    assert logged[-1].pop("route") == "/v1/decide"  # the stack has no route on hand
    slow[3][-1].pop("route")
    assert fast == slow
    assert logged[-1]["status"] == status
    if status == 200:
        assert headers["content-type"] == "application/json"
    else:
        assert headers["content-type"] == "application/problem+json"


def test_other_methods_and_paths_pass_the_lane(small_engine):
    """GET /v1/decide is still a 405 problem, and other routes are FastAPI's."""
    lane, _ = _clients(small_engine)
    assert lane.get("/v1/decide").status_code == 405
    assert lane.get("/healthz").status_code == 200
    trailing = lane.post("/v1/decide/", json=AFBUD, follow_redirects=False)
    assert trailing.status_code == 307  # FastAPI's redirect to the lane
