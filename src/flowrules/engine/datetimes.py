"""Dates and date-times of calls: strict ISO 8601 text, as naive Europe/Copenhagen time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flowrules.call_fields import ISO_DATE as _DATE
from flowrules.call_fields import ISO_DATETIME as _DATETIME

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def local_time(value: dt.datetime) -> dt.datetime:
    """Return ``value`` as naive Europe/Copenhagen time (aware values are converted).

    Raises:
        ValueError: If the conversion leaves the representable years (1-9999).
    """
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(COPENHAGEN).replace(tzinfo=None)
    except OverflowError:
        msg = f"date-time out of range in Copenhagen time: {value.isoformat()}"
        raise ValueError(msg) from None


def parse_datetime(value: object) -> dt.datetime | None:
    """Parse a plain ISO 8601 date-time (or take a datetime) as local time; else ``None``."""
    if value.__class__ is dt.datetime:
        try:
            return local_time(value)
        except ValueError:
            return None
    if value.__class__ is str and _DATETIME.match(value):
        try:
            if value[-1] == "Z":
                value = value[:-1] + "+00:00"
            moment = dt.datetime.fromisoformat(value)
            return moment if moment.tzinfo is None else local_time(moment)
        except ValueError:
            return None
    return None


def parse_date(value: object) -> dt.date | None:
    """Parse a plain ISO date ``YYYY-MM-DD`` (or take a date); else ``None``."""
    if value.__class__ is dt.date:
        return value
    if value.__class__ is str and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None
