"""Shared fixtures: engines over the bundled packs, one per executor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog
from hypothesis import settings

import flowrules
from flowrules.engine import durable_executor as _durable
from flowrules.lint.seeds import bundled_seeds_dir
from flowrules.pack.load import bundled_rules_dir

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("ci")

TESTS = Path(__file__).parent
RULES = bundled_rules_dir()
SCENARIOS = TESTS / "scenarios"
SEEDS = bundled_seeds_dir()

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
