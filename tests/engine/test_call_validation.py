"""Hostile calls: only a Decision or a bounded, masked CallError, whatever the input holds."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from flowrules import CallError, Decision
from flowrules.engine import durable_executor as _durable
from flowrules.errors import MAX_ECHO
from flowrules.privacy import looks_like_cpr

CALL = {
    "ordning": "dagpenge",
    "henvendelse": "afbud",
    "grund": "sygdom",
    "modtaget": "2017-03-07T10:30:00",
}


class Raising:
    """A value whose repr, str, hash and comparisons all raise."""

    def _fail(self, *args: object) -> object:
        raise RuntimeError(type(self).__name__)

    __repr__ = __str__ = __hash__ = __eq__ = __lt__ = __bool__ = _fail  # type: ignore[assignment]


class RaisingMapping(Mapping[str, object]):
    """A mapping whose __getitem__ (or __iter__, or __len__) raises."""

    def __init__(self, broken: str) -> None:
        self.broken = broken

    def __getitem__(self, key: str) -> object:
        if self.broken == "getitem":
            raise KeyError(key)
        return CALL[key]

    def __iter__(self) -> Iterator[str]:
        if self.broken == "iter":
            raise RuntimeError(self.broken)
        return iter(CALL)

    def __len__(self) -> int:
        if self.broken == "len":
            raise RuntimeError(self.broken)
        return len(CALL)


RAISING = "<a Raising object>"


def _deep(depth: int) -> object:
    value: object = "x"
    for _ in range(depth):
        value = [value]
    return value


hostile_values = st.one_of(
    st.just(RAISING),  # made a Raising in the test: hypothesis itself calls repr()
    st.integers(min_value=2**53, max_value=10**40) | st.just(10**5000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)),
    st.builds(_deep, st.integers(0, 50_000)),
    st.lists(st.integers(), max_size=5),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=3),
    st.sampled_from(
        ["0103851234", "Jens Hansen", "2017-03-09", 1489050000, "1489050000"]
    ),
)
fields = st.one_of(
    st.sampled_from([*CALL, "afmelding_dato", "aftale_tidspunkt", "behov_for_tolk"]),
    st.text(max_size=8),
    st.text(
        alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1
    ),
    st.sampled_from(["0103851234", "navn Jens Hansen"]),
)


def _outcome(engine: object, call: object) -> Decision | CallError:
    try:
        return engine.decide(call)  # type: ignore[attr-defined]
    except CallError as exc:
        return exc


def _assert_safe(error: CallError) -> None:
    text = json.dumps(error.to_json(), ensure_ascii=False, allow_nan=False)
    text.encode("utf-8")
    assert not looks_like_cpr(text)
    assert not looks_like_cpr(str(error))
    assert all(len(str(p.value)) <= MAX_ECHO + 60 for p in error.problems)


@settings(max_examples=300)
@given(changes=st.dictionaries(fields, hostile_values, min_size=1, max_size=4))
@example(changes={"grund": RAISING})
@example(changes={"\ud800": 1})
@example(changes={"antal": 10**5000})
@example(changes={f"f{i}": i for i in range(4)})
def test_hostile_values_give_a_decision_or_a_safe_call_error(changes, native_engine):
    """Objects that raise, huge numbers, surrogates, deep nesting: Decision or safe CallError."""
    hostile = {k: Raising() if v == RAISING else v for k, v in changes.items()}
    result = _outcome(native_engine, {**CALL, **hostile})
    if isinstance(result, CallError):
        _assert_safe(result)
    else:
        assert isinstance(result, Decision)


@pytest.mark.parametrize("broken", ["getitem", "iter", "len"])
def test_a_mapping_that_raises_is_a_call_error(broken, native_engine):
    """A call object whose own methods raise is the caller's CallError, never another error."""
    with pytest.raises(CallError, match="could not be read"):
        native_engine.decide(RaisingMapping(broken))


def test_a_wide_call_is_refused_before_it_is_read(native_engine):
    """A call with 100,000 fields is refused by its size."""
    with pytest.raises(CallError, match="at most 64 fields"):
        native_engine.decide({f"f{i}": i for i in range(100_000)})


