"""Compile packs into the engine-neutral program, and programs into durable JSON.

Parameters are expanded by date: a condition ``lte: {param: p}`` becomes "the
call's date lies in version *k*'s validity and the fact is ≤ version *k*'s
value" for each version. Schedules (``within``/``outside``) become a test of
the boolean event fact ``<fact>@<schedule>`` that
:mod:`flowrules.schedule` computes when the event is built. Everything a
condition needs is thus in the flat event.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from flowrules import ir
from flowrules.ir import (
    Atom,
    Check,
    CompiledRule,
    Node,
    Program,
    all_of,
    any_of,
    negate,
)
from flowrules.model import Addendum, Conditions, Pack, Parameter, ParamRef, Rule, Test
from flowrules.schedule import schedule_key

#: The marker every event carries and every compiled durable rule tests first.
MARKER_FIELD = "kind"
MARKER_VALUE = "call"
#: Priority of the durable catch-all (the largest value that does not wrap).
CATCH_ALL_PRI = 65535


def compile_pack(pack: Pack) -> Program:
    """Compile ``pack`` into its engine-neutral program."""
    return Program(
        pack=pack.pack,
        version=pack.version,
        rules=tuple(_compile_rule(pack, r) for r in pack.rules),
        addenda=tuple(_compile_rule(pack, a) for a in pack.addenda),
    )


def scalar(value: object) -> ir.Scalar:
    """Return the event form of a YAML literal: dates as ISO strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (str, int, bool)):
        return value
    msg = f"not a condition literal: {value!r}"
    raise TypeError(msg)


def _compile_rule(pack: Pack, rule: Rule | Addendum) -> CompiledRule:
    checks = [_check(pack, fact, cond) for fact, cond in rule.when.items()]
    if rule.when_any:
        groups = [_conditions(pack, g) for g in rule.when_any]
        checks.append(
            Check(
                "when_any",
                {"any_of": [_describe_group(g) for g in rule.when_any]},
                any_of(*groups),
            )
        )
    node = all_of(*(c.node for c in checks))
    return CompiledRule(f"{pack.pack}.{rule.id}", node, tuple(checks))


def _describe_group(conds: Conditions) -> dict[str, Any]:
    return {fact: _describe(cond) for fact, cond in conds.items()}


def _describe(cond: object) -> Any:
    if isinstance(cond, Test):
        return {op: _describe(v) for op, v in cond.operators()}
    if isinstance(cond, ParamRef):
        return {"param": cond.param}
    if isinstance(cond, (list, tuple)):
        return [_describe(v) for v in cond]
    return scalar(cond)


def _conditions(pack: Pack, conds: Conditions) -> Node:
    return all_of(*(_check(pack, fact, cond).node for fact, cond in conds.items()))


def _check(pack: Pack, fact: str, cond: object) -> Check:
    ops = cond.operators() if isinstance(cond, Test) else [("eq", cond)]
    described = _describe(cond) if isinstance(cond, Test) else {"eq": _describe(cond)}
    if fact in pack.parameters and fact not in pack.facts:
        node = all_of(
            *(_parameter_test(pack, fact, op, operand) for op, operand in ops)
        )
    else:
        node = all_of(*(_operator(pack, fact, op, operand) for op, operand in ops))
    return Check(fact, described, node)


def _parameter_test(pack: Pack, name: str, op: str, operand: Any) -> Node:
    """A test of a parameter's value: true in the periods where its value passes."""
    test = ir.compile_predicate(_operator(pack, "value", op, operand))
    return _by_version(
        pack.parameters[name],
        lambda value: ir.TRUE if test({"value": scalar(value)}) else ir.FALSE,
    )


def _operator(pack: Pack, fact: str, op: str, operand: Any) -> Node:
    match op:
        case "exists":
            return Atom(fact, "exists" if operand else "absent")
        case "one_of":
            return Atom(fact, "in", tuple(scalar(v) for v in operand))
        case "not_one_of":
            return negate(Atom(fact, "in", tuple(scalar(v) for v in operand)))
        case "ne":
            return negate(_operator(pack, fact, "eq", operand))
        case "within":
            return Atom(schedule_key(fact, operand), "eq", True)
        case "outside":
            return Atom(schedule_key(fact, operand), "eq", False)
    if isinstance(operand, ParamRef):
        return _by_version(pack.parameters[operand.param], lambda v: Atom(fact, op, v))
    return Atom(fact, op, scalar(operand))


def _in_force(valid_from: dt.date, valid_to: dt.date | None) -> list[Node]:
    """Tests that the call's date lies in ``[valid_from, valid_to)``."""
    tests: list[Node] = [Atom("modtaget_dato", "gte", valid_from.isoformat())]
    if valid_to is not None:
        tests.append(Atom("modtaget_dato", "lt", valid_to.isoformat()))
    return tests


def _by_version(param: Parameter, make: Any) -> Node:
    return any_of(
        *(
            all_of(*_in_force(v.valid_from, v.valid_to), make(v.value))
            for v in param.versions
        )
    )


# --- durable-rules JSON ---------------------------------------------------------------


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
