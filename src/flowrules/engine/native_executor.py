"""The native executor: plain Python generated from a :class:`~flowrules.engine.program.Program`.

Each condition tree becomes one Python expression; rules are grouped by the
``henvendelse`` value they require, so a call only tries the rules that can
match its call type, in pack order. The generated code is what a careful
hand-written ``if``/``elif`` dispatch would be. Values in events are
validated, so a fact always has one type; ``True`` is still never taken for
``1``.

:func:`flowrules.engine.program.compile_predicate` remains the reference used for traces
and analysis; the tests check both agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flowrules.engine.program import (
    FALSE,
    All,
    AnyOf,
    Atom,
    Event,
    Match,
    Node,
    Program,
)

_MISSING: Any = object()
_DISPATCH_FACT = "henvendelse"


def _literal(value: object) -> str:
    return repr(value)


def _expression(node: Node) -> str:
    if isinstance(node, All):
        return (
            "(" + " and ".join(_expression(i) for i in node.items) + ")"
            if node.items
            else "True"
        )
    if isinstance(node, AnyOf):
        return (
            "(" + " or ".join(_expression(i) for i in node.items) + ")"
            if node.items
            else "False"
        )
    fact, op, value = repr(node.fact), node.op, node.value
    get = f"g({fact}, M)"
    if op == "exists":
        return f"({fact} in e)"
    if op == "absent":
        return f"({fact} not in e)"
    if op in ("eq", "neq"):
        if isinstance(value, bool):
            test = f"{get} is {value!r}"
            return (
                f"({test})"
                if op == "eq"
                else f"((x := {get}) is not M and x is not {value!r})"
            )
        if isinstance(value, int):
            same = f"((x := {get}).__class__ is int and x == {value!r})"
            return (
                same
                if op == "eq"
                else f"((x := {get}) is not M and not (x.__class__ is int and x == {value!r}))"
            )
        return (
            f"({get} == {_literal(value)})"
            if op == "eq"
            else f"((x := {get}) is not M and x != {_literal(value)})"
        )
    if op in ("in", "nin"):
        options = value if isinstance(value, tuple) else (value,)
        if any(isinstance(o, bool) for o in options) or any(
            isinstance(o, int) for o in options
        ):
            inner = " or ".join(_expression(Atom(node.fact, "eq", o)) for o in options)
            if op == "in":
                return f"({inner})"
            return f"({fact} in e and not ({inner}))"
        # A set display after ``in`` is folded into one frozenset constant.
        as_set = "{" + "".join(f"{_literal(o)}, " for o in options) + "}"
        return (
            f"({get} in {as_set})"
            if op == "in"
            else f"((x := {get}) is not M and x not in {as_set})"
        )
    compare = {"lt": "<", "lte": "<=", "gt": ">", "gte": ">="}[op]
    if isinstance(value, int) and not isinstance(value, bool):
        return f"((x := {get}).__class__ is int and x {compare} {value!r})"
    return f"((x := {get}).__class__ is str and x {compare} {_literal(value)})"


def _required_values(node: Node) -> frozenset[str] | None:
    """The henvendelse values a tree requires, or ``None`` if it requires none."""
    items = node.items if isinstance(node, All) else (node,)
    for item in items:
        if isinstance(item, Atom) and item.fact == _DISPATCH_FACT:
            if item.op == "eq" and isinstance(item.value, str):
                return frozenset((item.value,))
            if item.op == "in" and isinstance(item.value, tuple):
                return frozenset(str(v) for v in item.value)
    return None


def _function(name: str, indexed: list[tuple[int, Node]], *, first: bool) -> str:
    lines = [f"def {name}(e):", "    g = e.get"]
    if first:
        for index, node in indexed:
            lines.append(f"    if {_expression(node)}:\n        return {index}")
        lines.append("    return None")
    else:
        lines.append("    found = []")
        for index, node in indexed:
            lines.append(f"    if {_expression(node)}:\n        found.append({index})")
        lines.append("    return tuple(found)")
    return "\n".join(lines)


def compile_program(program: Program) -> Callable[[Event], Match]:
    """Return a function ``event -> Match`` equivalent to the native evaluator."""
    rules = [(i, r.node) for i, r in enumerate(program.rules) if r.node != FALSE]
    required = {i: _required_values(node) for i, node in rules}
    values = sorted({v for vs in required.values() if vs for v in vs})
    source = [
        _function(
            "_other", [(i, n) for i, n in rules if required[i] is None], first=True
        )
    ]
    table = {}
    for k, value in enumerate(values):
        chosen = [(i, n) for i, n in rules if value in (required[i] or values)]
        source.append(_function(f"_rules_{k}", chosen, first=True))
        table[value] = f"_rules_{k}"
    addenda = [(i, a.node) for i, a in enumerate(program.addenda) if a.node != FALSE]
    source.append(_function("_addenda", addenda, first=False))
    namespace: dict[str, Any] = {"M": _MISSING}
    exec("\n\n".join(source), namespace)
    dispatch: dict[str, Callable[[Event], int | None]] = {
        value: namespace[fn] for value, fn in table.items()
    }
    other = namespace["_other"]
    every = namespace["_addenda"]
    empty = Match(None, ())
    cache: dict[tuple[int | None, tuple[int, ...]], Match] = {}

    def run(event: Event) -> Match:
        rule = dispatch.get(event.get(_DISPATCH_FACT, ""), other)(event)
        found = every(event)
        if rule is None and not found:
            return empty
        key = (rule, found)
        match = cache.get(key)
        if match is None:
            match = cache.setdefault(key, Match(rule, found))
        return match

    return run


class NativeExecutor:
    """Evaluate a :class:`Program` in pure Python: first matching rule wins."""

    name = "native"

    def __init__(self, program: Program) -> None:
        self.run = compile_program(program)  # type: ignore[method-assign,assignment]

    def run(self, event: Event) -> Match:
        """Return the first matching rule and every matching addendum."""
        raise NotImplementedError  # replaced per instance by the generated dispatch

    def close(self) -> None:
        """Release nothing: the native executor holds no outside resources."""
