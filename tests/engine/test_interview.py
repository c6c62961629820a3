"""Engine.interview(): the next Danish question, or the decision, for a partial call."""

from __future__ import annotations

import pytest

import flowrules
from flowrules import CallError, EngineError, InterviewStep
from flowrules.engine.interview import outcome_key
from tests.conftest import TESTS

PACK = TESTS / "data" / "graenseflade_pack.yaml"
START = {"ordning": "kontanthjaelp", "modtaget": "2017-03-07T10:30:00"}


@pytest.fixture
def engine():
    engine = flowrules.Engine.from_path(PACK, executor="native")
    yield engine
    engine.close()


def test_ordning_is_asked_first_with_the_loaded_packs_as_answers(engine):
    """Without ordning the question is the ordning, answered by the loaded packs."""
    step = engine.interview({})
    assert (step.done, step.question.fact, step.question.type) == (
        False,
        "ordning",
        "enum",
    )
    assert [(a.value, a.label) for a in step.question.answers] == [
        ("kontanthjaelp", "kontanthjælp")
    ]
    assert step.question.unknown_allowed is False
    assert step.missing == ["ordning"]


def test_modtaget_is_asked_before_any_fact_of_the_pack(engine):
    """The call time picks the pack version, so it comes second (a date-time, no answers)."""
    step = engine.interview({"ordning": "kontanthjaelp"})
    assert (step.question.fact, step.question.type, step.question.answers) == (
        "modtaget",
        "datetime",
        [],
    )
    assert step.pack == "kontanthjaelp"
    assert step.pack_version is None


def test_henvendelse_is_asked_third_with_what_every_call_type_leaves_open(engine):
    """The call type: its labels as answers, no "ved ikke", every reachable rule possible."""
    step = engine.interview(START)
    question = step.question
    assert (question.fact, question.text) == (
        "henvendelse",
        "Hvad drejer henvendelsen sig om?",
    )
    assert [a.label for a in question.answers] == [
        "spørgsmål om ydelsen",
        "afbud til jobsamtale",
    ]
    assert (question.unknown_allowed, question.unknown_label) == (False, None)
    assert step.missing[0] == "henvendelse"
    assert set(step.missing) == {
        "henvendelse",
        "svar_fremgaar_af_journal",
        "grund",
        "aftale_tidspunkt",
        "sociale_problemer",
        "valg",
    }
    assert step.possible == [
        "kontanthjaelp.ydelse_svar_i_journal",
        "kontanthjaelp.ydelse_graenseflade",
        "kontanthjaelp.afbud_snart",
        "kontanthjaelp.fallback",
    ]


def test_a_bool_question_has_ja_nej_answers_and_ved_ikke(engine):
    """A pack fact: its Danish question, ja/nej for a bool, and "ved ikke" as it is optional."""
    step = engine.interview({**START, "henvendelse": "ydelse"})
    q = step.question
    assert (q.fact, q.text, q.type) == (
        "svar_fremgaar_af_journal",
        "Fremgår svaret tydeligt af journalen?",
        "bool",
    )
    assert [(a.value, a.label) for a in q.answers] == [(True, "ja"), (False, "nej")]
    assert (q.unknown_allowed, q.unknown_label) == (True, "ved ikke")
    assert step.possible == [
        "kontanthjaelp.ydelse_svar_i_journal",
        "kontanthjaelp.ydelse_graenseflade",
    ]


def test_the_choice_at_a_graenseflade_is_the_last_question_with_each_criterion(engine):
    """Cross-cutting facts first, then valg: each alternative's label and criterion."""
    call = {**START, "henvendelse": "ydelse", "svar_fremgaar_af_journal": None}
    step = engine.interview(call)
    assert step.question.fact == "sociale_problemer"
    assert step.missing == ["sociale_problemer", "valg"]
    step = engine.interview({**call, "sociale_problemer": False})
    q = step.question
    assert q.fact == "valg"
    assert (
        q.text
        == "Hvordan afslutter du henvendelsen efter din konkrete vurdering i samtalen?"
    )
    assert [(a.value, a.label, a.criterion) for a in q.answers] == [
        ("straksafklaring", "afklares i samtalen", "Medarbejderen kan hjælpe."),
        (
            "henvisning",
            "henvises til Ydelsesservice",
            "Standard, når svaret ikke fremgår.",
        ),
        ("omstilling", "stilles om", "Omstilling er mulig."),
    ]
    assert step.possible == ["kontanthjaelp.ydelse_graenseflade"]


