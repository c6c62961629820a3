"""Shared fixtures: engines over the tests' own packs and over the bundled packs.

Tests of engine behaviour use the small packs in ``tests/data/`` (``own_engine``,
``ENGINE_PACK``, ``BASE_PACK``), so a content change in ``rules/`` breaks only
``tests/rules/``. ``native_engine``, ``durable_engine`` and ``PACKS`` serve the
tests that run over the bundled packs without depending on their content.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

import flowrules
from flowrules.analysis.input_domain import enumerate_calls
from flowrules.engine import durable_executor as _durable
from flowrules.pack.load import bundled_rules_dir, load_packs
from flowrules.pack.schema import Pack

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("ci")

TESTS = Path(__file__).parent
RULES = bundled_rules_dir()
SCENARIOS = TESTS / "scenarios"
DATA = TESTS / "data"
SEEDS = DATA / "seeds"
BASE_PACK = DATA / "base_pack.yaml"
ENGINE_PACK = DATA / "engine_pack.yaml"

PACKS = load_packs(RULES)
PACK_IDS = [p.pack for p in PACKS]

requires_durable = pytest.mark.skipif(
    not _durable.available(), reason="durable-rules does not import on this Python"
)


def sample_calls(pack: Pack, every: int = 1, limit: int = 3000) -> list[dict[str, Any]]:
    """Return every ``every``-th call of the pack's finite domain, at most ``limit``."""
    calls = (c for i, c in enumerate(enumerate_calls(pack)) if i % every == 0)
    return [c for _, c in zip(range(limit), calls, strict=False)]


def executor_param(name: str) -> str:
    """Return ``name``, skipping the test when it is durable and durable cannot import."""
    if name == "durable" and not _durable.available():
        pytest.skip("durable-rules does not import on this Python")
    return name


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


@pytest.fixture(scope="module")
def own_engine() -> Iterator[flowrules.Engine]:
    """A native engine over tests/data/engine_pack.yaml."""
    engine = flowrules.Engine.from_path(ENGINE_PACK, executor="native")
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def own_durable_engine() -> Iterator[flowrules.Engine]:
    """A durable engine over tests/data/engine_pack.yaml."""
    engine = flowrules.Engine.from_path(ENGINE_PACK, executor=executor_param("durable"))
    yield engine
    engine.close()
