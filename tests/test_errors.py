"""The exception hierarchy: crosses processes, echoes only bounded, masked values."""

from __future__ import annotations

import concurrent.futures
import copy
import inspect
import json
import multiprocessing
import pickle

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import flowrules
import flowrules.errors as errors_module
from flowrules import (
    CallError,
    EngineError,
    FlowrulesError,
    PackError,
    UnapprovedPackError,
)
from flowrules.errors import MASKED_NOTE, MAX_ECHO, CallProblem, echo_value
from flowrules.pack.load import check_pack
from flowrules.privacy import looks_like_cpr
from tests.conftest import TESTS

BROKEN = TESTS / "pack" / "invalid_packs" / "unknown_wording.yaml"


def _samples() -> dict[type[FlowrulesError], FlowrulesError]:
    return {
        FlowrulesError: FlowrulesError("something failed"),
        PackError: PackError(check_pack(BROKEN)),
        UnapprovedPackError: UnapprovedPackError(check_pack(BROKEN)),
        CallError: CallError(
            [
                CallProblem("grund", "nope", "is not allowed", ("sygdom",)),
                CallProblem("x", 0, "unknown field"),
            ]
        ),
        EngineError: EngineError("executor durable failed on dagpenge@2026.1"),
    }


def test_every_error_of_the_hierarchy_has_a_sample():
    """A new exception class in flowrules.errors must be added to the round-trip tests."""
    defined = {
        cls
        for _, cls in inspect.getmembers(errors_module, inspect.isclass)
        if issubclass(cls, FlowrulesError) and cls.__module__ == errors_module.__name__
    }
    assert defined == set(_samples())


@pytest.mark.parametrize(
    "copier",
    [lambda e: pickle.loads(pickle.dumps(e)), copy.copy, copy.deepcopy],
    ids=["pickle", "copy", "deepcopy"],
)
@pytest.mark.parametrize("cls", list(_samples()), ids=lambda c: c.__name__)
def test_every_error_round_trips(cls, copier):
    """Each error survives pickle, copy and deepcopy with its type, text and data."""
    error = _samples()[cls]
    clone = copier(error)
    assert type(clone) is cls
    assert str(clone) == str(error)
    assert getattr(clone, "problems", None) == getattr(error, "problems", None)
    assert getattr(clone, "diagnostics", None) == getattr(error, "diagnostics", None)


def _decide_rule(call: dict[str, object]) -> str:
    return flowrules.Engine.default(executor="native").decide(call).rule_id


BAD_CALL = {
    "ordning": "dagpenge",
    "henvendelse": "nope",
    "modtaget": "2017-03-07T10:30:00",
}


def test_an_invalid_call_in_a_pool_reaches_the_parent_as_call_error():
    """multiprocessing.Pool.map re-raises the worker's CallError instead of hanging."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        result = pool.map_async(_decide_rule, [BAD_CALL])
        with pytest.raises(CallError) as info:
            result.get(timeout=120)
    assert "henvendelse" in info.value.fields


def test_an_invalid_call_in_a_process_pool_executor_is_its_call_error():
    """ProcessPoolExecutor delivers the CallError with its problems; the pool survives."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        bad = pool.submit(_decide_rule, BAD_CALL)
        with pytest.raises(CallError) as info:
            bad.result(timeout=120)
        good = {**BAD_CALL, "henvendelse": "afbud"}
        assert (
            pool.submit(_decide_rule, good).result(timeout=120).startswith("dagpenge.")
        )
    assert info.value.problems[0].allowed


class Hostile:
    """An object whose every way of being shown raises."""

    def __repr__(self) -> str:
        raise RuntimeError(self.__class__.__name__)

    def __str__(self) -> str:
        raise RuntimeError(self.__class__.__name__)

    def __format__(self, spec: str) -> str:
        raise RuntimeError(spec)


CPR_FORMS = ["0103851234", "010385-1234", "010385 1234", "navn 3112991234 her"]

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30, max_value=10**30 + 10**10),
    st.floats(),
    st.text(),
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)),
    st.sampled_from(CPR_FORMS),
    st.builds(lambda t, c: t + c, st.text(max_size=70), st.sampled_from(CPR_FORMS)),
    st.lists(st.integers(), max_size=3),
    st.just(Hostile()),
)


@given(field=st.one_of(st.text(), st.sampled_from(CPR_FORMS)), value=values)
@example(field="grund", value="x" * 50_000_000)
@example(field="grund", value=10**5000)
@example(field="0103851234", value=float("nan"))
def test_problems_echo_only_bounded_masked_json(field, value):
    """Any field and value: strict JSON, UTF-8, bounded, no CPR-like number, picklable."""
    error = CallError([CallProblem(field, value, "is not allowed", ("a", "b"))])
    text = json.dumps(error.to_json(), ensure_ascii=False, allow_nan=False)
    text.encode("utf-8")
    for shown in (text, str(error)):
        assert not looks_like_cpr(shown)
        assert len(shown) < 6 * MAX_ECHO + 200
    assert pickle.loads(pickle.dumps(error)).to_json() == error.to_json()


def test_masking_is_said_in_the_message():
    """A masked value keeps the field and allowed values and says that it was masked."""
    (data,) = CallError(
        [CallProblem("grund", "010385-1234", "is not allowed", ("sygdom",))]
    ).to_json()
    assert data["field"] == "grund"
    assert data["value"] == "<cpr-nummer fjernet>"
    assert data["message"] == f"is not allowed {MASKED_NOTE}"
    assert data["allowed"] == ["sygdom"]


@pytest.mark.parametrize(
    ("value", "echo"),
    [
        ("Jens Hansen", "<text of 11 characters with spaces, not shown>"),
        (10**5000, "<integer of about 5000 digits>"),
        (float("inf"), "inf"),
        (Hostile(), "<Hostile>"),
        ("\ud800a", "\\ud800a"),
        ("x" * 200, "x" * MAX_ECHO + "…"),
        (1203851234, "<cpr-nummer fjernet>"),
        ("sygdom", "sygdom"),
        (7, 7),
    ],
    ids=[
        "free-text",
        "huge-int",
        "infinity",
        "hostile",
        "surrogate",
        "long",
        "cpr-int",
        "plain",
        "int",
    ],
)
def test_each_kind_of_value_has_its_echo(value, echo):
    """Free text and objects are not shown; numbers and long text are bounded; CPR masked."""
    assert echo_value(value)[0] == echo


def test_many_problems_render_a_bounded_message():
    """str() of a CallError with 64 problems shows 20 and counts the rest."""
    error = CallError([CallProblem(f"f{i}", i, "unknown field") for i in range(64)])
    assert str(error).count("\n") == 21
    assert str(error).endswith("… and 44 more")
    assert len(error.problems) == 64


def test_engine_error_is_a_flowrules_error():
    """EngineError belongs to the hierarchy (one except clause catches everything)."""
    assert issubclass(EngineError, FlowrulesError)
    assert issubclass(CallError, ValueError)
