"""Date-effective schedules (opening hours, bedste træffetid).

A schedule parameter maps weekdays to ``[start, end)`` clock intervals, per
validity period. Whether a moment lies inside is decided here, once, when the
event is built: conditions ``within``/``outside`` then test the boolean event
fact ``<fact>@<schedule>``. This keeps the compiled rules small (durable-rules
refuses large negated disjunctions) and both executors read the same value.
"""

from __future__ import annotations

import datetime as dt

from flowrules.model import Parameter
from flowrules.vocabulary import WEEKDAYS


def schedule_key(fact: str, schedule: str) -> str:
    """Return the event fact holding whether datetime ``fact`` lies in ``schedule``."""
    return f"{fact}@{schedule}"


def schedule_at(param: Parameter, day: dt.date, weekday: int, clock: str) -> bool:
    """Whether the clock time on ``day`` lies in the schedule version in force then.

    Intervals are half-open: ``["08:30", "15:00"]`` holds 08:30:00 but not 15:00:00.
    A weekday missing from the version, or a date no version covers, is outside.
    """
    for version in param.versions:
        if version.valid_from <= day and (
            version.valid_to is None or day < version.valid_to
        ):
            if not isinstance(version.value, dict):
                return False
            interval = version.value.get(WEEKDAYS[weekday])
            if interval is None:
                return False
            start, end = interval
            return (
                f"{start}:00" <= clock < ("24:00:00" if end == "24:00" else f"{end}:00")
            )
    return False


class CompiledSchedule:
    """A schedule parameter prepared for fast membership tests on ISO strings."""

    def __init__(self, param: Parameter) -> None:
        self.periods: list[tuple[str, str | None, dict[int, tuple[str, str]]]] = []
        for version in param.versions:
            days: dict[int, tuple[str, str]] = {}
            if isinstance(version.value, dict):
                for day, (start, end) in version.value.items():
                    days[WEEKDAYS.index(day)] = (
                        f"{start}:00",
                        "24:00:00" if end == "24:00" else f"{end}:00",
                    )
            to = version.valid_to.isoformat() if version.valid_to else None
            self.periods.append((version.valid_from.isoformat(), to, days))

    def __call__(self, date_iso: str, weekday: int, clock: str) -> bool:
        """Same answer as :func:`schedule_at`, from ``YYYY-MM-DD``, weekday and ``HH:MM:SS``."""
        for start, end, days in self.periods:
            if start <= date_iso and (end is None or date_iso < end):
                interval = days.get(weekday)
                return interval is not None and interval[0] <= clock < interval[1]
        return False
