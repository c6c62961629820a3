"""ISO 8601 text of the declared kind only: the dates and date-times a call may carry.

A call's date is ``YYYY-MM-DD``; its date-time is ``YYYY-MM-DDTHH:MM[:SS[.ffffff]]``
with an optional ``Z`` or ``±HH:MM`` offset (a space may stand for the ``T``).
A date is not a date-time (it would become midnight), a number is neither
(Unix epochs are refused, ``0`` is not 1970-01-01), and a date-time is not a
date. pydantic's lax parsing accepts all of these; these functions refuse
them, and both the engine's call models and :class:`flowrules.Call` use them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

DATE_TEXT: Final = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
DATETIME_TEXT: Final = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?\Z"
)


def strict_datetime(value: object) -> dt.datetime:
    """Return ``value`` as a datetime if it is one, or ISO 8601 date-time text.

    Aware values keep their offset (``Z`` is UTC).

    Raises:
        ValueError: If ``value`` is anything else (a date, a number, other text).

    Examples:
        >>> strict_datetime("2017-03-09T10:00:00")
        datetime.datetime(2017, 3, 9, 10, 0)
        >>> strict_datetime("2017-03-09")
        Traceback (most recent call last):
        ValueError: must be ISO 8601 date-time text (YYYY-MM-DDTHH:MM:SS)
    """
    if isinstance(value, dt.datetime):
        return value
    if value.__class__ is str and DATETIME_TEXT.match(value):
        text = value[:-1] + "+00:00" if value[-1] == "Z" else value
        return dt.datetime.fromisoformat(text)
    msg = "must be ISO 8601 date-time text (YYYY-MM-DDTHH:MM:SS)"
    raise ValueError(msg)


def strict_date(value: object) -> dt.date:
    """Return ``value`` as a date if it is one (not a datetime), or ISO text ``YYYY-MM-DD``.

    Raises:
        ValueError: If ``value`` is anything else (a date-time, a number, other text).

    Examples:
        >>> strict_date("2017-03-09")
        datetime.date(2017, 3, 9)
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if value.__class__ is str and DATE_TEXT.match(value):
        return dt.date.fromisoformat(value)
    msg = "must be ISO 8601 date text (YYYY-MM-DD)"
    raise ValueError(msg)
