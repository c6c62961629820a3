"""Build the flat event both executors evaluate from a validated call.

The event holds JSON primitives only: enums as strings, booleans, integers,
dates as ``YYYY-MM-DD``; each datetime fact ``f`` also gives ``f_dato``,
``f_tid`` (``HH:MM:SS``), ``f_ugedag`` and, for each schedule parameter ``s``,
``f@s`` (whether ``f`` lies inside it); derived facts are computed here.
Absent optional facts are left out (never ``None``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flowrules.compiler import MARKER_FIELD, MARKER_VALUE
from flowrules.model import Pack
from flowrules.schedule import CompiledSchedule, schedule_at, schedule_key
from flowrules.vocabulary import WEEKDAYS


def build_event(pack: Pack, values: dict[str, Any]) -> dict[str, Any]:
    """Return the event for ``values`` (validated, naive local datetimes)."""
    return _builder(pack)(values)


_BUILDERS: dict[int, tuple[Pack, EventBuilder]] = {}


def _builder(pack: Pack) -> EventBuilder:
    entry = _BUILDERS.get(id(pack))
    if entry is None or entry[0] is not pack:
        if len(_BUILDERS) > 64:
            _BUILDERS.clear()
        entry = (pack, EventBuilder(pack))
        _BUILDERS[id(pack)] = entry
    return entry[1]


class EventBuilder:
    """Build events for one pack, with the per-fact conversions decided once."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        types = {name: fact.type for name, fact in pack.facts.items()}
        self.datetimes = {"modtaget", *(n for n, t in types.items() if t == "datetime")}
        self.dates = {n for n, t in types.items() if t == "date"}
        self.derived = [
            (name, *fact.derived.days_between)
            for name, fact in pack.facts.items()
            if fact.derived is not None
        ]
        schedules = [
            (key, CompiledSchedule(param))
            for key, param in pack.parameters.items()
            if param.type == "schedule"
        ]
        self.parts = {
            name: (
                f"{name}_dato",
                f"{name}_tid",
                f"{name}_ugedag",
                [(schedule_key(name, key), test) for key, test in schedules],
            )
            for name in self.datetimes
        }

    def time_facts(self, event: dict[str, Any], name: str, value: dt.datetime) -> None:
        """Add datetime ``name``, its parts and its schedule flags to ``event``."""
        stamp = value.isoformat(timespec="seconds")
        weekday = value.weekday()
        day, clock = stamp[:10], stamp[11:19]
        dato, tid, ugedag, schedules = self.parts[name]
        event[name] = stamp
        event[dato] = day
        event[tid] = clock
        event[ugedag] = WEEKDAYS[weekday]
        for key, test in schedules:
            event[key] = test(day, weekday, clock)

    def __call__(self, values: dict[str, Any]) -> dict[str, Any]:
        """Return the event for validated ``values``."""
        event: dict[str, Any] = {MARKER_FIELD: MARKER_VALUE}
        for name, value in values.items():
            if name in self.datetimes:
                self.time_facts(event, name, value)
            elif name in self.dates:
                event[name] = value.isoformat()
            elif name != "ordning":
                event[name] = value
        for name, first, second in self.derived:
            start, end = _as_date(values.get(first)), _as_date(values.get(second))
            if start is not None and end is not None:
                event[name] = (end - start).days
        return event


def time_facts(pack: Pack, name: str, value: dt.datetime) -> dict[str, Any]:
    """Return the event facts of datetime ``name``: itself, its parts, its schedules."""
    stamp = value.isoformat(timespec="seconds")
    weekday = value.weekday()
    facts: dict[str, Any] = {
        name: stamp,
        f"{name}_dato": stamp[:10],
        f"{name}_tid": stamp[11:19],
        f"{name}_ugedag": WEEKDAYS[weekday],
    }
    day = value.date()
    for key, param in pack.parameters.items():
        if param.type == "schedule":
            facts[schedule_key(name, key)] = schedule_at(
                param, day, weekday, stamp[11:19]
            )
    return facts


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
