"""From a plain call dict to its validated values, its event and its call record.

:class:`FastPath` does in one loop, for a call that is plainly valid (known
fields, allowed enum values, exact ``bool``/``int`` types, ISO dates and
date-times), what the reference path does in three steps:
:func:`~flowrules.engine.call_validation.check_shape`,
:func:`~flowrules.engine.call_validation.validate_call` (the pack's pydantic
model) and :class:`~flowrules.engine.event.EventBuilder`. For
anything else it returns ``None`` and the reference path decides, with its
precise errors. A test compares both paths on generated input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flowrules.call_fields import check_call_id
from flowrules.engine.call_schema import MAX_INT, valg_values
from flowrules.engine.datetimes import parse_date, parse_datetime
from flowrules.engine.event import EventBuilder, Prepared
from flowrules.engine.program import MARKER_FIELD, MARKER_VALUE
from flowrules.pack.schema import Pack
from flowrules.vocabulary import CORE_ENUMS, CORE_FIELD_TYPES, CORE_FIELDS, VALG_FIELD

_ENUM, _BOOL, _INT, _DATE, _DATETIME, _ID = range(6)
_KINDS = {
    "enum": _ENUM,
    "bool": _BOOL,
    "int": _INT,
    "date": _DATE,
    "datetime": _DATETIME,
}
#: A field's kind, the values a call may give it, and those the pack matches on
#: (``None``: all of them; an empty set: the field is ignored when matching).
_Spec = tuple[int, frozenset[str], frozenset[str] | None]


class FastPath:
    """Validate a plain call dict and build its event in one pass, or give up."""

    def __init__(self, pack: Pack, events: EventBuilder) -> None:
        self.ordning = pack.pack
        self.events = events
        self.kinds: dict[str, _Spec] = {"modtaget": (_DATETIME, frozenset(), None)}
        for name in CORE_FIELDS:
            # ``ordning`` is checked by the caller; the rest the pack may not declare.
            if name not in pack.facts and name not in self.kinds and name != "ordning":
                kind = _ID if name == "call_id" else _KINDS[CORE_FIELD_TYPES[name]]
                self.kinds[name] = (
                    kind,
                    frozenset(CORE_ENUMS.get(name, ())),
                    frozenset(),
                )
        for name, fact in pack.facts.items():
            if fact.derived is None:
                values = frozenset(fact.values)
                accepted = frozenset(CORE_ENUMS.get(name, values))
                self.kinds[name] = (
                    _KINDS[fact.type],
                    accepted,
                    None if accepted == values else values,
                )
        # The employee's choice: checked and kept for the decision, never matched on.
        self.kinds[VALG_FIELD] = (_ENUM, frozenset(valg_values(pack)), frozenset())
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
            if key.__class__ is not str:  # a str subclass may compare in its own way
                return None
            spec = kinds.get(key)
            if spec is None:
                if key == "ordning":
                    values[key] = value
                    continue
                return None
            kind, allowed, matched = spec
            if kind == _ENUM:
                if value.__class__ is not str or value not in allowed:
                    return None
            elif kind == _BOOL:
                if value.__class__ is not bool:
                    return None
            elif kind == _INT:
                if value.__class__ is not int or not -MAX_INT <= value <= MAX_INT:
                    return None
            elif kind == _ID:
                if not check_call_id(value):
                    return None
            elif kind == _DATE:
                day = parse_date(value)
                if day is None:
                    return None
                values[key] = day
                call[key] = day.isoformat()
                if matched is None:
                    event[key] = call[key]
                continue
            elif not self._moment(key, value, received, matched, values, event, call):
                return None
            else:
                continue
            values[key] = call[key] = value
            if matched is None or value in matched:
                event[key] = value
        if not self.required <= values.keys():
            return None
        if self.events.derived:
            self.events.derive(event, values)
        return Prepared(values, event, call)

    def _moment(
        self,
        key: str,
        value: Any,
        received: dt.datetime,
        matched: frozenset[Any] | None,
        values: dict[str, Any],
        event: dict[str, Any],
        call: dict[str, Any],
    ) -> bool:
        """Add date-time fact ``key``; return ``False`` if ``value`` is not one."""
        moment = received if key == "modtaget" else parse_datetime(value)
        if moment is None:
            return False
        values[key] = moment
        if matched is not None:
            call[key] = moment.isoformat(timespec="seconds")
            return True
        # Plain local "YYYY-MM-DDTHH:MM:SS" text is already the event's stamp.
        stamp = (
            value
            if value.__class__ is str and len(value) == 19 and value[10] == "T"
            else None
        )
        self.events.time_facts(event, key, moment, stamp)
        call[key] = event[key]
        return True
