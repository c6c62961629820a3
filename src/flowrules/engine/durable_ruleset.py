"""Translate a compiled program into durable-rules' JSON rulesets (no durable import).

Every rule tests the marker first, ``pri`` is the rule order, and the
catch-all at the largest ``pri`` that does not wrap stands for the fallback;
see ``reference/durable-rules-notes.md`` for why.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import flowrules.engine.program as ir
from flowrules.engine.durable_limits import LimitProblem, ruleset_problems
from flowrules.engine.program import (
    MARKER_FIELD,
    MARKER_VALUE,
    CompiledRule,
    Node,
    Program,
)

#: Priority of the durable catch-all (the largest value that does not wrap).
CATCH_ALL_PRI = 65535


def durable_condition(node: Node) -> dict[str, Any]:
    """Translate a tree into durable-rules' JSON condition language."""
    if isinstance(node, ir.All):
        return {"$and": [durable_condition(i) for i in node.items]}
    if isinstance(node, ir.AnyOf):
        return {"$or": [durable_condition(i) for i in node.items]}
    fact, value = node.fact, node.value
    match node.op:
        case "eq":
            return {fact: value}
        case "neq":
            return {"$neq": {fact: value}}
        case "in":
            return {"$or": [{fact: v} for v in _values(value)]}
        case "nin":
            return {"$and": [{"$neq": {fact: v}} for v in _values(value)]}
        case "exists":
            return {"$ex": {fact: 1}}
        case "absent":
            return {"$nex": {fact: 1}}
        case op if op in ir.COMPARISONS:
            return {f"${op}": {fact: value}}
    msg = f"unknown operator in compiled program: {node.op!r}"
    raise ValueError(msg)


def _values(value: object) -> Iterable[ir.Scalar]:
    return value if isinstance(value, tuple) else (value,)


def durable_ruleset(
    rules: Iterable[CompiledRule], *, catch_all: bool
) -> dict[str, Any]:
    """Return a durable-rules ruleset: one rule per compiled rule, ``pri`` = order.

    Rules whose condition can never hold are left out (an empty ``$or`` is
    accepted silently by durable-rules). Every rule tests the marker first,
    so the session's own state document never matches.
    """
    spec: dict[str, Any] = {}
    for index, rule in enumerate(rules):
        if rule.node == ir.FALSE:
            continue
        tests: list[Any] = [{MARKER_FIELD: MARKER_VALUE}]
        if rule.node != ir.TRUE:
            tests.append(durable_condition(rule.node))
        spec[f"r{index}"] = {"pri": index + 1, "all": [{"m": {"$and": tests}}]}
    if catch_all:
        spec["fallback"] = {
            "pri": CATCH_ALL_PRI,
            "all": [{"m": {MARKER_FIELD: MARKER_VALUE}}],
        }
    return spec


def durable_json(rules: Iterable[CompiledRule], *, catch_all: bool) -> str:
    """Return :func:`durable_ruleset` as JSON text (UTF-8 kept, keys sorted)."""
    return json.dumps(
        durable_ruleset(rules, catch_all=catch_all), ensure_ascii=False, sort_keys=True
    )


def limit_problems(program: Program) -> list[tuple[str, LimitProblem]]:
    """Return ``(kind, problem)`` for every durable-rules limit the program reaches.

    ``kind`` is ``"rules"`` or ``"addenda"``; the problem's rule is ``r<index>``
    into that tuple. Works without durable-rules: it models the network the C
    engine would build (:func:`~flowrules.engine.durable_limits.ruleset_problems`).
    """
    found: list[tuple[str, LimitProblem]] = []
    for kind, rules, catch_all in (
        ("rules", program.rules, True),
        ("addenda", program.addenda, False),
    ):
        if rules:
            spec = durable_ruleset(rules, catch_all=catch_all)
            found += [(kind, p) for p in ruleset_problems(spec)]
    return found


def rule_at(program: Program, kind: str, name: str) -> CompiledRule | None:
    """Return the rule or addendum a ruleset name ``r<index>`` stands for."""
    items = program.rules if kind == "rules" else program.addenda
    index = int(name[1:]) if name[1:].isdigit() else -1
    return items[index] if 0 <= index < len(items) else None


def describe_limits(
    program: Program, problems: Sequence[tuple[str, LimitProblem]]
) -> str:
    """Return an English error message naming each rule past a durable-rules limit."""
    lines = []
    for kind, problem in problems:
        rule = rule_at(program, kind, problem.rule)
        label = "rule" if kind == "rules" else "addendum"
        name = rule.id if rule is not None else problem.rule
        lines.append(f"{label} {name!r}: {problem.describe()}")
    return (
        f"durable-rules cannot run pack {program.pack}@{program.version}: "
        + "; ".join(lines)
        + ". Split or reorder the rules (flowrules check reports them as PK17), "
        "or use executor='native'"
    )
