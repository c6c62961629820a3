"""Bad calls never crash the engine: fuzzed calls, nested values, batches."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import flowrules
from flowrules import CallError, Decision
from tests.conftest import PACKS, requires_durable

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=15),
    ),
    lambda kids: st.one_of(
        st.lists(kids, max_size=3),
        st.dictionaries(st.text(max_size=8), kids, max_size=3),
    ),
    max_leaves=10,
)
call_keys = st.sampled_from(
    [
        "ordning",
        "henvendelse",
        "modtaget",
        "grund",
        "afmelding_dato",
        "sociale_problemer",
        "opkalder",
        "aftale",
        "maalgruppe",
        "vurdering",
        "status",
        "sid",
        "id",
        "kind",
        "x",
    ]
)
likely = st.sampled_from(
    [
        "dagpenge",
        "kontanthjaelp",
        "sygedagpenge",
        "sygeopfoelgning",
        "afbud",
        "sygdom",
        "2017-03-07T10:30:00",
        "2017-03-07",
        "2017-03-07T10:30:00+05:00",
        True,
        3,
    ]
)


@settings(max_examples=500)
@given(call=st.dictionaries(call_keys, st.one_of(likely, json_values), max_size=7))
@example(
    call={
        "ordning": "dagpenge",
        "henvendelse": "afbud",
        "modtaget": "2017-03-07T10:30:00",
        "sid": "0",
    }
)
@example(
    call={
        "ordning": "dagpenge",
        "henvendelse": "afbud",
        "modtaget": "0001-01-01T00:00:00+14:00",
    }
)
@example(
    call={
        "ordning": "dagpenge",
        "henvendelse": "afbud",
        "modtaget": "9999-12-31T23:59:59-12:00",
    }
)
@example(call={"ordning": "dagpenge", "henvendelse": "afbud", "modtaget": 1488882600})
@example(call={"ordning": []})
@example(call={"ordning": {"a": 1}, "modtaget": "2017-03-07T10:30:00"})
def test_arbitrary_calls_give_a_decision_or_a_call_error(call, native_engine):
    """decide() on any JSON-like dict returns a Decision or raises CallError, nothing else."""
    try:
        result: object = native_engine.decide(call)
    except CallError as exc:
        result = exc.problems
    assert isinstance(result, Decision) or (
        isinstance(result, tuple) and len(result) > 0
    )


@requires_durable
@settings(max_examples=300)
@given(data=st.data())
def test_executors_agree_on_generated_calls(data, native_engine, durable_engine):
    """Calls built from each pack's own values decide alike with both executors."""
    pack = data.draw(st.sampled_from(PACKS))
    call = {
        "ordning": pack.pack,
        "modtaget": data.draw(
            st.datetimes(dt.datetime(2013, 1, 1), dt.datetime(2020, 12, 31))
        ).isoformat(timespec="seconds"),
    }
    for name, fact in pack.facts.items():
        if fact.derived is not None or not (fact.required or data.draw(st.booleans())):
            continue
        if fact.type == "enum":
            call[name] = data.draw(st.sampled_from(fact.values))
        elif fact.type == "bool":
            call[name] = data.draw(st.booleans())
        elif fact.type == "int":
            call[name] = data.draw(st.integers(-5, 60))
        elif fact.type == "date":
            call[name] = data.draw(
                st.dates(dt.date(2012, 12, 1), dt.date(2021, 2, 1))
            ).isoformat()
        else:
            call[name] = data.draw(
                st.datetimes(dt.datetime(2012, 12, 1), dt.datetime(2021, 2, 1))
            ).isoformat()
    assert durable_engine.decide(call) == native_engine.decide(call)


def test_nested_input_values_are_call_errors(own_engine):
    """A deeply nested value in a call is refused as a CallError for that field."""
    deep: object = "x"
    for _ in range(500):
        deep = [deep]
    with pytest.raises(CallError) as info:
        own_engine.decide(
            {
                "ordning": "dagpenge",
                "henvendelse": deep,
                "modtaget": "2017-03-07T10:30:00",
            }
        )
    assert info.value.fields == ("henvendelse",)


def test_too_many_fields_is_a_call_error(own_engine):
    """A call with hundreds of fields is refused before it reaches an executor."""
    call = {f"f{i}": i for i in range(300)}
    with pytest.raises(CallError, match="at most"):
        own_engine.decide(call)


def test_decide_many_keeps_every_record(own_engine):
    """decide_many yields a decision or the CallError for every input, in order."""
    calls = [
        {
            "ordning": "dagpenge",
            "henvendelse": "afbud",
            "grund": "sygdom",
            "modtaget": "2017-03-07T10:30:00",
        },
        {
            "ordning": "dagpenge",
            "henvendelse": "nope",
            "modtaget": "2017-03-07T10:30:00",
        },
        "not a call",
        {
            "ordning": "dagpenge",
            "henvendelse": "afbud",
            "modtaget": "2017-03-07T10:30:00",
        },
    ]
    results = list(own_engine.decide_many(calls))
    assert [type(r).__name__ for r in results] == [
        "Decision",
        "CallError",
        "CallError",
        "Decision",
    ]
    assert list(own_engine.decide_many(iter([]))) == []
    assert flowrules.Decision is Decision
