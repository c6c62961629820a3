"""The service in process (ASGI client): decisions, problems, limits, readiness, packs, reload."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from structlog.testing import capture_logs

import flowrules
from flowrules.service import ServiceSettings, create_app
from flowrules.service.json_schemas import json_schemas
from tests.conftest import executor_param
from tests.service.conftest import AFBUD, SMALL_PACK, client_for

PROBLEM = "application/problem+json"


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert "Traceback" not in response.text
    assert "<html" not in response.text.lower()
    return body


class TestDecide:
    def test_decision_is_the_engines_with_pack_headers(self, client, small_engine):
        """POST /v1/decide answers the engine's decision record and names its pack in headers."""
        response = client.post("/v1/decide", json=AFBUD)
        expected = small_engine.decide(AFBUD)
        assert response.status_code == 200
        assert response.json() == expected.model_dump(mode="json")
        assert response.headers["Flowrules-Pack"] == expected.pack
        assert response.headers["Flowrules-Pack-Version"] == expected.pack_version
        assert response.headers["Flowrules-Pack-Digest"] == (expected.pack_digest or "")

    def test_explain_adds_the_trace(self, client):
        """?explain=true adds every rule tried; without it there is no trace."""
        plain = client.post("/v1/decide", json=AFBUD).json()
        explained = client.post("/v1/decide?explain=true", json=AFBUD).json()
        assert plain["trace"] is None
        assert explained["trace"]
        assert explained["trace"][0]["rule_id"].startswith("dagpenge.")

    def test_invalid_call_is_a_422_problem_naming_every_field(
        self, client, small_engine
    ):
        """An invalid call gives the CallError's problems: field, value, message, allowed."""
        call = {**AFBUD, "henvendelse": "nope", "ukendt": 1}
        body = assert_problem(client.post("/v1/decide", json=call), 422)
        with pytest.raises(flowrules.CallError) as error:
            small_engine.decide(call)
        assert body["type"] == "urn:flowrules:problem:invalid-call"
        assert body["problems"] == error.value.to_json()
        assert {p["field"] for p in body["problems"]} >= {"henvendelse", "ukendt"}

    def test_malformed_json_is_a_400_problem_with_its_place(self, client):
        """A body that is not JSON is refused with the line and column of the fault."""
        response = client.post(
            "/v1/decide",
            content=b'{"ordning": }',
            headers={"content-type": "application/json"},
        )
        body = assert_problem(response, 400)
        assert "line 1, column 13" in body["detail"]

    @pytest.mark.parametrize(
        "body",
        [b"", b"[1, 2]", b'"text"', b"\xff\xfe"],
        ids=["empty", "array", "string", "not-utf8"],
    )
    def test_non_object_bodies_are_problems(self, client, body):
        """Empty, non-object and non-UTF-8 bodies give 400 or 422 problems, never a 500."""
        response = client.post("/v1/decide", content=body)
        assert response.status_code in (400, 422)
        assert_problem(response, response.status_code)


class TestInterview:
    def test_the_step_is_the_engines(self, client, small_engine):
        """POST /v1/interview answers Engine.interview()'s step for the partial call."""
        partial = {"ordning": "dagpenge", "modtaget": "2017-03-07T10:30:00"}
        for call in (partial, {**partial, "henvendelse": "afbud"}, AFBUD):
            response = client.post("/v1/interview", json=call)
            assert response.status_code == 200
            assert response.json() == small_engine.interview(call).model_dump(
                mode="json"
            )

    def test_an_invalid_answer_is_a_422_problem(self, client):
        """A known fact with a value the pack does not allow is refused like decide() refuses it."""
        call = {**AFBUD, "grund": "nope"}
        body = assert_problem(client.post("/v1/interview", json=call), 422)
        assert body["problems"][0]["field"] == "grund"


