"""Shared fixtures: engines over the bundled packs, one per executor."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog
from hypothesis import settings

import flowrules
from flowrules.diagnostics import format_text
from flowrules.engine import durable_executor as _durable
from flowrules.errors import PackError
from flowrules.lint.seeds import bundled_seeds_dir
from flowrules.pack.load import bundled_rules_dir, load_packs

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("ci")

TESTS = Path(__file__).parent
RULES = bundled_rules_dir()
SCENARIOS = TESTS / "scenarios"
SEEDS = bundled_seeds_dir()


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


requires_durable = pytest.mark.skipif(
    not _durable.available(), reason="durable-rules does not import on this Python"
)


@pytest.fixture(autouse=True)
def _reset_structlog() -> Iterator[None]:
    """The CLI configures structlog (the library never does); undo it after each test."""
    yield
    structlog.reset_defaults()


@pytest.fixture(scope="session")
def native_engine() -> Iterator[flowrules.Engine]:
    engine = flowrules.Engine.from_path(RULES, executor="native")
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def durable_engine() -> Iterator[flowrules.Engine]:
    if not _durable.available():
        pytest.skip("durable-rules does not import on this Python")
    engine = flowrules.Engine.from_path(RULES, executor="durable")
    yield engine
    engine.close()
