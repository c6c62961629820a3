"""Every scenario suite: authored expectations, executor agreement, snapshots, coverage."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from syrupy.extensions.json import JSONSnapshotExtension
from syrupy.filters import props

import flowrules
from flowrules.analysis.scenario_suite import (
    Scenario,
    Suite,
    check_expectations,
    load_suite,
)
from tests.conftest import SCENARIOS, requires_durable


def _suites() -> list[Suite]:
    return [load_suite(p) for p in sorted(SCENARIOS.glob("*.yaml"))]


def _cases() -> Iterator[tuple[str, Scenario, dict[str, object]]]:
    for suite in _suites():
        for scenario in suite.scenarios:
            yield suite.pack, scenario, {"ordning": suite.pack, **scenario.call}


CASES = list(_cases())
IDS = [f"{pack}.{scenario.id}" for pack, scenario, _ in CASES]


@pytest.fixture
def json_snapshot(snapshot):  # type: ignore[no-untyped-def]
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize(("pack", "scenario", "call"), CASES, ids=IDS)
def test_scenario(pack, scenario, call, native_engine, json_snapshot):
    """The decision meets the scenario's authored expectations and its snapshot."""
    decision = native_engine.decide(call)
    assert decision.pack == pack
    assert check_expectations(decision, scenario.expect) == []
    assert decision.notice == "Vejledning, ikke afgørelse"
    # The digest changes with every edit of the pack; it is checked against the
    # loaded pack here instead of in the snapshot.
    digests = {(i.pack, i.version): i.digest for i in native_engine.pack_info()}
    assert decision.pack_digest == digests[(decision.pack, decision.pack_version)]
    assert decision.model_dump(mode="json") == json_snapshot(
        exclude=props("pack_digest")
    )


@requires_durable
@pytest.mark.parametrize(("pack", "scenario", "call"), CASES, ids=IDS)
def test_executors_agree_on_scenario(
    pack, scenario, call, native_engine, durable_engine
):
    """The durable-rules and native executors give identical decisions."""
    assert durable_engine.decide(call) == native_engine.decide(call)


def test_scenario_ids_are_unique():
    """Scenario ids are unique within a pack, so snapshot names are stable."""
    assert len(IDS) == len(set(IDS))


def test_every_bundled_pack_has_a_suite(native_engine):
    """Each bundled pack has a scenario suite under tests/scenarios/."""
    assert {p.pack for p in native_engine.packs} <= {s.pack for s in _suites()}


@pytest.mark.parametrize("pack", sorted({p for p, _, _ in CASES}))
def test_every_rule_is_hit_by_a_scenario(pack, native_engine):
    """Rule coverage is 100 %: every rule, addendum and the fallback is hit."""
    hit: set[str] = set()
    for name, _, call in CASES:
        if name == pack:
            decision = native_engine.decide(call)
            hit.add(decision.rule_id)
            hit.update(decision.addenda)
    packs = [p for p in native_engine.packs if p.pack == pack]
    expected = {f"{p.pack}.{r.id}" for p in packs for r in (*p.rules, *p.addenda)}
    expected |= {f"{pack}.fallback"}
    assert sorted(expected - hit) == []


def test_expectation_failures_are_reported(native_engine):
    """A wrong expectation produces a readable failure line (the checker can fail)."""
    call = {
        "ordning": "dagpenge",
        "henvendelse": "afbud",
        "grund": "andet",
        "modtaget": "2017-03-07T10:30:00",
    }
    decision = native_engine.decide(call)
    expect = Scenario.model_validate(
        {
            "id": "x",
            "call": {},
            "expect": {
                "rule": "afbud_gyldig_grund",
                "wording_excludes": ["jobcentret"],
                "steps": ["aflys_jobsamtale"],
            },
        }
    ).expect
    failures = check_expectations(decision, expect)
    assert len(failures) == 3
    assert failures[0].startswith("rule: expected 'afbud_gyldig_grund'")


def test_decisions_are_reproducible(native_engine):
    """Deciding the same call twice gives equal decisions (no clock, no randomness)."""
    _, _, call = CASES[0]
    assert native_engine.decide(call) == native_engine.decide(call)
    assert isinstance(native_engine.decide(call), flowrules.Decision)
