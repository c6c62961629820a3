"""Date-effective schedules (opening hours, bedste træffetid).

A schedule parameter maps weekdays to ``[start, end)`` clock intervals, per
validity period. Whether a moment lies inside is decided here, once, when the
event is built: conditions ``within``/``outside`` then test the boolean event
fact ``<fact>@<schedule>``. This keeps the compiled rules small (durable-rules
refuses large negated disjunctions) and both executors read the same value.
"""

from __future__ import annotations

import datetime as dt

from flowrules.pack.schema import Parameter
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


class ScheduleTable:
    """Schedule parameters prepared for one datetime fact: a lookup, then comparisons.

    The days on which any of the schedules changes version cut time into
    epochs; inside an epoch every weekday has a fixed list of
    ``(event fact, start, end)`` on ``HH:MM:SS`` strings. An interval that
    cannot hold (no version in force, weekday closed) is ``("~", "")``.
    """

    def __init__(self, schedules: list[tuple[str, Parameter]]) -> None:
        days = sorted(
            {v.valid_from for _, p in schedules for v in p.versions}
            | {v.valid_to for _, p in schedules for v in p.versions if v.valid_to}
        )
        starts = [dt.date.min, *days]
        ends = [*(d.isoformat() for d in days), "~"]
        self.epochs: list[tuple[str, str, list[list[tuple[str, str, str]]]]] = []
        for first, end in zip(starts, ends, strict=True):
            by_weekday = [
                [(key, *_interval(param, first, weekday)) for key, param in schedules]
                for weekday in range(7)
            ]
            start = "" if first == dt.date.min else first.isoformat()
            self.epochs.append((start, end, by_weekday))

    def __call__(
        self, event: dict[str, object], date_iso: str, weekday: int, clock: str
    ) -> None:
        """Set each schedule's event fact: whether ``clock`` on ``date_iso`` lies inside."""
        for start, end, by_weekday in self.epochs:
            if start <= date_iso < end:
                for key, opens, closes in by_weekday[weekday]:
                    event[key] = opens <= clock < closes
                return


def _interval(param: Parameter, day: dt.date, weekday: int) -> tuple[str, str]:
    """The ``[start, end)`` clock strings of ``param`` on ``day``'s version and ``weekday``."""
    for version in param.versions:
        if version.valid_from <= day and (
            version.valid_to is None or day < version.valid_to
        ):
            if isinstance(version.value, dict):
                interval = version.value.get(WEEKDAYS[weekday])
                if interval is not None:
                    start, end = interval
                    return f"{start}:00", "24:00:00" if end == "24:00" else f"{end}:00"
            break
    return "~", ""
