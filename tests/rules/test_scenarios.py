"""Every scenario suite: authored expectations, executor agreement, snapshots, coverage."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from syrupy.extensions.json import JSONSnapshotExtension
from syrupy.filters import props

import flowrules
from flowrules import CallError, PackError
from flowrules.analysis.input_domain import enumerate_calls
from flowrules.analysis.scenario_suite import (
    Scenario,
    Suite,
    check_expectations,
    load_suite,
)
from flowrules.cli.call_errors import danish_call_error
from flowrules.diagnostics import Diagnostic, format_text
from flowrules.engine.call_schema import call_model
from flowrules.engine.call_validation import check_shape, validate_call
from flowrules.engine.compiler import compile_pack
from flowrules.engine.event import build_event
from flowrules.engine.program import evaluate
from tests.conftest import SCENARIOS, requires_durable


def _load() -> tuple[list[Suite], list[Diagnostic]]:
    """Every suite that loads, and the Danish diagnostics of those that do not."""
    suites, problems = [], []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        try:
            suites.append(load_suite(path.relative_to(SCENARIOS.parents[1])))
        except PackError as exc:
            problems.extend(exc.diagnostics)
    return suites, problems


SUITES, SUITE_PROBLEMS = _load()


def _suites() -> list[Suite]:
    return SUITES


def _cases() -> Iterator[tuple[str, Scenario, dict[str, object]]]:
    for suite in _suites():
        for scenario in suite.scenarios:
            yield suite.pack, scenario, {"ordning": suite.pack, **scenario.call}


CASES = list(_cases())
IDS = [f"{pack}.{scenario.id}" for pack, scenario, _ in CASES]


@pytest.fixture
def json_snapshot(snapshot):  # type: ignore[no-untyped-def]
    return snapshot.use_extension(JSONSnapshotExtension)


def test_scenario_files_are_valid():
    """Every scenario file loads; a broken one is reported once, in Danish, at its place."""
    if SUITE_PROBLEMS:
        pytest.fail(format_text(SUITE_PROBLEMS), pytrace=False)


@pytest.mark.parametrize(("pack", "scenario", "call"), CASES, ids=IDS)
def test_scenario(pack, scenario, call, native_engine, json_snapshot):
    """The decision meets the scenario's authored expectations and its snapshot."""
    try:
        decision = native_engine.decide(call)
    except CallError as exc:
        where = f"tests/scenarios/{pack}.yaml, scenariet {scenario.id}"
        pytest.fail(danish_call_error(exc, where), pytrace=False)
    assert pack in (decision.pack, *(r.split(".")[0] for r in decision.routed_from))
    failures = check_expectations(decision, scenario.expect)
    if failures:
        where = f"tests/scenarios/{pack}.yaml, scenariet {scenario.id}:\n  "
        pytest.fail(where + "\n  ".join(failures), pytrace=False)
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
    """Rule coverage is 100 %: every rule, addendum and the fallback is hit.

    A hand-off rule is hit when a routed decision passed through it; the
    fallback needs no scenario when no call of the pack's domain reaches it.
    """
    hit: set[str] = set()
    for name, _, call in CASES:
        if name == pack:
            decision = native_engine.decide(call)
            hit.add(decision.rule_id)
            hit.update(decision.routed_from)
            hit.update(decision.addenda)
    packs = [p for p in native_engine.packs if p.pack == pack]
    expected = {f"{p.pack}.{r.id}" for p in packs for r in (*p.rules, *p.addenda)}
    if f"{pack}.fallback" not in hit and not any(map(_fallback_reachable, packs)):
        # No valid call reaches the fallback (checked over the whole finite
        # domain): there is no scenario to write, and none is invented.
        hit.add(f"{pack}.fallback")
    expected |= {f"{pack}.fallback"}
    assert sorted(expected - hit) == []


def _fallback_reachable(pack) -> bool:  # type: ignore[no-untyped-def]
    """Whether some call of the pack's whole finite input domain reaches its fallback."""
    program = compile_pack(pack)
    model = call_model(pack)
    for call in enumerate_calls(pack):
        event = build_event(pack, validate_call(model, pack, check_shape(call)))
        if evaluate(program, event).rule is None:
            return True
    return False


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
    assert failures[0].startswith("rule: forventede 'afbud_gyldig_grund'")


def test_decisions_are_reproducible(native_engine):
    """Deciding the same call twice gives equal decisions (no clock, no randomness)."""
    _, _, call = CASES[0]
    assert native_engine.decide(call) == native_engine.decide(call)
    assert isinstance(native_engine.decide(call), flowrules.Decision)
