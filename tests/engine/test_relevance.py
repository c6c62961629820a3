"""The interview's analysis: classes of whole decisions, flowchart order, memoisation."""

from __future__ import annotations

import flowrules
from flowrules.engine.interview import _fingerprint, _known_values
from flowrules.pack.load import load_pack_text
from tests.conftest import TESTS

GRAENSEFLADE = (TESTS / "data" / "graenseflade_pack.yaml").read_text(encoding="utf-8")
START = {"ordning": "kontanthjaelp", "modtaget": "2017-03-07T10:30:00"}


def _analyse(engine: flowrules.Engine, call: dict, *, whole: bool = True):
    generation = engine._generation
    version, _ = generation.version_for(call)
    values, event = _known_values(generation, version, call)
    fingerprint = _fingerprint(generation, call) if whole else None
    asked = {k for k in call if k in version.pack.facts or k == "valg"}
    return version.relevance.analyse(values, event, asked, fingerprint)


def _engine(text: str) -> flowrules.Engine:
    return flowrules.Engine([load_pack_text(text, "g.yaml")], executor="native")


def test_completions_with_equal_decisions_form_one_outcome():
    """Two values whose labels read alike in the only text that shows them are one outcome."""
    text = (
        GRAENSEFLADE.replace(
            "labels: {sygdom: sygdom, andet: en anden grund}",
            "labels: {sygdom: oplyst, andet: oplyst}",
        )
        .replace(
            "      grund: sygdom\n      dage_til_aftale:",
            "      grund: {exists: true}\n      dage_til_aftale:",
        )
        .replace(
            "til samtalen {aftale_tidspunkt}.",
            "til samtalen {aftale_tidspunkt} ({grund}).",
        )
    )
    call = {
        **START,
        "henvendelse": "afbud_jobsamtale",
        "aftale_tidspunkt": "2017-03-08T09:00:00",
        "sociale_problemer": False,
    }
    found = _analyse(_engine(text), call)
    # grund given (either value, one text) or absent (fallback): two outcomes.
    assert (found.outcomes, found.relevant) == (2, ("grund",))


def test_the_valg_question_comes_last_and_addenda_after_the_rules():
    """Facts of the rules first, then a cross-cutting addendum's, then the choice."""
    engine = _engine(GRAENSEFLADE)
    first = _analyse(engine, {**START, "henvendelse": "ydelse"})
    assert first.question == "svar_fremgaar_af_journal"
    assert first.relevant == ("svar_fremgaar_af_journal", "sociale_problemer", "valg")
    after = _analyse(
        engine, {**START, "henvendelse": "ydelse", "svar_fremgaar_af_journal": False}
    )
    assert after.question == "sociale_problemer"


def test_without_a_fingerprint_only_the_deciding_rule_counts():
    """What a fallback is missing ignores addenda and the choice: only rule changes count."""
    engine = _engine(GRAENSEFLADE)
    found = _analyse(engine, {**START, "henvendelse": "ydelse"}, whole=False)
    assert found.relevant == ("svar_fremgaar_af_journal",)
    assert found.possible == (0, 1)


def test_day_counts_from_the_call_are_analysed_once_for_every_call_time():
    """Dates as offsets from modtaget: another call time reuses the same analysis."""
    engine = _engine(GRAENSEFLADE)
    call = {**START, "henvendelse": "afbud_jobsamtale", "grund": "sygdom"}
    first = _analyse(engine, call)
    later = _analyse(engine, {**call, "modtaget": "2019-11-20T13:05:00"})
    assert later is first
    assert first.relevant == ("aftale_tidspunkt", "sociale_problemer")


def test_the_flowchart_order_is_the_order_the_rules_test_the_facts():
    """Facts in the order the rules first read them, then the rest as declared, valg last."""
    engine = _engine(GRAENSEFLADE)
    version = engine._generation.versions["kontanthjaelp"][0]
    assert list(version.relevance.order) == [
        "henvendelse",
        "svar_fremgaar_af_journal",
        "grund",
        "aftale_tidspunkt",
        "sociale_problemer",
        "valg",
    ]
