"""The fast paths equal the reference paths: validation, generated dispatch, decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flowrules import CallError, Decision
from flowrules.analysis.input_domain import enumerate_calls
from flowrules.engine.call_schema import call_model
from flowrules.engine.call_validation import check_shape, refuse_cpr, validate_call
from flowrules.engine.compiler import compile_pack
from flowrules.engine.datetimes import parse_datetime
from flowrules.engine.decision_builder import DecisionBuilder
from flowrules.engine.event import EventBuilder, build_event, call_record
from flowrules.engine.fast_path import FastPath
from flowrules.engine.native_executor import NativeExecutor
from flowrules.engine.program import evaluate, program_facts
from flowrules.engine.schedules import ScheduleTable, schedule_at
from flowrules.pack.load import load_pack
from flowrules.pack.schema import Pack
from flowrules.vocabulary import CORE_FIELDS
from tests.conftest import ENGINE_PACK, PACK_IDS, PACKS

OWN = load_pack(ENGINE_PACK)
FUZZ_PACKS = [OWN, *PACKS]
FUZZ_IDS = ["engine_pack", *(f"bundled-{i}" for i in PACK_IDS)]


class Paths:
    """The reference and the fast path of one pack, built once."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.model = call_model(pack)
        self.needed = program_facts(compile_pack(pack)) | DecisionBuilder(pack).reads
        self.events = EventBuilder(pack, self.needed)
        self.fast = FastPath(pack, self.events)


PATHS = {id(p): Paths(p) for p in FUZZ_PACKS}

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


def _extras(pack: Pack) -> st.SearchStrategy[dict[str, object]]:
    """Calls of up to five fields: the pack's facts, the core fields, an unknown field, junk."""
    enum_values = sorted({v for f in pack.facts.values() for v in f.values})
    values = st.one_of(
        texts,
        st.booleans(),
        st.integers(-3, 40),
        st.none(),
        st.floats(allow_nan=False),
        st.sampled_from([*enum_values, "crm:4711", "0103851234"]),
    )
    names = sorted({"modtaget", "ukendt", *CORE_FIELDS, *pack.facts})
    return st.dictionaries(st.sampled_from(names), values, max_size=5)


def assert_fast_path_agrees(pack: Pack, extra: dict[str, object]) -> None:
    """Whatever the fast path accepts, the pydantic model accepts: same values, event, record."""
    paths = PATHS[id(pack)]
    raw = {"ordning": pack.pack, **extra}
    received = parse_datetime(raw.get("modtaget"))
    fast = None if received is None else paths.fast(raw, received)
    try:
        data = check_shape(raw)
        refuse_cpr(data)
        slow = validate_call(paths.model, pack, data)
    except CallError:
        assert fast is None
        return
    if fast is not None:
        event = paths.events(slow)
        assert fast.values == slow
        assert fast.event == event
        assert list(fast.event) == list(event)
        record = call_record(pack, slow, event)
        assert fast.call == record
        assert list(fast.call) == list(record)


@pytest.mark.parametrize("pack", FUZZ_PACKS, ids=FUZZ_IDS)
@settings(max_examples=300)
@given(data=st.data())
def test_fast_path_agrees_with_the_reference_path(pack, data):
    """Whatever the fast path accepts, the pydantic model accepts: same values, event, record."""
    assert_fast_path_agrees(pack, data.draw(_extras(pack)))


@pytest.mark.parametrize(
    "extra",
    [
        {"modtaget": "2017-03-07T10:30:00Z", "henvendelse": "afbud"},
        {
            "modtaget": "2017-03-07T10:30:00",
            "henvendelse": "afbud",
            "afmelding_dato": "2017-03-07",
        },
        {
            "modtaget": "2017-03-07T10:30:00",
            "henvendelse": "afbud",
            "behov_for_tolk": 1,
        },
        {"modtaget": "2017-03-07T10:30:00", "henvendelse": "afbud", "grund": None},
        {"modtaget": "2017-03-07T10:30:00", "henvendelse": "afmelding", "x": 1},
        {
            "modtaget": "2017-03-07T10:30:00",
            "henvendelse": "afbud",
            "aftale": "tilbud",
            "aftale_tidspunkt": "2017-03-08T09:00:00+01:00",
            "sygeperiode_til": "2017-03-10",
            "call_id": "crm:4711",
        },
        {
            "modtaget": "2017-03-07T10:30:00",
            "henvendelse": "afbud",
            "grund": "0103851234",
        },
    ],
    ids=[
        "utc-offset",
        "date-fact",
        "int-as-bool",
        "null-fact",
        "unknown-field",
        "core-fields",
        "cpr-like",
    ],
)
def test_fast_path_agrees_on_pinned_calls(extra):
    """Calls that once told the paths apart agree on the own engine pack."""
    assert_fast_path_agrees(OWN, extra)


