"""Representative values of a pack's facts: one per class of values no test tells apart.

Every fact a rule can test gets a small set of representatives: each enum
value, ``True``/``False``, integers at and around every literal and
parameter value the conditions compare with, and dates (and date-times) at
and around literal dates and as day offsets from the call's ``modtaget`` at
and around every day count compared with. Absent optional facts are part of
the domain (:data:`ABSENT`). Values that every compiled test treats alike are
merged, so the representatives are few and together exhaustive.

The guided interview (:mod:`~flowrules.engine.relevance`) and the analysis of a
pack's whole input domain (:mod:`flowrules.analysis.input_domain`) share them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flowrules.engine.compiler import compile_pack
from flowrules.engine.program import Atom, Node, compile_predicate
from flowrules.pack.schema import Addendum, Conditions, Pack, ParamRef, Rule, Test
from flowrules.vocabulary import VALG_FIELD

#: The representative of an absent optional fact.
ABSENT: Any = object()

#: Per-pack memo of compiled programs and candidate lists (bounded, by identity).
_MEMO: dict[int, tuple[Pack, dict[str, Any]]] = {}


def memo(pack: Pack, key: str, make: Any) -> Any:
    """Return ``make()`` computed once per (pack object, key)."""
    entry = _MEMO.get(id(pack))
    if entry is None or entry[0] is not pack:
        if len(_MEMO) >= 16:
            _MEMO.pop(next(iter(_MEMO)))
        entry = (pack, {})
        _MEMO[id(pack)] = entry
    table = entry[1]
    if key not in table:
        table[key] = make()
    return table[key]


def conditions(item: Rule | Addendum) -> list[Conditions]:
    """Return the condition groups of a rule or addendum: ``when``, then ``when_any``."""
    return [item.when, *item.when_any]


def literals(pack: Pack, fact: str) -> list[Any]:
    """Every literal or parameter value that conditions compare ``fact`` with."""
    found: list[Any] = []
    items: list[Rule | Addendum] = [*pack.rules, *pack.addenda]
    for item in items:
        for conds in conditions(item):
            cond = conds.get(fact)
            if cond is None:
                continue
            ops = cond.operators() if isinstance(cond, Test) else [("eq", cond)]
            for _, operand in ops:
                values = operand if isinstance(operand, (list, tuple)) else [operand]
                for value in values:
                    if isinstance(value, ParamRef):
                        found.extend(
                            v.value for v in pack.parameters[value.param].versions
                        )
                    else:
                        found.append(value)
    return found


def around_ints(values: list[Any]) -> list[int]:
    """Return each integer among ``values`` with its neighbours (``[0]`` when none)."""
    ints = {v for v in values if isinstance(v, int) and not isinstance(v, bool)}
    points = {p + d for p in ints for d in (-1, 0, 1)} or {0}
    return sorted(points)


def atoms(pack: Pack, keep: Any) -> list[Atom]:
    """Every distinct compiled test whose fact satisfies ``keep``."""
    program = memo(pack, "program", lambda: compile_pack(pack))
    found: dict[Atom, None] = {}

    def walk(node: Node) -> None:
        if isinstance(node, Atom):
            if keep(node.fact):
                found[node] = None
        else:
            for item in node.items:
                walk(item)

    for rule in (*program.rules, *program.addenda):
        walk(rule.node)
    return list(found)


def candidates(pack: Pack, name: str) -> list[Any]:
    """Representative values of fact ``name``: one per class no test tells apart."""
    return list(
        memo(pack, f"candidates:{name}", lambda: _reduced_candidates(pack, name))
    )


def _reduced_candidates(pack: Pack, name: str) -> list[Any]:
    values = _raw_candidates(pack, name)
    derived = {
        other: (1 if f.derived.days_between[1] == name else -1)
        for other, f in pack.facts.items()
        if f.derived is not None and name in f.derived.days_between
    }
    if any("modtaget" not in pack.facts[d].derived.days_between for d in derived):  # type: ignore[union-attr]
        return values  # a day count between two non-call dates: keep every bucket
    own = atoms(pack, lambda f: f == name)
    if derived and any(a.op not in ("exists", "absent") for a in own):
        return values  # compared directly and through day counts: keep every bucket
    facts = {name, *derived}
    predicates = [compile_predicate(a) for a in atoms(pack, lambda f: f in facts)]
    seen: dict[tuple[bool, ...], Any] = {}
    for value in values:
        event: dict[str, Any] = {}
        if isinstance(value, tuple) and value[0] == "offset":
            event = {
                name: "offset",
                **{d: sign * value[1] for d, sign in derived.items()},
            }
        elif value is not ABSENT:
            event = {name: value.isoformat() if isinstance(value, dt.date) else value}
        seen.setdefault(tuple(p(event) for p in predicates), value)
    return list(seen.values())


def _raw_candidates(pack: Pack, name: str) -> list[Any]:
    """Every bucket of ``name``: values, literals and day offsets around them, absence."""
    fact = pack.facts[name]
    optional = [] if fact.required else [ABSENT]
    if fact.type == "enum":
        return [*fact.values, *optional]
    if fact.type == "bool":
        return [True, False, *optional]
    if fact.type == "int":
        return [*around_ints(literals(pack, name)), *optional]
    offsets: set[int] = set()
    for other in pack.facts.values():
        if other.derived is not None and name in other.derived.days_between:
            sign = 1 if other.derived.days_between[1] == name else -1
            offsets.update(
                sign * d
                for d in around_ints(literals(pack, _derived_name(pack, other)))
            )
    if fact.type == "date":
        literal_dates = {v for v in literals(pack, name) if isinstance(v, dt.date)}
        points = {d + dt.timedelta(days=k) for d in literal_dates for k in (-1, 0, 1)}
        if not points and not offsets:
            offsets = {0}  # only tested for presence: one present date stands for all
        return [*sorted(points), *(("offset", o) for o in sorted(offsets)), *optional]
    return [*(("offset", o) for o in sorted(offsets or {0})), *optional]


def _derived_name(pack: Pack, target: Any) -> str:
    return next(n for n, f in pack.facts.items() if f is target)


def var_values(
    pack: Pack,
    name: str,
    received: dt.datetime,
    known: Mapping[str, Any] | None = None,
) -> list[Any]:
    """Representative values of an unknown fact (or ``valg``) for a call received then.

    Day offsets become dates and date-times relative to ``received``; absence
    is :data:`ABSENT`. ``valg`` ranges over the pack's choices. A day count
    between this fact and another date the call already has (in ``known``) also
    gets dates at and around each compared count from that date.
    """
    if name == VALG_FIELD:
        return [ABSENT, *pack.choices()]
    kind = pack.facts[name].type
    out: list[Any] = []
    for value in candidates(pack, name):
        if isinstance(value, tuple) and value[0] == "offset":
            moment = received + dt.timedelta(days=value[1])
            value = moment.date() if kind == "date" else moment
        out.append(value)
    for day in _anchored(pack, name, known or {}):
        moment = dt.datetime.combine(day, received.time())
        value = day if kind == "date" else moment
        if value not in out:
            out.append(value)
    return out


def _anchored(pack: Pack, name: str, known: Mapping[str, Any]) -> list[dt.date]:
    """Dates of ``name`` around each count compared with a day count to a known date."""
    days: list[dt.date] = []
    for other, fact in pack.facts.items():
        if fact.derived is None or name not in fact.derived.days_between:
            continue
        first, second = fact.derived.days_between
        anchor = known.get(second if name == first else first)
        if anchor is None or "modtaget" in (first, second):
            continue
        base = anchor.date() if isinstance(anchor, dt.datetime) else anchor
        sign = 1 if name == second else -1
        days += [
            base + dt.timedelta(days=sign * k)
            for k in around_ints(literals(pack, other))
        ]
    return days


def as_json(value: Any) -> Any:
    """Return a representative value as a call carries it (dates as ISO text)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat() if isinstance(value, dt.date) else value
