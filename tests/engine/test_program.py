"""The compiled form: negation, and the durable translation of arbitrary trees."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from flowrules.engine import durable_executor as _durable
from flowrules.engine.durable_ruleset import durable_condition
from flowrules.engine.program import (
    FALSE,
    TRUE,
    All,
    AnyOf,
    Atom,
    CompiledRule,
    Program,
    all_of,
    any_of,
    compile_predicate,
    negate,
)
from tests.conftest import requires_durable

# Each fact has one type, as in a validated event: enum text, int, ISO date, boolean.
DOMAINS = {
    "a": ["x", "y", "z"],
    "b": [0, 1, 2, 27, 28, 29],
    "c": ["2017-03-05", "2017-03-06", "2017-03-07"],
    "d": [True, False],
}
ORDERED = ("b", "c")


@st.composite
def atoms(draw):
    fact = draw(st.sampled_from(sorted(DOMAINS)))
    ops = ["eq", "neq", "in", "nin", "exists", "absent"] + (
        ["lt", "lte", "gt", "gte"] if fact in ORDERED else []
    )
    op = draw(st.sampled_from(ops))
    values = st.sampled_from(DOMAINS[fact])
    if op in ("exists", "absent"):
        return Atom(fact, op)
    if op in ("in", "nin"):
        return Atom(fact, op, tuple(draw(st.lists(values, min_size=1, max_size=3))))
    return Atom(fact, op, draw(values))


trees = st.recursive(
    atoms(),
    lambda kids: st.one_of(
        st.lists(kids, min_size=1, max_size=3).map(lambda xs: all_of(*xs)),
        st.lists(kids, min_size=1, max_size=3).map(lambda xs: any_of(*xs)),
    ),
    max_leaves=8,
)

events = st.fixed_dictionaries(
    {}, optional={f: st.sampled_from(v) for f, v in DOMAINS.items()}
)


@settings(max_examples=500)
@given(tree=trees, event=events)
def test_negate_is_the_exact_complement(tree, event):
    """negate(t) holds exactly when t does not, also for absent facts."""
    event = {"kind": "call", **event}
    assert compile_predicate(negate(tree))(event) is (
        not compile_predicate(tree)(event)
    )


def test_true_and_false_constants():
    """All(()) is true and AnyOf(()) is false on any event."""
    assert compile_predicate(TRUE)({}) is True
    assert compile_predicate(FALSE)({}) is False
    assert isinstance(all_of(Atom("a", "exists"), FALSE), AnyOf)
    assert isinstance(any_of(Atom("a", "exists"), TRUE), All)


def test_booleans_are_not_numbers():
    """True never equals 1 and booleans are not ordered (unlike Python's ==)."""
    assert not compile_predicate(Atom("a", "eq", 1))({"a": True})
    assert not compile_predicate(Atom("a", "lt", 2))({"a": True})


@requires_durable
@settings(max_examples=500)
@given(tree=trees, event=events)
def test_durable_translation_agrees_with_native(tree, event):
    """durable-rules evaluates the JSON translation of any tree as the native evaluator does."""
    if tree == FALSE:
        return
    event = {"kind": "call", **event}
    program = Program("t", "1", (CompiledRule("r", tree, ()),), ())
    executor = _durable.DurableExecutor(program, trial=False)  # 500 tiny programs
    try:
        expected = compile_predicate(tree)(event)
        assert (executor.run(event).rule == 0) is expected, json.dumps(
            durable_condition(tree)
        )
    finally:
        executor.close()
