"""Shared fixtures: engines over the tests' own packs and over the bundled packs.

Tests of engine behaviour use the small packs in ``tests/data/`` (``own_engine``,
``ENGINE_PACK``, ``BASE_PACK``), so a content change in ``rules/`` breaks only
``tests/rules/``. ``native_engine``, ``durable_engine`` and ``PACKS`` serve the
tests that run over the bundled packs without depending on their content.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import structlog
from hypothesis import settings

import flowrules
from flowrules.analysis.input_domain import enumerate_calls
from flowrules.diagnostics import format_text
from flowrules.engine import durable_executor as _durable
from flowrules.errors import PackError
from flowrules.lint.seeds import bundled_seeds_dir
from flowrules.pack.load import bundled_rules_dir, load_packs
from flowrules.pack.schema import Pack
from tests import browser as browser_module

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("ci")

TESTS = Path(__file__).parent
RULES = bundled_rules_dir()
SCENARIOS = TESTS / "scenarios"
SEEDS = bundled_seeds_dir()
DATA = TESTS / "data"
BASE_PACK = DATA / "base_pack.yaml"
ENGINE_PACK = DATA / "engine_pack.yaml"


def pack_problems(folder: Path) -> str | None:
    """The diagnostics of the packs in ``folder`` as text, each once; ``None`` if they load."""
    try:
        load_packs(os.path.relpath(folder))
    except PackError as exc:
        return format_text(exc.diagnostics)
    return None


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, with each diagnostic printed once, if a bundled pack is broken.

    Nearly every test uses the bundled packs; without this, one typo in a pack
    would repeat the same diagnostic for every test that needs them.
    """
    problems = pack_problems(RULES)
    if problems:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(problems)
        pytest.exit(
            "de medfølgende regelpakker kan ikke indlæses (fejlene står ovenfor)",
            returncode=1,
        )


try:  # a broken bundled pack is reported by pytest_sessionstart, not as a traceback here
    PACKS = load_packs(RULES)
except PackError:
    PACKS = []
PACK_IDS = [p.pack for p in PACKS]


requires_durable = pytest.mark.skipif(
    not _durable.available(), reason="durable-rules does not import on this Python"
)


@pytest.fixture(autouse=True)
def _reset_structlog() -> Iterator[None]:
    """The CLI configures structlog (the library never does); undo it after each test."""
    yield
    structlog.reset_defaults()


def sample_calls(pack: Pack, every: int = 1, limit: int = 3000) -> list[dict[str, Any]]:
    """Return every ``every``-th call of the pack's finite domain, at most ``limit``."""
    calls = (c for i, c in enumerate(enumerate_calls(pack)) if i % every == 0)
    return [c for _, c in zip(range(limit), calls, strict=False)]


def executor_param(name: str) -> str:
    """Return ``name``, skipping the test when it is durable and durable cannot import."""
    if name == "durable" and not _durable.available():
        pytest.skip("durable-rules does not import on this Python")
    return name


def _open_engine(path: Path, executor: str) -> Iterator[flowrules.Engine]:
    """Yield an engine over ``path`` (durable skipped where it cannot import); close it after."""
    engine = flowrules.Engine.from_path(path, executor=executor_param(executor))
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def native_engine() -> Iterator[flowrules.Engine]:
    yield from _open_engine(RULES, "native")


@pytest.fixture(scope="session")
def durable_engine() -> Iterator[flowrules.Engine]:
    yield from _open_engine(RULES, "durable")


@pytest.fixture(scope="module")
def own_engine() -> Iterator[flowrules.Engine]:
    """A native engine over tests/data/engine_pack.yaml."""
    yield from _open_engine(ENGINE_PACK, "native")


@pytest.fixture(scope="module")
def own_durable_engine() -> Iterator[flowrules.Engine]:
    """A durable engine over tests/data/engine_pack.yaml."""
    yield from _open_engine(ENGINE_PACK, "durable")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (its own browser download cannot work here)."""
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    assert Path(browser_module.CHROMIUM).exists(), (
        "install chromium (apt-get install chromium; .ci/run does)"
    )
    with sync_playwright() as p:
        browser = browser_module.launch(p)
        yield browser
        browser.close()
