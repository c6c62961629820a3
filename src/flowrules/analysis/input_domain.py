"""Enumerate a pack's finite input domain: enums × booleans × date and time buckets.

Every fact a rule can test gets a small set of representative values: each
enum value, ``True``/``False``, integers and dates at and around every
literal and parameter value the conditions compare with, and call times at
every schedule boundary on every weekday of every parameter period. Facts
that only addenda test are cycled through rather than multiplied, because
rules and addenda are evaluated independently. Absent optional facts are
part of the domain. The representatives of each fact come from
:mod:`flowrules.engine.fact_domain`, which the guided interview shares.

Used by the differential test of the executors and by static analysis.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

from flowrules.engine.event import EventBuilder
from flowrules.engine.fact_domain import (
    ABSENT,
    atoms,
    candidates,
    conditions,
    literals,
    memo,
)
from flowrules.engine.program import Atom, compile_predicate
from flowrules.pack.schema import Addendum, Pack, Rule, Test

#: Stop after this many calls; a larger domain is reported as truncated.
DEFAULT_LIMIT = 250_000


def _tested(pack: Pack, item: Rule | Addendum) -> set[str]:
    """Declared input facts (and ``modtaget``) that ``item`` depends on."""
    names: set[str] = set()
    for conds in conditions(item):
        for name in conds:
            if name in pack.parameters and name not in pack.facts:
                names.add("modtaget")  # a parameter's value depends on the call's date
                continue
            base = _base_fact(pack, name)
            fact = pack.facts.get(base)
            if fact is not None and fact.derived is not None:
                names.update(fact.derived.days_between)
            else:
                names.add(base)
    return names


def _base_fact(pack: Pack, name: str) -> str:
    if name in pack.facts:
        return name
    for suffix in ("_dato", "_tid", "_ugedag"):
        if name.endswith(suffix) and (
            name[: -len(suffix)] in pack.facts or name[: -len(suffix)] == "modtaget"
        ):
            return name[: -len(suffix)]
    return name


def _periods(pack: Pack) -> list[dt.date]:
    """First days of every period in which parameters or the pack change."""
    starts = {pack.valid_from}
    for param in pack.parameters.values():
        for version in param.versions:
            starts.add(version.valid_from)
            if version.valid_to is not None:
                starts.add(version.valid_to)
    return sorted(
        d
        for d in starts
        if d >= pack.valid_from and (pack.valid_to is None or d < pack.valid_to)
    )


def _times(pack: Pack) -> list[dt.time]:
    points: set[dt.time] = {dt.time(10, 30)}
    for param in pack.parameters.values():
        if param.type != "schedule":
            continue
        for version in param.versions:
            if isinstance(version.value, dict):
                for start, end in version.value.values():
                    for clock in (start, end):
                        points.update(_around_clock(clock))
    for value in literals(pack, "modtaget_tid"):
        if isinstance(value, str):
            points.update(_around_clock(value[:5]))
    return sorted(points)


def _around_clock(clock: str) -> list[dt.time]:
    if clock == "24:00":
        return [dt.time(23, 59, 59)]
    at = dt.datetime.combine(dt.date(2000, 1, 1), dt.time.fromisoformat(clock))
    return [(at - dt.timedelta(seconds=1)).time(), at.time()]


def _timeatoms(pack: Pack) -> list[Atom]:
    """Every compiled test on the call time (its date, weekday, clock or schedules)."""
    return atoms(pack, lambda fact: fact.startswith("modtaget"))


def received_times(pack: Pack) -> list[dt.datetime]:
    """One call time per class of times that every time test treats alike (memoised)."""
    return list(memo(pack, "times", lambda: _received_times(pack)))


def _received_times(pack: Pack) -> list[dt.datetime]:
    """One call time per class of times that every time test treats alike.

    Candidates are each weekday of each parameter period at every schedule
    boundary (and just before it); two candidates for which every compiled
    test on ``modtaget`` gives the same answer are interchangeable, so only
    the first is kept. The result is exhaustive and small.
    """
    predicates = [compile_predicate(a) for a in _timeatoms(pack)]
    seen: dict[tuple[bool, ...], dt.datetime] = {}
    events = EventBuilder(pack)
    for moment in _candidate_times(pack):
        event: dict[str, Any] = {}
        events.time_facts(event, "modtaget", moment)
        seen.setdefault(tuple(p(event) for p in predicates), moment)
    return list(seen.values())


def _candidate_times(pack: Pack) -> list[dt.datetime]:
    """Call times: each weekday of each period, at every schedule boundary."""
    uses_clock = any(
        p.type == "schedule" for p in pack.parameters.values()
    ) or literals(pack, "modtaget_tid")
    uses_weekday = uses_clock or literals(pack, "modtaget_ugedag")
    days = range(7) if uses_weekday else range(1)
    times = _times(pack) if uses_clock else [dt.time(10, 30)]
    return [
        dt.datetime.combine(start + dt.timedelta(days=offset), clock)
        for start in _periods(pack)
        for offset in days
        for clock in times
    ]


def enumerate_calls(
    pack: Pack, *, limit: int = DEFAULT_LIMIT
) -> Iterator[dict[str, Any]]:
    """Yield calls (dicts as ``decide()`` takes them) covering the finite domain.

    Yields at most ``limit`` calls; callers can compare the count with
    :func:`domain_size` to know whether the enumeration was exhaustive.
    """
    henvendelser = pack.facts["henvendelse"].values
    rule_facts_all: set[str] = set()
    count = 0
    for henvendelse in henvendelser:
        rules = [r for r in pack.rules if _admits(r, henvendelse)]
        rule_facts = sorted(
            set().union(*(_tested(pack, r) for r in rules)) - {"henvendelse"}
        )
        rule_facts_all.update(rule_facts)
        addenda_facts = sorted(
            set().union(*(_tested(pack, a) for a in pack.addenda))
            - set(rule_facts)
            - {"henvendelse", "modtaget"}
        )
        axes = [
            received_times(pack) if f == "modtaget" else candidates(pack, f)
            for f in rule_facts
        ]
        if "modtaget" not in rule_facts:
            rule_facts = ["modtaget", *rule_facts]
            axes = [received_times(pack)[:1], *axes]
        extra = itertools.cycle(
            list(itertools.product(*(candidates(pack, f) for f in addenda_facts)))
            or [()]
        )
        for combo in itertools.product(*axes):
            if count >= limit:
                return
            values = dict(zip(rule_facts, combo, strict=True))
            values.update(zip(addenda_facts, next(extra), strict=True))
            yield _materialise(pack, henvendelse, values)
            count += 1


def domain_size(pack: Pack) -> int:
    """Return how many calls :func:`enumerate_calls` yields without a limit."""
    total = 0
    for henvendelse in pack.facts["henvendelse"].values:
        rules = [r for r in pack.rules if _admits(r, henvendelse)]
        facts = set().union(*(_tested(pack, r) for r in rules)) - {"henvendelse"}
        size = 1
        for f in facts:
            size *= (
                len(received_times(pack))
                if f == "modtaget"
                else len(candidates(pack, f))
            )
        total += size
    return total


def _admits(rule: Rule, henvendelse: str) -> bool:
    cond = rule.when.get("henvendelse")
    if cond is None:
        return True
    if not isinstance(cond, Test):
        return cond == henvendelse
    ok = True
    if cond.eq is not None:
        ok &= cond.eq == henvendelse
    if cond.ne is not None:
        ok &= cond.ne != henvendelse
    if cond.one_of is not None:
        ok &= henvendelse in cond.one_of
    if cond.not_one_of is not None:
        ok &= henvendelse not in cond.not_one_of
    return ok


def _materialise(
    pack: Pack, henvendelse: str, values: dict[str, Any]
) -> dict[str, Any]:
    received: dt.datetime = values.get("modtaget", received_times(pack)[0])
    call: dict[str, Any] = {
        "ordning": pack.pack,
        "henvendelse": henvendelse,
        "modtaget": received.isoformat(),
    }
    for name, value in values.items():
        if name == "modtaget" or value is ABSENT:
            continue
        if isinstance(value, tuple) and value[0] == "offset":
            moment = received + dt.timedelta(days=value[1])
            value = moment.date() if pack.facts[name].type == "date" else moment
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        call[name] = value
    for name, fact in pack.facts.items():
        if fact.required and name not in call and fact.type == "enum":
            call[name] = fact.values[0]
    return call
