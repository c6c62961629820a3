"""From a plain call dict to its validated values, its event and its call record.

:class:`FastPath` does in one loop, for a call that is plainly valid (known
fields, allowed enum values, exact ``bool``/``int`` types, ISO dates and
date-times), what the reference path does in three steps:
:func:`~flowrules.calls.check_shape`, :func:`~flowrules.calls.validate_call`
(the pack's pydantic model) and :class:`~flowrules.event.EventBuilder`. For
anything else it returns ``None`` and the reference path decides, with its
precise errors. A test compares both paths on generated input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flowrules.engine.call_schema import valg_values
from flowrules.engine.datetimes import parse_date, parse_datetime
from flowrules.engine.event import EventBuilder, Prepared
from flowrules.engine.program import MARKER_FIELD, MARKER_VALUE
from flowrules.pack.schema import Pack
from flowrules.vocabulary import VALG_FIELD

_ENUM, _BOOL, _INT, _DATE, _DATETIME = range(5)
_KINDS = {
    "enum": _ENUM,
    "bool": _BOOL,
    "int": _INT,
    "date": _DATE,
    "datetime": _DATETIME,
}


class FastPath:
    """Validate a plain call dict and build its event in one pass, or give up."""

    def __init__(self, pack: Pack, events: EventBuilder) -> None:
        self.ordning = pack.pack
        self.events = events
        self.kinds: dict[str, tuple[int, frozenset[str]]] = {
            "modtaget": (_DATETIME, frozenset())
        }
        for name, fact in pack.facts.items():
            if fact.derived is None:
                self.kinds[name] = (_KINDS[fact.type], frozenset(fact.values))
        self.kinds[VALG_FIELD] = (_ENUM, frozenset(valg_values(pack)))
        self.required = frozenset(
            {"modtaget"}
            | {n for n, f in pack.facts.items() if f.required and f.derived is None}
        )

    def __call__(self, raw: dict[str, Any], received: dt.datetime) -> Prepared | None:
        """Return the prepared call, or ``None`` to let the reference path decide.

        ``raw`` is a plain dict whose ``ordning`` is this pack and whose
        ``modtaget`` parses to ``received`` (naive Copenhagen time).
        """
        kinds = self.kinds
        values: dict[str, Any] = {}
        event: dict[str, Any] = {MARKER_FIELD: MARKER_VALUE}
        call: dict[str, Any] = {"ordning": self.ordning}
        for key, value in raw.items():
            if value is None:
                continue
            spec = kinds.get(key)
            if spec is None:
                if key == "ordning":
                    values[key] = value
                    continue
                return None
            kind, allowed = spec
            if kind == _ENUM:
                if value.__class__ is not str or value not in allowed:
                    return None
            elif kind == _BOOL:
                if value.__class__ is not bool:
                    return None
            elif kind == _INT:
                if value.__class__ is not int:
                    return None
            elif kind == _DATE:
                day = parse_date(value)
                if day is None:
                    return None
                values[key] = day
                event[key] = call[key] = day.isoformat()
                continue
            else:
                moment = received if key == "modtaget" else parse_datetime(value)
                if moment is None:
                    return None
                values[key] = moment
                # Plain local "YYYY-MM-DDTHH:MM:SS" text is already the event's stamp.
                stamp = (
                    value
                    if value.__class__ is str and len(value) == 19 and value[10] == "T"
                    else None
                )
                self.events.time_facts(event, key, moment, stamp)
                call[key] = event[key]
                continue
            values[key] = event[key] = call[key] = value
        if not self.required <= values.keys():
            return None
        if self.events.derived:
            self.events.derive(event, values)
        return Prepared(values, event, call)
