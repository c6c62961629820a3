"""`flowrules serve` for real: uvicorn in a subprocess on a loopback port, HTTP to it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time

import httpx
import pytest

from tests.conftest import executor_param
from tests.service.conftest import (
    AFBUD,
    FLOWRULES,
    SMALL_PACK,
    free_port,
    start_server,
    stop_server,
)


def _set_version(folder, version: str) -> None:
    path = folder / "dagpenge.yaml"
    text = SMALL_PACK.read_text(encoding="utf-8")
    path.write_text(
        text.replace('version: "2026.1"', f'version: "{version}"'), encoding="utf-8"
    )


def _break(folder) -> None:
    with (folder / "dagpenge.yaml").open("a", encoding="utf-8") as f:
        f.write("extra_key: 1\n")


def _version(url: str) -> str:
    """The pack version one answer names, or its status while a worker is not ready yet."""
    response = httpx.post(url + "/v1/decide", json=AFBUD, timeout=10)
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.json().get('title')}"
    return response.json()["pack_version"]


def _versions(url: str, tries: int) -> set[str]:
    return {_version(url) for _ in range(tries)}


def _wait_for_versions(url: str, expected: set[str], tries: int = 20) -> None:
    deadline = time.monotonic() + 30
    while (seen := _versions(url, tries)) != expected:
        assert time.monotonic() < deadline, f"still serving {seen}, expected {expected}"
        time.sleep(0.2)


@pytest.fixture
def small_server(tmp_path, small_rules):
    server = start_server(tmp_path / "server.log", "--rules", str(small_rules))
    yield server
    stop_server(server)


def test_serves_decisions_with_headers_and_problems_over_http(small_server):
    """Over real HTTP: a decision with its pack headers, an invalid call and an unknown path as problems."""
    response = httpx.post(small_server.url + "/v1/decide", json=AFBUD)
    assert response.status_code == 200
    assert response.headers["Flowrules-Pack"] == "dagpenge"
    assert response.headers["Flowrules-Pack-Version"] == "2026.1"
    assert "server" not in response.headers
    # The service decides with the native executor unless told otherwise.
    assert httpx.get(small_server.url + "/readyz").json()["executor"] == "native"
    bad = httpx.post(small_server.url + "/v1/decide", json={"ordning": "dagpenge"})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    missing = httpx.get(small_server.url + "/nowhere")
    assert missing.headers["content-type"] == "application/problem+json"
    page = httpx.get(small_server.url + "/")
    assert page.status_code == 200
    assert '<html lang="da">' in page.text


def test_a_streamed_batch_over_http_loses_nothing(small_server):
    """A chunked JSON Lines upload of 2,000 calls streams back 2,000 lines in order."""
    lines = [
        json.dumps({**AFBUD, "grund": ("sygdom", "andet")[i % 2]}) for i in range(2000)
    ]

    def body():
        for start in range(0, len(lines), 250):
            yield ("\n".join(lines[start : start + 250]) + "\n").encode()

    with httpx.stream(
        "POST", small_server.url + "/v1/decide/batch", content=body(), timeout=60
    ) as response:
        rows = [json.loads(line) for line in response.iter_lines() if line]
    assert [r["line"] for r in rows] == list(range(1, 2001))
    assert [r["call"]["grund"] for r in rows] == [json.loads(x)["grund"] for x in lines]


def test_sighup_reloads_and_a_broken_pack_keeps_serving(small_server, small_rules):
    """SIGHUP swaps in edited packs; after a broken edit the last good packs keep serving."""
    _set_version(small_rules, "2026.2")
    small_server.process.send_signal(signal.SIGHUP)
    _wait_for_versions(small_server.url, {"2026.2"}, tries=3)
    _break(small_rules)
    small_server.process.send_signal(signal.SIGHUP)
    small_server.wait_for_log("packs_reload_refused")
    assert _versions(small_server.url, 3) == {"2026.2"}
    assert httpx.get(small_server.url + "/readyz").json()["ready"] is True


def test_access_log_and_events_carry_no_call_contents(small_server):
    """The server's log names routes, statuses and rule ids, never the call's values."""
    call = {**AFBUD, "grund": "andet", "modtaget": "2019-11-05T09:41:00"}
    httpx.post(small_server.url + "/v1/decide", json=call)
    httpx.get(small_server.url + "/v1/packs/opkald-fra-anna")
    small_server.wait_for_log("/v1/packs/{pack}")
    log = small_server.log_text()
    events = small_server.events()
    assert {"decision_made", "request_handled"} <= {e["event"] for e in events}
    assert {"/v1/decide", "/v1/packs/{pack}"} <= {e.get("route") for e in events}
    assert all(e["level"] and e["timestamp"].endswith("Z") for e in events)
    for value in ("andet", "2019-11-05", "09:41", "opkald-fra-anna"):
        assert value not in log


def test_workers_share_the_port_and_all_reload_on_sighup(tmp_path, small_rules):
    """With --workers 2, SIGHUP to the supervisor reloads every worker (none is restarted)."""
    server = start_server(
        tmp_path / "server.log", "--rules", str(small_rules), "--workers", "2"
    )
    try:
        _wait_for_versions(server.url, {"2026.1"})
        _set_version(small_rules, "2026.3")
        server.process.send_signal(signal.SIGHUP)
        _wait_for_versions(server.url, {"2026.3"})
        reloads = [
            e for e in server.events() if e["event"] == "packs_reloaded_on_signal"
        ]
        assert len(reloads) == 2
        assert "restarting processes" not in server.log_text().lower()
    finally:
        stop_server(server)


def test_the_executor_option_reaches_every_worker(tmp_path, small_rules):
    """``--executor durable`` with ``--workers 2``: each worker decides with durable-rules."""
    executor = executor_param("durable")
    server = start_server(
        tmp_path / "server.log",
        *("--rules", str(small_rules), "--workers", "2", "--executor", executor),
    )
    try:
        _wait_for_versions(server.url, {"2026.1"})  # every worker is ready
        answers = {
            httpx.get(server.url + "/readyz").json()["executor"] for _ in range(8)
        }
        assert answers == {"durable"}
        assert httpx.post(server.url + "/v1/decide", json=AFBUD).status_code == 200
    finally:
        stop_server(server)


def test_admin_reload_under_workers_reaches_every_worker(tmp_path, small_rules):
    """The admin endpoint under --workers asks the supervisor, which reloads every worker (202)."""
    (tmp_path / "token").write_text("geheim\n", encoding="utf-8")
    server = start_server(
        tmp_path / "server.log",
        "--rules",
        str(small_rules),
        "--workers",
        "2",
        "--admin-token-file",
        str(tmp_path / "token"),
    )
    try:
        _set_version(small_rules, "2026.4")
        response = httpx.post(
            server.url + "/v1/admin/reload", headers={"Authorization": "Bearer geheim"}
        )
        assert response.status_code == 202
        assert response.json()["reloaded"] is False
        _wait_for_versions(server.url, {"2026.4"})
    finally:
        stop_server(server)


def test_a_broken_pack_stops_serve_before_it_starts(tmp_path, small_rules):
    """`flowrules serve` on a broken pack exits 2 with the Danish diagnostic and binds nothing."""
    _break(small_rules)
    result = subprocess.run(
        [
            str(FLOWRULES),
            "serve",
            "--rules",
            str(small_rules),
            "--port",
            str(free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "PK03" in result.stderr
    assert "dagpenge.yaml:" in result.stderr


def test_serve_refuses_bad_options(small_rules):
    """--workers 0 is refused with exit 2 and a message naming the option."""
    result = subprocess.run(
        [str(FLOWRULES), "serve", "--rules", str(small_rules), "--workers", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ},
    )
    assert result.returncode == 2
    assert '"workers" must be >= 1' in result.stderr


def test_the_library_imports_without_the_server_extra(tmp_path):
    """flowrules (every wing but the service) imports and decides with fastapi, starlette and uvicorn hidden."""
    code = (
        "import sys\n"
        "for name in ('fastapi', 'starlette', 'uvicorn'): sys.modules[name] = None\n"
        "import flowrules, flowrules.cli, flowrules.review, flowrules.analysis\n"
        "print(flowrules.decide({'ordning': 'dagpenge', 'henvendelse': 'afbud', "
        "'grund': 'sygdom', 'modtaget': '2017-03-07T10:30:00'}).notice)\n"
        "from flowrules.cli import main\n"
        "sys.exit(main(['serve']))\n"
    )
    shutil.copy(SMALL_PACK, tmp_path / "x.yaml")
    result = subprocess.run(
        [str(FLOWRULES.parent / "python"), "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Vejledning, ikke afgørelse" in result.stdout
    assert result.returncode == 2
    assert "pip install 'flowrules[server]'" in result.stderr


def test_require_approved_reaches_the_engine(small_rules):
    """--require-approved makes the engine refuse the unapproved test pack, named on stderr."""
    result = subprocess.run(
        [str(FLOWRULES), "serve", "--rules", str(small_rules), "--require-approved"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "dagpenge" in result.stderr  # the unapproved pack is named
    assert "PK" in result.stderr or "godkend" in result.stderr
