"""The guided interview on every scenario of the four suites.

Starting from the call type alone, each question is answered from the
scenario's call ("ved ikke" where the call lacks the fact). The interview must
end in the scenario's own decision and must never ask a fact that no answer
could have made a difference to by then.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

import flowrules
from flowrules.engine.fact_domain import ABSENT, as_json, var_values
from flowrules.engine.interview import outcome_key
from flowrules.pack.schema import Pack
from tests.rules.test_scenarios import CASES, IDS

START = ("ordning", "modtaget", "henvendelse")


def _interview(engine: flowrules.Engine, call: dict[str, Any]):
    """Answer each question from ``call``; return the steps and the last answers."""
    partial = {k: call[k] for k in START}
    steps = []
    while True:
        step = engine.interview(partial)
        steps.append((dict(partial), step))
        if step.done:
            return steps, partial
        fact = step.question.fact
        assert fact not in partial, f"{fact} asked twice"
        partial[fact] = call.get(fact)
        assert len(steps) < 40


@pytest.mark.parametrize(("pack", "scenario", "call"), CASES, ids=IDS)
def test_answering_from_the_scenario_reaches_its_decision(
    pack, scenario, call, native_engine
):
    """The interview's decision is the scenario's decision (all but the call record)."""
    steps, _ = _interview(native_engine, call)
    final = steps[-1][1]
    assert final.decision is not None
    assert outcome_key(final.decision) == outcome_key(native_engine.decide(call))


def _parsed(pack: Pack, call: dict[str, Any]) -> dict[str, Any]:
    """The call's dates as date and datetime objects (what day counts are anchored on)."""
    out: dict[str, Any] = {}
    for name, value in call.items():
        fact = pack.facts.get(name)
        if value is None or fact is None or fact.type not in ("date", "datetime"):
            continue
        parse = dt.date if fact.type == "date" else dt.datetime
        out[name] = parse.fromisoformat(value)
    return out


def _differs(engine, pack, partial, fact) -> bool:
    """Whether some other value of ``fact`` alone changes the decision of ``partial``."""
    version = engine._generation.versions[pack][0]
    moment = dt.datetime.fromisoformat(partial["modtaget"])
    base = outcome_key(engine.decide(partial))
    known = _parsed(version.pack, partial)
    for value in var_values(version.pack, fact, moment, known):
        other = {**partial, fact: None if value is ABSENT else as_json(value)}
        if outcome_key(engine.decide(other)) != base:
            return True
    return False


@pytest.mark.parametrize(("pack", "scenario", "call"), CASES, ids=IDS)
def test_every_question_asked_was_relevant_when_asked(
    pack, scenario, call, native_engine
):
    """Each asked fact could change the decision at the moment it was asked (brute force)."""
    steps, _ = _interview(native_engine, call)
    for partial, step in steps[:-1]:
        fact = step.question.fact
        assert fact in step.missing
        # Two completions differing only in `fact` decide differently: search the
        # unknown facts' representatives for one such pair.
        assert _relevant_by_search(native_engine, pack, partial, fact, step.missing)


def _relevant_by_search(engine, pack, partial, fact, missing) -> bool:
    version = engine._generation.versions[pack][0]
    moment = dt.datetime.fromisoformat(partial["modtaget"])
    others = [f for f in missing if f != fact]
    known = _parsed(version.pack, partial)
    domains = [var_values(version.pack, f, moment, known) for f in others]
    for combo in itertools.product(*domains):
        completion = dict(partial)
        for name, value in zip(others, combo, strict=True):
            completion[name] = None if value is ABSENT else as_json(value)
        if _differs(engine, pack, completion, fact):
            return True
    return False
