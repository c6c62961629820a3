"""The decision builder: a grænseflade settled by the call's ``valg``."""

from __future__ import annotations

import pytest

import flowrules
from tests.conftest import TESTS

PACK = TESTS / "data" / "graenseflade_pack.yaml"
CALL = {
    "ordning": "kontanthjaelp",
    "henvendelse": "ydelse",
    "modtaget": "2017-03-07T10:30:00",
}


@pytest.fixture(scope="module")
def engine():
    engine = flowrules.Engine.from_path(PACK, executor="native")
    yield engine
    engine.close()


def test_without_valg_the_decision_is_the_graenseflade_with_every_alternative(engine):
    """No valg: the grænseflade itself, listing each alternative with its choice and label."""
    d = engine.decide(CALL)
    assert d.resolution == "graenseflade"
    assert [(a.choice, a.label) for a in d.alternatives] == [
        ("straksafklaring", "afklares i samtalen"),
        ("henvisning", "henvises til Ydelsesservice"),
        ("omstilling", "stilles om"),
    ]


def test_valg_gives_the_chosen_alternatives_whole_outcome(engine):
    """valg: resolution, unit, action, steps, wording and macro are the alternative's own."""
    d = engine.decide({**CALL, "valg": "henvisning"})
    assert (d.rule_id, d.resolution, d.refer_to, d.referral) == (
        "kontanthjaelp.ydelse_graenseflade",
        "straksafklaring",
        "ydelsesservice",
        True,
    )
    assert (d.action, d.action_text, d.steps) == (
        "henvis",
        "Giv telefonnummer og telefontid.",
        [],
    )
    assert d.alternatives == []
    assert d.journal_macro.startswith("Valgt: henvisning til Ydelsesservice.")
    assert d.wording.startswith("Jeg giver dig Ydelsesservices nummer.")
    assert d.call["valg"] == "henvisning"


def test_a_chosen_alternative_keeps_the_rules_action_and_steps_where_it_names_none(
    engine,
):
    """An alternative without action or steps takes the rule's; its texts are its own."""
    d = engine.decide({**CALL, "valg": "omstilling"})
    assert (d.action, d.steps, d.resolution, d.transfer_to) == (
        "vurder",
        ["journalnotat"],
        "omstilling",
        "ydelsesservice",
    )
    assert d.journal_macro.startswith("Valgt: omstilling")


def test_addenda_still_apply_to_a_chosen_alternative(engine):
    """Cross-cutting addenda are added on top of the chosen outcome as on any other."""
    d = engine.decide({**CALL, "valg": "straksafklaring", "sociale_problemer": True})
    assert d.addenda == ["kontanthjaelp.socialforvaltningen"]
    assert d.also_refer_to == ["socialforvaltningen"]
    assert d.resolution == "straksafklaring"


def test_valg_is_ignored_where_the_deciding_rule_is_no_graenseflade(engine):
    """A valg sent with a call that is not a grænseflade is kept in the record only."""
    d = engine.decide({**CALL, "svar_fremgaar_af_journal": True, "valg": "omstilling"})
    assert (d.rule_id, d.resolution) == (
        "kontanthjaelp.ydelse_svar_i_journal",
        "straksafklaring",
    )
    assert d.call["valg"] == "omstilling"


def test_valg_is_validated_against_the_packs_choices(engine):
    """An unknown valg is a CallError naming the allowed choices; null means no choice."""
    with pytest.raises(flowrules.CallError) as info:
        engine.decide({**CALL, "valg": "afslag"})
    (problem,) = info.value.problems
    assert problem.field == "valg"
    assert problem.allowed == ("straksafklaring", "omstilling", "henvisning")
    assert engine.decide({**CALL, "valg": None}).resolution == "graenseflade"


def test_the_fast_path_and_the_reference_path_agree_on_valg(engine):
    """A Call model (reference path) and a plain dict (fast path) give one decision."""
    call = {**CALL, "valg": "henvisning"}
    fast = engine.decide(call)
    slow = engine.decide(flowrules.Call(**call))
    assert fast.model_dump() == slow.model_dump()