class TestProblems:
    def test_unknown_path_is_a_404_problem(self, client):
        """An unknown path is a problem detail, not an HTML page."""
        assert_problem(client.get("/v1/nothing"), 404)

    def test_wrong_method_is_a_405_problem_with_allow(self, client):
        """A wrong method is a 405 problem that keeps the Allow header."""
        response = client.delete("/v1/decide")
        assert_problem(response, 405)
        assert "POST" in response.headers["allow"]

    def test_bad_query_parameter_is_a_422_problem(self, client):
        """A query parameter of the wrong type is a 422 problem naming it."""
        body = assert_problem(client.post("/v1/decide?explain=maybe", json=AFBUD), 422)
        assert body["problems"][0]["field"] == "query.explain"

    def test_engine_failure_is_a_bare_500_problem(self, small_rules):
        """A failing engine (here: closed) gives a 500 problem without the exception text."""
        engine = flowrules.Engine.from_path(small_rules, executor="native")
        engine.close()
        client = client_for(engine)
        with capture_logs() as logs:
            body = assert_problem(client.post("/v1/decide", json=AFBUD), 500)
        assert "closed" not in body["detail"]
        assert {
            "event": "engine_failed",
            "route": "/v1/decide",
            "log_level": "error",
        } in logs


class TestDocs:
    def test_the_api_page_loads_nothing_from_outside(self, client):
        """/docs uses the Swagger UI assets shipped in the wheel, no CDN."""
        page = client.get("/docs")
        assert page.status_code == 200
        assert "https://" not in page.text
        assert "http://" not in page.text
        assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
        assert client.get("/docs/assets/swagger-ui.css").status_code == 200


class TestBodyLimit:
    def test_declared_length_over_the_limit_is_413(self, small_engine):
        """A Content-Length over the limit is refused with a 413 problem."""
        client = client_for(small_engine, max_body_bytes=100)
        body = assert_problem(
            client.post("/v1/decide", json={**AFBUD, "x": "y" * 200}), 413
        )
        assert "100 bytes" in body["detail"]

    def test_streamed_body_over_the_limit_is_413(self, small_engine):
        """A chunked body is counted as it arrives and refused once over the limit."""
        client = client_for(small_engine, max_body_bytes=100)

        def chunks():
            yield b'{"ordning": "dagpenge", "x": "'
            yield b"y" * 200
            yield b'"}'

        assert_problem(client.post("/v1/decide", content=chunks()), 413)

    def test_the_batch_has_its_own_larger_limit(self, small_engine):
        """A batch larger than one call's limit is accepted up to the batch limit."""
        client = client_for(small_engine, max_body_bytes=300, max_batch_bytes=10_000)
        lines = b"\n".join(json.dumps(AFBUD).encode() for _ in range(10))
        response = client.post("/v1/decide/batch", content=lines)
        assert response.status_code == 200
        assert len(response.text.splitlines()) == 10


class TestReadiness:
    def test_not_ready_until_the_packs_are_loaded(self, small_rules):
        """/readyz and /v1/decide answer 503 until the background load finished; /healthz at once."""
        app = create_app(ServiceSettings(rules=str(small_rules)))
        client = TestClient(app, raise_server_exceptions=False)
        assert client.get("/healthz").json() == {"status": "ok"}
        assert client.get("/readyz").status_code == 503
        body = assert_problem(client.post("/v1/decide", json=AFBUD), 503)
        assert body["type"] == "urn:flowrules:problem:not-ready"
        state = app.state.packs
        state.start_loading()
        assert state.wait_loaded(60)
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json() == {
            "ready": True,
            "packs": ["dagpenge@2026.1"],
            "executor": "native",  # the service's default (settings.DEFAULT_EXECUTOR)
            "detail": None,
        }
        assert client.post("/v1/decide", json=AFBUD).status_code == 200
        state.close()

    @pytest.mark.parametrize("executor", ["durable", "native"])
    def test_readyz_names_the_executor_it_was_given(self, small_rules, executor):
        settings = ServiceSettings(
            rules=str(small_rules), executor=executor_param(executor)
        )
        app = create_app(settings)
        state = app.state.packs
        state.start_loading()
        assert state.wait_loaded(60)
        client = TestClient(app)
        assert client.get("/readyz").json()["executor"] == executor
        state.close()

    def test_broken_packs_keep_it_not_ready_with_the_codes(self, small_rules):
        """A pack that does not load leaves /readyz at 503, naming the diagnostic codes."""
        (small_rules / "dagpenge.yaml").write_text("pack: dagpenge\n", encoding="utf-8")
        app = create_app(ServiceSettings(rules=str(small_rules)))
        with capture_logs() as logs:
            app.state.packs.start_loading()
            app.state.packs.wait_loaded(60)
        ready = TestClient(app).get("/readyz")
        assert ready.status_code == 503
        assert "PK02" in ready.json()["detail"]
        assert logs[0]["event"] == "packs_load_failed"


