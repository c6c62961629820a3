"""Compile packs into the engine-neutral program.

Parameters are expanded by date: a condition ``lte: {param: p}`` becomes "the
call's date lies in version *k*'s validity and the fact is ≤ version *k*'s
value" for each version. Schedules (``within``/``outside``) become a test of
the boolean event fact ``<fact>@<schedule>`` that
:mod:`flowrules.engine.schedules` computes when the event is built. Everything a
condition needs is thus in the flat event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import flowrules.engine.program as ir
from flowrules.engine.program import (
    Atom,
    Check,
    CompiledRule,
    Node,
    Program,
    all_of,
    any_of,
    negate,
)
from flowrules.engine.schedules import schedule_key
from flowrules.pack.schema import (
    Addendum,
    Conditions,
    Pack,
    Parameter,
    ParamRef,
    Rule,
    Test,
)


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
