"""How a fact's or a parameter's value reads inside a Danish text of a decision."""

from __future__ import annotations

import datetime as dt

from flowrules.danish import format_schedule, yes_no
from flowrules.pack.schema import Pack, Parameter


def format_value(pack: Pack, name: str, value: object) -> str:
    """Render one fact value for Danish text: labels, dd.mm.åååå, ja/nej."""
    fact = pack.facts.get(name)
    if fact is not None and fact.labels and isinstance(value, str):
        return fact.labels.get(value, value)
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y kl. %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and name.endswith("_tid"):
        return value[:5]
    if isinstance(value, str) and name.endswith("_dato"):
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    return str(value)


def format_parameter(param: Parameter, day: dt.date) -> str:
    """Render the value of ``param`` in force on ``day`` for Danish text."""
    value = param.value_on(day)
    if isinstance(value, dict):
        return format_schedule(value)
    if isinstance(value, bool):
        return yes_no(value)
    return "" if value is None else str(value)
