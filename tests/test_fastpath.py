"""The fast paths equal the reference paths: validation, generated dispatch, decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from flowrules import CallError, Decision
from flowrules.calls import FastValidator, call_model, check_shape, validate_call
from flowrules.compiler import compile_pack
from flowrules.domain import enumerate_calls
from flowrules.event import build_event
from flowrules.ir import NativeExecutor, evaluate

from .test_packs import PACK_IDS, PACKS

DAGPENGE = next(p for p in PACKS if p.pack == "dagpenge")
MODEL = call_model(DAGPENGE)
FAST = FastValidator(DAGPENGE)

texts = st.one_of(
    st.sampled_from(
        [
            "2017-03-07T10:30:00",
            "2017-03-07 10:30",
            "2017-03-07T10:30:00Z",
            "2017-03-07T10:30:00+02:00",
            "2017-03-07T10:30:00.5",
            "2017-02-30T10:00:00",
            "2017-W10-1",
            "2017-03-07",
            "10:30",
            "",
        ]
    ),
    st.text(max_size=12),
)
values = st.one_of(
    texts,
    st.booleans(),
    st.integers(-3, 40),
    st.none(),
    st.floats(allow_nan=False),
    st.sampled_from(
        [*list(DAGPENGE.facts["henvendelse"].values), "sygdom", "efterloen", "andet"]
    ),
)
fields = st.sampled_from(
    [
        "henvendelse",
        "grund",
        "modtaget",
        "afmelding_dato",
        "afmelding_aarsag",
        "sociale_problemer",
        "behov_for_tolk",
        "opkalder",
        "arbejdstimer_per_uge",
        "ukendt",
    ]
)


@settings(max_examples=1500)
@given(extra=st.dictionaries(fields, values, max_size=5))
@example(extra={"modtaget": "2017-03-07T10:30:00Z", "henvendelse": "afbud"})
@example(
    extra={
        "modtaget": "2017-03-07T10:30:00",
        "henvendelse": "afbud",
        "afmelding_dato": "2017-03-07",
    }
)
@example(
    extra={
        "modtaget": "2017-03-07T10:30:00",
        "henvendelse": "afbud",
        "behov_for_tolk": 1,
    }
)
def test_fast_validator_agrees_with_the_model(extra):
    """Whatever the fast validator accepts, the pydantic model accepts with the same values."""
    data = check_shape({"ordning": "dagpenge", **extra})
    fast = FAST(data)
    try:
        slow = validate_call(MODEL, DAGPENGE, data)
    except CallError:
        assert fast is None
        return
    assert fast is None or fast == slow


@pytest.mark.parametrize("pack", PACKS, ids=PACK_IDS)
def test_generated_dispatch_equals_the_reference_evaluator(pack):
    """The generated Python dispatch picks the same rule and addenda as the tree evaluator."""
    program = compile_pack(pack)
    native = NativeExecutor(program)
    model = call_model(pack)
    for call in enumerate_calls(pack):
        event = build_event(pack, validate_call(model, pack, check_shape(call)))
        assert native.run(event) == evaluate(program, event), call


def test_fast_decision_equals_a_validated_decision(native_engine):
    """A decision built without validation equals the same data validated by pydantic."""
    decision = native_engine.decide(
        {
            "ordning": "dagpenge",
            "henvendelse": "afbud",
            "grund": "sygdom",
            "sociale_problemer": True,
            "modtaget": dt.datetime(2017, 3, 7, 10, 30),
        }
    )
    validated = Decision.model_validate(decision.model_dump())
    assert validated == decision
    assert validated.model_dump(mode="json") == decision.model_dump(mode="json")
    assert decision.model_fields_set == set(Decision.model_fields)


def test_decisions_do_not_share_mutable_lists(native_engine):
    """Changing one decision's lists does not change the next decision."""
    call = {
        "ordning": "dagpenge",
        "henvendelse": "afbud",
        "grund": "sygdom",
        "modtaget": "2017-03-07T10:30:00",
    }
    first = native_engine.decide(call)
    first.steps.append("tampered")
    first.sources.clear()
    second = native_engine.decide(call)
    assert "tampered" not in second.steps
    assert second.sources
