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
from flowrules.schedule import in_schedule, schedule_key
from flowrules.vocabulary import WEEKDAYS


def build_event(pack: Pack, values: dict[str, Any]) -> dict[str, Any]:
    """Return the event for ``values`` (validated, naive local datetimes)."""
    event: dict[str, Any] = {MARKER_FIELD: MARKER_VALUE}
    for name, value in values.items():
        if name == "ordning":
            continue
        if isinstance(value, dt.datetime):
            event.update(time_facts(pack, name, value))
        elif isinstance(value, dt.date):
            event[name] = value.isoformat()
        else:
            event[name] = value
    for name, fact in pack.facts.items():
        if fact.derived is None:
            continue
        start, end = (_as_date(values.get(n)) for n in fact.derived.days_between)
        if start is not None and end is not None:
            event[name] = (end - start).days
    return event


def time_facts(pack: Pack, name: str, value: dt.datetime) -> dict[str, Any]:
    """Return the event facts of datetime ``name``: itself, its parts, its schedules."""
    facts: dict[str, Any] = {
        name: value.isoformat(timespec="seconds"),
        f"{name}_dato": value.date().isoformat(),
        f"{name}_tid": value.time().isoformat(timespec="seconds"),
        f"{name}_ugedag": WEEKDAYS[value.weekday()],
    }
    for key, param in pack.parameters.items():
        if param.type == "schedule":
            facts[schedule_key(name, key)] = in_schedule(param, value)
    return facts


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
