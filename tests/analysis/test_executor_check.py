"""PK17: flowrules check knows what durable-rules can build and run."""

from __future__ import annotations

import pytest

from flowrules.analysis import executor_check
from flowrules.analysis.executor_check import durable_problems
from flowrules.pack.load import load_pack_source
from tests.conftest import TESTS, requires_durable
from tests.hostile_packs import hostile_pack

CASES = [
    ("siblings", 513, "dagpenge.r511", "512 forskellige test af 'antal'"),
    ("ranges", 70, "dagpenge.r64", "kan være sande på én gang"),
    ("oneof", 130, "dagpenge.r127", "128 alternativer"),
    ("identical", 300, "dagpenge.r255", "256 regler ender på de samme betingelser"),
]


@pytest.mark.parametrize(
    ("kind", "count", "rule", "text"), CASES, ids=[c[0] for c in CASES]
)
def test_packs_past_a_durable_limit_get_pk17_on_the_rule(kind, count, rule, text):
    """Each pack that hung, crashed or failed durable-rules gets a PK17 naming the rule."""
    pack, smap = load_pack_source(hostile_pack(kind, count), "x.yaml")
    found = durable_problems(pack, smap)
    matching = [d for d in found if d.rule == rule and text in d.message]
    assert matching, [d.render() for d in found]
    assert all(d.code == "PK17" and d.severity == "error" for d in found)
    assert matching[0].span.line > 1  # points at the rule's when:


def test_the_base_pack_has_no_pk17():
    """A small ordinary pack is within every limit and builds in the trial."""
    text = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
    pack, smap = load_pack_source(text, "x.yaml")
    assert durable_problems(pack, smap) == []


@requires_durable
def test_a_failed_trial_build_is_a_pk17_for_the_pack(monkeypatch):
    """When the trial build in a child process times out, check reports it at the pack."""
    monkeypatch.setattr(executor_check.durable_executor, "_tried", set())
    monkeypatch.setattr(executor_check.durable_executor, "TRIAL_TIMEOUT_S", 0.001)
    text = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
    pack, smap = load_pack_source(text, "x.yaml")
    [found] = durable_problems(pack, smap)
    assert found.code == "PK17"
    assert "prøvekørsel" in found.message
    assert "did not finish" in found.message
