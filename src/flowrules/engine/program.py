"""The engine-neutral compiled form of a pack and its pure-Python evaluator.

A :class:`Program` holds, for each rule in order, one condition tree over the
flat *event* (see :mod:`flowrules.event`). Trees use only positive atoms and
``All``/``AnyOf``; negation is pushed to the atoms when compiling, so every
executor (:mod:`~flowrules.engine.native_executor`,
:mod:`~flowrules.engine.durable_executor`) evaluates
exactly the same, simple structure.

Atom semantics, with ``v`` the event's value of ``fact``:

========= ==============================================
``eq``    present and ``v == value``
``neq``   present and ``v != value``
``in``    present and ``v`` in ``value``
``nin``   present and ``v`` not in ``value``
``lt`` …  present and ``v < value`` (ints, ISO dates, ``HH:MM:SS``)
``exists`` present
``absent`` not present
========= ==============================================
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeAlias

Scalar: TypeAlias = str | int | bool
Event: TypeAlias = Mapping[str, Any]
Predicate: TypeAlias = Callable[[Event], bool]

#: The marker every event carries and every compiled durable rule tests first.
MARKER_FIELD = "kind"
MARKER_VALUE = "call"

COMPARISONS = ("lt", "lte", "gt", "gte")
OPS = ("eq", "neq", "in", "nin", *COMPARISONS, "exists", "absent")


@dataclass(frozen=True, slots=True)
class Atom:
    """One test of one fact of the event."""

    fact: str
    op: str
    value: Scalar | tuple[Scalar, ...] | None = None


@dataclass(frozen=True, slots=True)
class All:
    """True when every item is true (``All(())`` is true)."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """True when at least one item is true (``AnyOf(())`` is false)."""

    items: tuple[Node, ...]


Node: TypeAlias = Atom | All | AnyOf
TRUE: Node = All(())
FALSE: Node = AnyOf(())

_NEGATED_OP = {
    "eq": "neq",
    "neq": "eq",
    "in": "nin",
    "nin": "in",
    "lt": "gte",
    "gte": "lt",
    "gt": "lte",
    "lte": "gt",
}


def all_of(*items: Node) -> Node:
    """Return the conjunction of ``items``, flattened and simplified."""
    flat: list[Node] = []
    for item in items:
        if isinstance(item, All):
            flat.extend(item.items)
        elif item == FALSE:
            return FALSE
        else:
            flat.append(item)
    return flat[0] if len(flat) == 1 else All(tuple(flat))


def any_of(*items: Node) -> Node:
    """Return the disjunction of ``items``, flattened and simplified."""
    flat: list[Node] = []
    for item in items:
        if isinstance(item, AnyOf):
            flat.extend(item.items)
        elif item == TRUE:
            return TRUE
        else:
            flat.append(item)
    return flat[0] if len(flat) == 1 else AnyOf(tuple(flat))


def negate(node: Node) -> Node:
    """Return the negation of ``node`` with the negation pushed to the atoms."""
    if isinstance(node, All):
        return any_of(*(negate(i) for i in node.items))
    if isinstance(node, AnyOf):
        return all_of(*(negate(i) for i in node.items))
    if node.op == "exists":
        return Atom(node.fact, "absent")
    if node.op == "absent":
        return Atom(node.fact, "exists")
    # not(present and test) == absent or (present and not test)
    return any_of(
        Atom(node.fact, "absent"), Atom(node.fact, _NEGATED_OP[node.op], node.value)
    )


@dataclass(frozen=True, slots=True)
class Check:
    """One condition as the author wrote it, for traces: fact, test and tree."""

    fact: str
    test: Mapping[str, Any]
    node: Node


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule (or addendum) of a program: its id, its tree and its checks."""

    id: str
    node: Node
    checks: tuple[Check, ...]


@dataclass(frozen=True, slots=True)
class Program:
    """The compiled form of one pack version."""

    pack: str
    version: str
    rules: tuple[CompiledRule, ...]
    addenda: tuple[CompiledRule, ...]


class Match(NamedTuple):
    """Which rule decided (``None``: the fallback) and which addenda apply."""

    rule: int | None
    addenda: tuple[int, ...] = ()


def node_facts(node: Node) -> frozenset[str]:
    """Every event fact ``node`` reads."""
    if isinstance(node, Atom):
        return frozenset((node.fact,))
    return frozenset().union(*(node_facts(i) for i in node.items))


def program_facts(program: Program) -> frozenset[str]:
    """Every event fact the rules and addenda of ``program`` read."""
    return frozenset().union(
        *(node_facts(r.node) for r in (*program.rules, *program.addenda))
    )


def compile_predicate(node: Node) -> Predicate:
    """Turn a tree into a fast Python predicate over events."""
    if isinstance(node, All):
        parts = tuple(compile_predicate(i) for i in node.items)
        return lambda e: all(p(e) for p in parts)
    if isinstance(node, AnyOf):
        parts = tuple(compile_predicate(i) for i in node.items)
        return lambda e: any(p(e) for p in parts)
    return _atom_predicate(node)


def _atom_predicate(atom: Atom) -> Predicate:
    fact, value = atom.fact, atom.value
    missing = _MISSING
    match atom.op:
        case "exists":
            return lambda e: fact in e
        case "absent":
            return lambda e: fact not in e
        case "eq":
            return lambda e: _same(e.get(fact, missing), value)
        case "neq":
            return lambda e: (
                (v := e.get(fact, missing)) is not missing and not _same(v, value)
            )
        case "in":
            options = value if isinstance(value, tuple) else (value,)
            return lambda e: any(_same(e.get(fact, missing), o) for o in options)
        case "nin":
            options = value if isinstance(value, tuple) else (value,)
            return lambda e: (
                (v := e.get(fact, missing)) is not missing
                and not any(_same(v, o) for o in options)
            )
        case "lt":
            return lambda e: _comparable(v := e.get(fact, missing), value) and v < value
        case "lte":
            return lambda e: (
                _comparable(v := e.get(fact, missing), value) and v <= value
            )
        case "gt":
            return lambda e: _comparable(v := e.get(fact, missing), value) and v > value
        case "gte":
            return lambda e: (
                _comparable(v := e.get(fact, missing), value) and v >= value
            )
    msg = f"unknown operator in compiled program: {atom.op!r}"
    raise ValueError(msg)


_MISSING: Any = object()


def _same(a: object, b: object) -> bool:
    """Equality that never confuses ``True`` with ``1`` (unlike Python's ``==``)."""
    return type(a) is type(b) and a == b


def _comparable(a: object, b: object) -> bool:
    return a is not _MISSING and type(a) is type(b) and not isinstance(a, bool)


def evaluate(program: Program, event: Event) -> Match:
    """Evaluate ``program`` on ``event`` tree by tree (the reference semantics)."""
    rule = next(
        (i for i, r in enumerate(program.rules) if compile_predicate(r.node)(event)),
        None,
    )
    addenda = tuple(
        i for i, a in enumerate(program.addenda) if compile_predicate(a.node)(event)
    )
    return Match(rule, addenda)


def trace(program: Program, event: Event) -> list[dict[str, Any]]:
    """Return, rule by rule until the first match, each condition and its outcome."""
    steps: list[dict[str, Any]] = []
    for rule in program.rules:
        conditions = [
            {
                "fact": check.fact,
                "test": dict(check.test),
                "value": event.get(check.fact),
                "passed": compile_predicate(check.node)(event),
            }
            for check in rule.checks
        ]
        matched = compile_predicate(rule.node)(event)
        steps.append({"rule_id": rule.id, "matched": matched, "conditions": conditions})
        if matched:
            break
    return steps