def test_the_pruned_event_keeps_what_the_rules_and_texts_read():
    """Leaving unread facts out changes no fact that a rule or a text reads."""
    call = {
        "ordning": "dagpenge",
        "henvendelse": "afbud",
        "grund": "andet",
        "modtaget": "2017-03-07T10:30:00",
    }
    paths = PATHS[id(OWN)]
    values = validate_call(paths.model, OWN, call)
    full, pruned = build_event(OWN, values), paths.events(values)
    assert set(pruned) < set(full)
    kept = {
        k: v for k, v in full.items() if k in paths.needed or k in values or k == "kind"
    }
    assert kept == pruned
    assert "modtaget@aabningstid" in pruned


@pytest.mark.parametrize("pack", FUZZ_PACKS, ids=FUZZ_IDS)
def test_generated_dispatch_equals_the_reference_evaluator(pack):
    """The generated Python dispatch picks the same rule and addenda as the tree evaluator."""
    program = compile_pack(pack)
    native = NativeExecutor(program)
    model = call_model(pack)
    for call in enumerate_calls(pack):
        event = build_event(pack, validate_call(model, pack, check_shape(call)))
        assert native.run(event) == evaluate(program, event), call


def test_fast_decision_equals_a_validated_decision(own_engine):
    """A decision built without validation equals the same data validated by pydantic."""
    decision = own_engine.decide(
        {
            "ordning": "dagpenge",
            "henvendelse": "afbud",
            "grund": "sygdom",
            "sociale_problemer": True,
            "modtaget": dt.datetime(2017, 3, 7, 10, 30),
        }
    )
    assert decision.addenda == ["dagpenge.henvis_socialforvaltningen"]
    validated = Decision.model_validate(decision.model_dump())
    assert validated == decision
    assert validated.model_dump(mode="json") == decision.model_dump(mode="json")
    assert decision.model_fields_set == set(Decision.model_fields)


@pytest.mark.parametrize("henvendelse", ["afbud", "raad_og_vejledning"])
def test_decisions_do_not_share_mutable_lists(own_engine, henvendelse):
    """Changing one decision's lists does not change the next decision."""
    call = {
        "ordning": "dagpenge",
        "henvendelse": henvendelse,
        "grund": "sygdom",
        "modtaget": "2017-03-07T10:30:00",
    }
    pristine = own_engine.decide({**call, "sociale_problemer": True})
    first = own_engine.decide({**call, "sociale_problemer": True})
    assert first.addenda
    assert first.sources
    first.steps.append("tampered")
    first.sources.clear()
    first.alternatives.append("tampered")
    first.also_refer_to.clear()
    first.addenda.clear()
    first.call["henvendelse"] = "tampered"
    second = own_engine.decide(call)
    assert "tampered" not in second.steps
    assert second.sources
    again = own_engine.decide({**call, "sociale_problemer": True})
    assert again == pristine
    assert again.also_refer_to == ["socialforvaltningen"]
    assert again.addenda == ["dagpenge.henvis_socialforvaltningen"]


@pytest.mark.parametrize("pack", FUZZ_PACKS, ids=FUZZ_IDS)
@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(
        min_value=dt.datetime(2010, 1, 1), max_value=dt.datetime(2030, 12, 31)
    )
)
def test_schedule_tables_agree_with_schedule_at(pack, moment):
    """Every schedule of every pack: the event's flag is the reference answer."""
    assert_schedule_table_agrees(pack, moment)


def assert_schedule_table_agrees(pack: Pack, moment: dt.datetime) -> None:
    """The ScheduleTable of all ``pack``'s schedules sets each flag as schedule_at says."""
    params = [(k, p) for k, p in pack.parameters.items() if p.type == "schedule"]
    stamp = moment.isoformat(timespec="seconds")
    event: dict[str, object] = {}
    ScheduleTable(params)(event, stamp[:10], moment.weekday(), stamp[11:19])
    assert event == {
        key: schedule_at(param, moment.date(), moment.weekday(), stamp[11:19])
        for key, param in params
    }


def test_fast_path_takes_every_valid_scenario_and_uniform_call():
    """Plain valid calls, with or without undeclared core fields, never need the slow path."""
    from tests.rules.test_call_shape import UNIFORM
    from tests.rules.test_scenarios import CASES

    versions = {p.pack: (p, FastPath(p, EventBuilder(p))) for p in PACKS}
    calls = [call for _, _, call in CASES]
    calls += [
        {**UNIFORM, "ordning": p.pack, "henvendelse": p.facts["henvendelse"].values[0]}
        for p in PACKS
    ]
    for call in calls:
        _, fast = versions[call["ordning"]]
        received = parse_datetime(call["modtaget"])
        assert received is not None
        assert fast(call, received) is not None, call
