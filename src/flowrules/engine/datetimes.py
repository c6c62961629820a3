"""Dates and date-times of calls: strict ISO 8601 text, as naive Europe/Copenhagen time."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

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


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?\Z"
)


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


def strict_datetime(value: object) -> dt.datetime:
    """Return ``value`` as a datetime if it is one, or ISO 8601 date-time text.

    Dates without a time, Unix epochs (numbers or digit strings) and other
    text are refused: a call's date-times are ISO 8601 ``YYYY-MM-DDTHH:MM[:SS]``
    with an optional fraction and offset. Aware values keep their offset.

    Raises:
        ValueError: If ``value`` is not a date-time of that form.
    """
    if isinstance(value, dt.datetime):
        return value
    if value.__class__ is str and _DATETIME.match(value):
        text = value[:-1] + "+00:00" if value[-1] == "Z" else value
        return dt.datetime.fromisoformat(text)
    msg = "must be ISO 8601 date-time text (YYYY-MM-DDTHH:MM:SS)"
    raise ValueError(msg)


def strict_date(value: object) -> dt.date:
    """Return ``value`` as a date if it is one (not a datetime), or ISO text ``YYYY-MM-DD``.

    Raises:
        ValueError: If ``value`` is not a date of that form (epochs, date-times
            and other text are refused).
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if value.__class__ is str and _DATE.match(value):
        return dt.date.fromisoformat(value)
    msg = "must be ISO 8601 date text (YYYY-MM-DD)"
    raise ValueError(msg)
