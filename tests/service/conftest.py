"""Fixtures of the service tests: in-process apps and a real server in a subprocess."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

import flowrules
from flowrules.service import ServiceSettings, create_app
from tests.conftest import RULES, TESTS

SMALL_PACK = TESTS / "data" / "base_pack.yaml"
FLOWRULES = Path(sys.executable).parent / "flowrules"
AFBUD = {
    "ordning": "dagpenge",
    "henvendelse": "afbud",
    "grund": "sygdom",
    "modtaget": "2017-03-07T10:30:00",
}


@pytest.fixture
def small_rules(tmp_path: Path) -> Path:
    """A folder holding a copy of the small test pack (free to edit)."""
    folder = tmp_path / "rules"
    folder.mkdir()
    shutil.copy(SMALL_PACK, folder / "dagpenge.yaml")
    return folder


@pytest.fixture
def small_engine(small_rules: Path) -> Iterator[flowrules.Engine]:
    engine = flowrules.Engine.from_path(small_rules, executor="native")
    yield engine
    engine.close()


def client_for(engine: flowrules.Engine, **settings: object) -> TestClient:
    """An in-process client of the app over ``engine`` (no lifespan: the engine stays open)."""
    app = create_app(ServiceSettings(**settings), engine=engine)  # type: ignore[arg-type]
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def client(small_engine: flowrules.Engine) -> TestClient:
    return client_for(small_engine)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    """A ``flowrules serve`` process on a loopback port."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def events(self) -> list[dict[str, Any]]:
        """The service's JSON log lines so far, parsed (uvicorn's own lines skipped)."""
        return [
            json.loads(line)
            for line in self.log_text().splitlines()
            if line.startswith("{")
        ]

    def wait_for_log(self, needle: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.log_text():
            if time.monotonic() > deadline:
                msg = f"{needle!r} not logged:\n{self.log_text()[-3000:]}"
                raise AssertionError(msg)
            time.sleep(0.1)


def start_server(
    log: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> LiveServer:
    """Start ``flowrules serve`` with ``args`` and wait until /readyz says ready."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:  # the child keeps its own descriptor
        process = subprocess.Popen(
            [str(FLOWRULES), "serve", "--port", str(port), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
    server = LiveServer(url, process, log)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            msg = f"server exited {process.returncode}:\n{server.log_text()}"
            raise AssertionError(msg)
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                return server
        if time.monotonic() > deadline:
            stop_server(server)
            msg = f"server not ready in {timeout} s:\n{server.log_text()}"
            raise AssertionError(msg)
        time.sleep(0.2)


def stop_server(server: LiveServer) -> None:
    """Stop the server's process group: SIGTERM, then SIGKILL after 15 s."""
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(5)


@pytest.fixture(scope="module")
def bundled_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One ``flowrules serve`` over the bundled packs for a test module."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    server = start_server(log, "--rules", str(RULES))
    yield server
    stop_server(server)


AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture
def page(browser, bundled_server):
    """The call guide in a fresh Danish browser context; no request may leave the service."""
    context = browser.new_context(
        bypass_csp=True,
        locale="da-DK",
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith(bundled_server.url) else outside.append(r.url)
        ),
    )
    page.goto(bundled_server.url + "/")
    page.wait_for_selector("body[data-ready='true']")
    yield page
    assert outside == []  # nothing leaves the page but calls to this service
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core (vendored) on the page; return its violations (id, impact, nodes)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))"
    )
    return list(result)


@pytest.fixture(autouse=True)
def _structlog_defaults():
    """Undo what `flowrules` commands run in process configure (they set up structlog)."""
    import structlog

    yield
    structlog.reset_defaults()