class TestPacks:
    def test_lists_every_loaded_version(self, client, small_engine):
        """/v1/packs lists each loaded pack version with its validity."""
        [pack] = small_engine.packs
        [info] = client.get("/v1/packs").json()["packs"]
        assert (info["pack"], info["version"], info["title"]) == (
            pack.pack,
            pack.version,
            pack.title,
        )
        assert info["valid_from"] == pack.valid_from.isoformat()
        assert set(info) >= {"digest", "approved", "approval", "valid_to"}

    def test_one_pack_or_404(self, client):
        """/v1/packs/{pack} gives that pack's versions; an unknown pack is a 404 problem."""
        assert [
            p["pack"] for p in client.get("/v1/packs/dagpenge").json()["packs"]
        ] == ["dagpenge"]
        assert_problem(client.get("/v1/packs/kontanthjaelp"), 404)


class TestSchemas:
    def test_each_named_schema_is_served(self, client, small_engine):
        """/v1/schema/{name} serves each schema and each pack's call schema."""
        schemas = json_schemas(small_engine)
        assert client.get("/v1/schema/decision").json() == schemas["decision"]
        assert (
            client.get("/v1/schema/call.dagpenge@2026.1").json()
            == schemas["calls"]["dagpenge@2026.1"]
        )
        body = assert_problem(client.get("/v1/schema/nope"), 404)
        assert "call.dagpenge@2026.1" in body["detail"]


def _bump_version(folder: Path, version: str) -> None:
    path = folder / "dagpenge.yaml"
    text = path.read_text(encoding="utf-8").replace(
        'version: "2026.1"', f'version: "{version}"'
    )
    path.write_text(text, encoding="utf-8")


class TestAdminReload:
    def test_disabled_without_a_token(self, client):
        """Without a configured token there is no reload endpoint (a 404 problem)."""
        assert_problem(client.post("/v1/admin/reload"), 404)

    def test_wrong_token_is_401(self, small_engine):
        """A missing or wrong bearer token is a 401 problem asking for Bearer."""
        client = client_for(small_engine, admin_token="s3cret")
        response = client.post(
            "/v1/admin/reload", headers={"Authorization": "Bearer nope"}
        )
        assert_problem(response, 401)
        assert response.headers["www-authenticate"] == "Bearer"
        assert_problem(client.post("/v1/admin/reload"), 401)

    def test_reload_swaps_the_packs_and_refuses_broken_ones(
        self, small_rules, small_engine
    ):
        """The token reloads edited packs; a broken pack is a 422 problem and the old packs serve on."""
        client = client_for(small_engine, admin_token="s3cret")
        auth = {"Authorization": "Bearer s3cret"}
        _bump_version(small_rules, "2026.2")
        response = client.post("/v1/admin/reload", headers=auth)
        assert response.status_code == 200
        assert response.json() == {"reloaded": True, "packs": ["dagpenge@2026.2"]}
        assert client.post("/v1/decide", json=AFBUD).json()["pack_version"] == "2026.2"
        shutil.copy(SMALL_PACK, small_rules / "dagpenge.yaml")
        with (small_rules / "dagpenge.yaml").open("a", encoding="utf-8") as f:
            f.write("extra_key: 1\n")
        body = assert_problem(client.post("/v1/admin/reload", headers=auth), 422)
        assert body["type"] == "urn:flowrules:problem:packs-refused"
        assert [d["code"] for d in body["diagnostics"]] == ["PK03"]
        assert client.post("/v1/decide", json=AFBUD).json()["pack_version"] == "2026.2"


class TestAccessLog:
    def test_requests_are_logged_by_route_template_without_contents(self, client):
        """Each request logs method, route template, status and duration: no call values, no path as sent."""
        with capture_logs() as logs:
            client.post("/v1/decide", json=AFBUD)
            client.get("/v1/packs/hemmelig-sti")
        handled = [e for e in logs if e["event"] == "request_handled"]
        assert [(e["method"], e["route"], e["status"]) for e in handled] == [
            ("POST", "/v1/decide", 200),
            ("GET", "/v1/packs/{pack}", 404),
        ]
        text = json.dumps(logs, default=str)
        for value in ("sygdom", "hemmelig-sti", "2017-03-07"):
            assert value not in text