def test_a_lone_surrogate_field_name_is_named_and_explained(native_engine):
    """The field is shown escaped, with what is wrong with it (not field "")."""
    with pytest.raises(CallError) as info:
        native_engine.decide({**CALL, "gr\udcffund": "sygdom"})
    (problem,) = info.value.problems
    assert problem.field == "gr\\udcffund"
    assert "lone surrogate" in problem.message


def test_a_str_subclass_key_is_read_as_its_text(native_engine):
    """A str subclass with a raising __eq__ as a field name is read as plain text."""

    class Key(str):
        def __eq__(self, other: object) -> bool:
            raise RuntimeError(str.__str__(self))

        __hash__ = str.__hash__

    decision = native_engine.decide({**CALL, Key("behov_for_tolk"): True})
    assert decision.call["behov_for_tolk"] is True


@pytest.fixture
def engines(native_engine, request):
    """The native engine, and the durable one where durable-rules imports."""
    if not _durable.available():
        return [native_engine]
    return [native_engine, request.getfixturevalue("durable_engine")]


def test_no_cpr_or_name_probe_comes_back(engines):
    """CPR numbers and names as values and field names of every core field never come back."""
    probes = ["0103851234", "010385-1234", "311299 1234", "Jens Hansen", "Anna Møller"]
    names = [
        *CALL,
        "opkalder",
        "aftale",
        "aftale_tidspunkt",
        "afmelding_dato",
        "status",
    ]
    shown = []
    tried = 0
    for engine in engines:
        for name in names:
            for probe in probes:
                for call in ({**CALL, name: probe}, {**CALL, probe: name}):
                    tried += 1
                    result = _outcome(engine, call)
                    assert isinstance(result, CallError)
                    shown.append(str(result) + json.dumps(result.to_json()))
    leaked = [s for s in shown for p in probes if p in s]
    assert tried >= 100
    assert leaked == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("aftale_tidspunkt", "2017-03-09"),
        ("aftale_tidspunkt", 1489050000),
        ("aftale_tidspunkt", "1489050000"),
        ("aftale_tidspunkt", 1489050000.0),
        ("afmelding_dato", 0),
        ("afmelding_dato", "0"),
        ("afmelding_dato", "2017-03-09T00:00:00"),
        ("afmelding_dato", dt.datetime(2017, 3, 9)),
        ("modtaget", 1489050000),
        ("modtaget", "2017-03-07"),
        ("modtaget", "1489050000"),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, str) else v,
)
def test_dates_and_date_times_are_iso_text_of_their_kind(field, value, native_engine):
    """A date for a date-time, an epoch, a date-time for a date: CallError on that field."""
    call = {
        "ordning": "kontanthjaelp",
        "henvendelse": "afbud_jobsamtale",
        "grund": "sygdom",
        "modtaget": "2017-03-07T10:30:00",
    }
    if field == "afmelding_dato":
        call = {**CALL, "henvendelse": "afmelding", "afmelding_aarsag": "efterloen"}
    with pytest.raises(CallError) as info:
        native_engine.decide({**call, field: value})
    assert info.value.fields == (field,)
    assert "ISO" in info.value.problems[0].message


def test_iso_date_times_of_the_right_kind_still_decide(native_engine):
    """An ISO date-time (with or without seconds, with an offset) and an ISO date decide."""
    call = {
        "ordning": "kontanthjaelp",
        "henvendelse": "afbud_jobsamtale",
        "grund": "sygdom",
        "modtaget": "2017-03-07T10:30Z",
    }
    decision = native_engine.decide({**call, "aftale_tidspunkt": "2017-03-09T10:00"})
    assert decision.call["aftale_tidspunkt"] == "2017-03-09T10:00:00"
    assert decision.call["modtaget"] == "2017-03-07T11:30:00"
    dated = native_engine.decide(
        {
            **CALL,
            "henvendelse": "afmelding",
            "afmelding_aarsag": "efterloen",
            "afmelding_dato": dt.date(2017, 4, 3),
        }
    )
    assert dated.call["afmelding_dato"] == "2017-04-03"
