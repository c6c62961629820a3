"""Build the flat event both executors evaluate from a validated call.

The event holds JSON primitives only: enums as strings, booleans, integers,
dates as ``YYYY-MM-DD``; each datetime fact ``f`` also gives ``f_dato``,
``f_tid`` (``HH:MM:SS``), ``f_ugedag`` and, for each schedule parameter ``s``,
``f@s`` (whether ``f`` lies inside it); derived facts are computed here.
Absent optional facts are left out (never ``None``), and so is what the pack
does not declare: a core field it does not use, or a core value it does not
list, is kept in the call record but ignored when matching.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any, NamedTuple

from flowrules.engine.program import MARKER_FIELD, MARKER_VALUE
from flowrules.engine.schedules import ScheduleTable, schedule_key
from flowrules.pack.schema import Pack
from flowrules.vocabulary import WEEKDAYS


class Prepared(NamedTuple):
    """A validated call: its values, the event the executors read, its record."""

    values: dict[str, Any]
    """Normalised values (naive Copenhagen datetimes, dates), ``ordning`` included."""
    event: dict[str, Any]
    """The flat event (see :mod:`flowrules.event`)."""
    call: dict[str, Any]
    """The call as the decision records it: ``ordning`` first, JSON values."""


def call_record(
    pack: Pack, values: dict[str, Any], event: dict[str, Any]
) -> dict[str, Any]:
    """Return the call as a decision records it (reference path): JSON values."""
    return {
        "ordning": pack.pack,
        **{
            k: event[k] if k in event else json_value(v)
            for k, v in values.items()
            if k != "ordning"
        },
    }


def json_value(value: object) -> object:
    """Return a validated value in its JSON form (dates and date-times as ISO text)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def matched_values(pack: Pack) -> dict[str, frozenset[str] | None]:
    """The fields of a call that ``pack`` matches on, with the enum values it lists.

    ``None`` means any valid value; a field not in the result is ignored when
    matching (a core field the pack does not declare).
    """
    return {
        "modtaget": None,
        **{
            name: frozenset(fact.values) if fact.type == "enum" else None
            for name, fact in pack.facts.items()
            if fact.derived is None
        },
    }


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
    """Build events for one pack, with the per-fact conversions decided once.

    With ``needed`` (the facts the compiled rules and the texts read), a
    datetime's parts and schedule flags that nothing reads are left out; the
    call's own facts are always there. Without it, the event is complete.
    """

    def __init__(self, pack: Pack, needed: Collection[str] | None = None) -> None:
        self.pack = pack
        self.matched = matched_values(pack)

        def keep(key: str) -> str | None:
            return key if needed is None or key in needed else None

        types = {name: fact.type for name, fact in pack.facts.items()}
        self.datetimes = {"modtaget", *(n for n, t in types.items() if t == "datetime")}
        self.dates = {n for n, t in types.items() if t == "date"}
        self.derived = [
            (name, fact.derived.unit, *fact.derived.sources)
            for name, fact in pack.facts.items()
            if fact.derived is not None
        ]
        schedules = [
            (key, param)
            for key, param in pack.parameters.items()
            if param.type == "schedule"
        ]
        self.parts: dict[
            str, tuple[str | None, str | None, str | None, ScheduleTable | None]
        ] = {}
        for name in self.datetimes:
            read = [
                (schedule_key(name, key), param)
                for key, param in schedules
                if keep(schedule_key(name, key))
            ]
            self.parts[name] = (
                keep(f"{name}_dato"),
                keep(f"{name}_tid"),
                keep(f"{name}_ugedag"),
                ScheduleTable(read) if read else None,
            )

    def time_facts(
        self,
        event: dict[str, Any],
        name: str,
        value: dt.datetime,
        stamp: str | None = None,
    ) -> None:
        """Add datetime ``name``, its parts and its schedule flags to ``event``.

        ``stamp`` is ``value`` as ``YYYY-MM-DDTHH:MM:SS`` when the caller has it.
        """
        if stamp is None:
            stamp = value.isoformat(timespec="seconds")
        event[name] = stamp
        dato, tid, ugedag, schedules = self.parts[name]
        if dato is not None:
            event[dato] = stamp[:10]
        if tid is not None:
            event[tid] = stamp[11:19]
        if ugedag is not None:
            event[ugedag] = WEEKDAYS[value.weekday()]
        if schedules is not None:
            schedules(event, stamp[:10], value.weekday(), stamp[11:19])

    def __call__(self, values: dict[str, Any]) -> dict[str, Any]:
        """Return the event for validated ``values``."""
        event: dict[str, Any] = {MARKER_FIELD: MARKER_VALUE}
        matched = self.matched
        for name, value in values.items():
            if name not in matched:
                continue
            allowed = matched[name]
            if allowed is not None and value not in allowed:
                continue
            if name in self.datetimes:
                self.time_facts(event, name, value)
            elif name in self.dates:
                event[name] = value.isoformat()
            else:
                event[name] = value
        self.derive(event, values)
        return event

    def derive(self, event: dict[str, Any], values: dict[str, Any]) -> None:
        """Add the derived facts (days or minutes between two facts) ``values`` allow."""
        for name, unit, first, second in self.derived:
            if first in values and second in values:
                if unit == "minutes":
                    a, b = values[first], values[second]
                    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
                        event[name] = (b - a) // dt.timedelta(minutes=1)
                    continue
                start, end = _as_date(values[first]), _as_date(values[second])
                if start is not None and end is not None:
                    event[name] = (end - start).days


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