def test_answering_valg_gives_the_alternatives_decision_and_ved_ikke_the_graenseflade(
    engine,
):
    """With valg the decision is the chosen outcome; "ved ikke" (None) keeps the grænseflade."""
    call = {
        **START,
        "henvendelse": "ydelse",
        "svar_fremgaar_af_journal": None,
        "sociale_problemer": False,
    }
    chosen = engine.interview({**call, "valg": "henvisning"})
    assert chosen.done
    assert (chosen.decision.resolution, chosen.decision.refer_to) == (
        "straksafklaring",
        "ydelsesservice",
    )
    unknown = engine.interview({**call, "valg": None})
    assert unknown.done
    assert unknown.decision.resolution == "graenseflade"


def test_the_final_decision_is_decide_of_the_answers(engine):
    """Once done, the step's decision is exactly decide() of the same call."""
    call = {**START, "henvendelse": "ydelse", "svar_fremgaar_af_journal": True}
    step = engine.interview({**call, "sociale_problemer": True})
    assert step.done
    assert step.decision == engine.decide({**call, "sociale_problemer": True})
    assert (step.question, step.missing) == (None, [])
    assert step.possible == ["kontanthjaelp.ydelse_svar_i_journal"]


def test_a_date_time_fact_is_asked_without_answers_and_through_its_day_count(engine):
    """The appointment time matters only through the day count; it is asked as a date-time."""
    call = {**START, "henvendelse": "afbud_jobsamtale", "grund": "sygdom"}
    step = engine.interview(call)
    q = step.question
    assert (q.fact, q.type, q.answers, q.unknown_allowed) == (
        "aftale_tidspunkt",
        "datetime",
        [],
        True,
    )
    soon = engine.interview(
        {**call, "aftale_tidspunkt": "2017-03-08T09:00:00", "sociale_problemer": None}
    )
    late = engine.interview(
        {**call, "aftale_tidspunkt": "2017-03-20T09:00:00", "sociale_problemer": None}
    )
    assert (soon.decision.rule_id, late.decision.rule_id) == (
        "kontanthjaelp.afbud_snart",
        "kontanthjaelp.fallback",
    )
    assert late.decision.missing == []


def test_grund_answered_ved_ikke_is_decided_as_absent(engine):
    """A fact answered "ved ikke" is asked and not known: it is not asked again."""
    call = {**START, "henvendelse": "afbud_jobsamtale", "grund": None}
    step = engine.interview(call)
    assert step.question.fact == "sociale_problemer"
    assert "grund" not in step.missing
    assert step.possible == ["kontanthjaelp.fallback"]


def test_the_step_is_json_and_validates_back(engine):
    """model_dump(mode='json') round-trips through InterviewStep, with no Python objects left."""
    import json

    step = engine.interview({**START, "henvendelse": "ydelse"})
    data = json.loads(json.dumps(step.model_dump(mode="json")))
    assert InterviewStep.model_validate(data) == step
    assert data["question"]["answers"][0] == {
        "value": True,
        "label": "ja",
        "criterion": None,
    }


def test_a_call_model_is_accepted_like_a_dict(engine):
    """A flowrules.Call with the known facts gives the same step as the dict."""
    call = {**START, "henvendelse": "ydelse"}
    assert engine.interview(flowrules.Call(**call)) == engine.interview(call)


def test_an_invalid_known_value_is_a_call_error(engine):
    """Known facts are validated as decide() validates them."""
    with pytest.raises(CallError) as info:
        engine.interview({**START, "henvendelse": "ydelse", "grund": "ferie"})
    assert info.value.problems[0].field == "grund"
    with pytest.raises(CallError):
        engine.interview(["not", "a", "call"])
    with pytest.raises(CallError):
        engine.interview({"ordning": "dagpenge", "modtaget": "2017-03-07T10:30:00"})


def test_a_closed_engine_refuses_to_interview(engine):
    """After close() the interview raises EngineError like decide()."""
    engine.close()
    with pytest.raises(EngineError):
        engine.interview(START)


def test_outcome_key_ignores_the_call_record_only(engine):
    """Two decisions of one outcome differ only in the call they record."""
    base = {**START, "henvendelse": "ydelse", "svar_fremgaar_af_journal": True}
    a = engine.decide(base)
    b = engine.decide({**base, "grund": "andet"})
    c = engine.decide({**base, "sociale_problemer": True})
    assert a.call != b.call
    assert outcome_key(a) == outcome_key(b)
    assert outcome_key(a) != outcome_key(c)
