"""Hand-offs between packs: one decision from the target pack, with routed_from."""

from __future__ import annotations

import pytest

from flowrules import Engine, PackError
from flowrules.engine.routing import hand_on
from flowrules.pack.load import load_packs
from flowrules.pack.schema import ContinueWith
from tests.conftest import TESTS, executor_param, requires_durable

HANDOFF = TESTS / "data" / "handoff"
AFBUD = {
    "ordning": "kontanthjaelp",
    "henvendelse": "afbud_tilbud",
    "grund": "sygdom",
    "modtaget": "2017-03-07T10:30:00",
}


@pytest.fixture(scope="module", params=["native", "durable"])
def engine(request):
    engine = Engine.from_path(HANDOFF, executor=executor_param(request.param))
    yield engine
    engine.close()


class TestRoute:
    def test_hand_off_gives_the_target_packs_decision(self, engine):
        """A hand-off rule's call is decided in the target pack: its rule, steps and texts."""
        decision = engine.decide(AFBUD)
        assert decision.pack == "sygeopfoelgning"
        assert decision.rule_id == "sygeopfoelgning.sygemelding_tilbud"
        assert decision.routed_from == ["kontanthjaelp.afbud_tilbud_sygdom"]
        assert decision.steps == ["journalnotat", "mail_leverandoer"]
        assert "sygemelding" in decision.journal_macro.lower()

    def test_call_record_is_the_call_as_received(self, engine):
        """The decision records the call as the first pack received it, so it reproduces."""
        decision = engine.decide({**AFBUD, "jobplanner_live": True, "call_id": "c-1"})
        assert decision.call["ordning"] == "kontanthjaelp"
        assert decision.call["henvendelse"] == "afbud_tilbud"
        assert decision.call["jobplanner_live"] is True
        assert decision.call_id == "c-1"
        assert engine.decide(decision.call) == decision

    def test_implied_fact_fills_only_what_the_call_lacks(self, engine):
        """`implies` fills a core fact the call does not carry; the call's own value wins."""
        implied = engine.decide({**AFBUD, "henvendelse": "afbud_jobsamtale"})
        assert implied.rule_id == "sygeopfoelgning.sygemelding"
        own = engine.decide(
            {**AFBUD, "henvendelse": "afbud_jobsamtale", "aftale": "tilbud"}
        )
        assert own.rule_id == "sygeopfoelgning.sygemelding_tilbud"

    def test_target_addenda_apply(self, engine):
        """The target pack's addenda apply to a routed call."""
        decision = engine.decide({**AFBUD, "behov_for_tolk": True})
        assert decision.addenda == ["sygeopfoelgning.tolk"]
        assert decision.action_text == (
            "Registrér sygemeldingen og send mail til leverandøren. Tilbyd tolkebistand."
        )

    def test_unrouted_call_has_no_routed_from(self, engine):
        """A call its own pack decides has an empty routed_from."""
        decision = engine.decide({**AFBUD, "grund": "andet"})
        assert decision.rule_id == "kontanthjaelp.afbud_andet"
        assert decision.routed_from == []

    def test_explain_traces_every_pack_passed(self, engine):
        """With explain, the trace covers the source pack's rules and the target's."""
        decision = engine.decide(AFBUD, explain=True)
        tried = [t.rule_id for t in decision.trace or []]
        assert tried == [
            "kontanthjaelp.afbud_sygdom",
            "kontanthjaelp.afbud_tilbud_sygdom",
            "sygeopfoelgning.sygemelding_tilbud",
        ]


@requires_durable
def test_executors_agree_on_routed_calls():
    """Both executors give identical decisions for every routed and unrouted test call."""
    native = Engine.from_path(HANDOFF, executor="native")
    durable = Engine.from_path(HANDOFF, executor="durable")
    try:
        for henvendelse in ("afbud_jobsamtale", "afbud_tilbud", "forsinkelse"):
            for grund in ("sygdom", "andet", None):
                for aftale in ("jobsamtale", "tilbud", "opfoelgning", None):
                    call = {
                        **AFBUD,
                        "henvendelse": henvendelse,
                        "grund": grund,
                        "aftale": aftale,
                    }
                    assert native.decide(call) == durable.decide(call), call
    finally:
        native.close()
        durable.close()


def test_hand_on_replaces_the_call_type_and_keeps_what_the_target_accepts():
    """hand_on replaces ordning and henvendelse, keeps core fields, drops source-only facts."""
    packs = {p.pack: p for p in load_packs(HANDOFF)}
    values = {
        "ordning": "kontanthjaelp",
        "henvendelse": "afbud_tilbud",
        "grund": "sygdom",
        "jobplanner_live": True,
        "call_id": "c-1",
    }
    target = ContinueWith(
        ordning="sygeopfoelgning",
        henvendelse="sygemelding",
        implies={"aftale": "tilbud"},
    )
    assert hand_on(values, target, packs["sygeopfoelgning"]) == {
        "ordning": "sygeopfoelgning",
        "henvendelse": "sygemelding",
        "grund": "sygdom",
        "call_id": "c-1",
        "aftale": "tilbud",
    }


def test_engine_refuses_packs_whose_hand_off_has_no_target():
    """Engine(packs) without the target pack raises PackError with PK18."""
    packs = [p for p in load_packs(HANDOFF) if p.pack == "kontanthjaelp"]
    with pytest.raises(PackError) as info:
        Engine(packs, executor="native")
    assert {d.code for d in info.value.diagnostics} == {"PK18"}
