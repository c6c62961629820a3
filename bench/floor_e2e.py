"""Hand-written plain-Python ``decide()``: the same job as ``Engine.decide()``, end to end.

:func:`decide` takes the call dict and returns the decision record as a dict
equal to ``Engine.default(executor="native").decide(call).model_dump()``. It
is what a competent developer would write by hand, for speed, for the four
bundled packs:

1. validate the call (pack known, required fields present, no unknown or
   derived fields, enum values allowed, strict ``bool``/``int``, ISO dates and
   date-times), raising :class:`ValueError` on bad input;
2. read ``modtaget`` as naive Europe/Copenhagen time, pick the pack version
   in force on that date and build the flat event (schedule membership,
   ``modtaget_dato``, derived day counts);
3. choose the rule with the hand-written dispatch of :mod:`floor` and the
   addenda with two hand-written tests (:func:`_addenda`);
4. assemble the record: placeholders filled, addenda texts joined (blank
   lines between wordings, one line per journal macro), steps deduplicated,
   sources, referrals, the validated ``call`` (date-times to the second).

All rule content (texts, labels, citations, parameter values) comes from the
pack YAML, read at import into the plain tables of :mod:`floor_tables`; only
the dispatch is written by hand. Nothing from flowrules runs per call.

:class:`RawDurable` does the same job with durable-rules as the dispatcher:
the same validation, event and record around the bare C engine
(:mod:`raw_durable`) on the durable executor's rulesets. :func:`verify`
compares both with ``Engine.decide()``; ``bench/run.py`` runs it on every
pack's domain and on the mix before timing, and checks :func:`bad_calls`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from floor_tables import VERSIONS, Addendum, Event, Outcome, Version, fill

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


# --- the call path -------------------------------------------------------------------


def _parse_datetime(key: str, value: Any) -> tuple[dt.datetime, str]:
    """Return ``value`` (ISO 8601 text or datetime) as naive Copenhagen time and its stamp.

    The stamp is ``YYYY-MM-DDTHH:MM:SS``, as the event and the record carry it;
    a naive input already in that form is its own stamp.
    """
    if value.__class__ is str:
        if len(value) < 16 or value[4] != "-" or value[10] not in "T ":
            msg = f'"{key}" must be an ISO 8601 date-time: {value!r}'
            raise ValueError(msg)
        try:
            t = dt.datetime.fromisoformat(value)
        except ValueError:
            msg = f'"{key}" must be an ISO 8601 date-time: {value!r}'
            raise ValueError(msg) from None
        if len(value) == 19 and value[10] == "T" and t.tzinfo is None:
            return t, value
    elif value.__class__ is dt.datetime:
        t = value
    else:
        msg = f'"{key}" must be an ISO 8601 date-time: {value!r}'
        raise ValueError(msg)
    if t.tzinfo is not None:
        try:
            t = t.astimezone(COPENHAGEN).replace(tzinfo=None)
        except OverflowError:
            msg = f'"{key}" is out of range in Copenhagen time: {value!r}'
            raise ValueError(msg) from None
    return t, t.isoformat(timespec="seconds")


def _parse_date(key: str, value: Any) -> dt.date:
    if value.__class__ is dt.date:
        return value
    if value.__class__ is str and len(value) == 10 and value[4] == value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    msg = f'"{key}" must be an ISO date (YYYY-MM-DD): {value!r}'
    raise ValueError(msg)


def _prepare(call: Any) -> tuple[Version, Event, dict[str, Any]]:
    """Validate ``call``; return its pack version, event and validated call record."""
    if call.__class__ is not dict:
        msg = f"a call must be a dict: {type(call).__name__}"
        raise ValueError(msg)
    ordning = call.get("ordning")
    versions = VERSIONS.get(ordning) if ordning.__class__ is str else None
    if versions is None:
        msg = f'"ordning" must be one of {sorted(VERSIONS)}: {ordning!r}'
        raise ValueError(msg)
    raw = call.get("modtaget")
    if raw is None:
        msg = '"modtaget" is required'
        raise ValueError(msg)
    received, stamp = _parse_datetime("modtaget", raw)
    day = received.date()
    for v in versions:
        if v.valid_from <= day < v.valid_to:
            break
    else:
        msg = f"no version of pack {ordning!r} is in force on {day}"
        raise ValueError(msg)
    rec: dict[str, Any] = {"ordning": ordning, "modtaget": stamp}
    enums, bools, ints = v.enums, v.bools, v.ints
    dates: dict[str, dt.date] | None = None
    for key, value in call.items():
        if value is None:
            continue
        allowed = enums.get(key)
        if allowed is not None:
            if value.__class__ is not str or value not in allowed:
                msg = f'"{key}" must be one of {sorted(allowed)}: {value!r}'
                raise ValueError(msg)
        elif key in bools:
            if value.__class__ is not bool:
                msg = f'"{key}" must be true or false: {value!r}'
                raise ValueError(msg)
        elif key in ints:
            if value.__class__ is not int:
                msg = f'"{key}" must be an integer: {value!r}'
                raise ValueError(msg)
        elif key in v.dates:
            if dates is None:
                dates = {}
            # A date that parses from the checked YYYY-MM-DD form is its own ISO text.
            dates[key] = d = _parse_date(key, value)
            if value.__class__ is not str:
                value = d.isoformat()
        elif key in v.datetimes:
            t, value = _parse_datetime(key, value)
            if dates is None:
                dates = {}
            dates[key] = t.date()
        elif key == "ordning" or key == "modtaget":
            continue
        else:
            msg = f"unknown field for pack {ordning!r}: {key!r}"
            raise ValueError(msg)
        rec[key] = value
    if not v.required <= rec.keys():
        msg = f"missing required field(s): {sorted(v.required - rec.keys())}"
        raise ValueError(msg)

    e = rec.copy()
    e["modtaget_dato"] = stamp[:10]
    weekday = received.weekday()
    clock = stamp[11:19]
    for start, end, by_weekday in v.epochs:
        if start <= day < end:
            for key, opens, closes in by_weekday[weekday]:
                e[key] = opens <= clock < closes
            break
    if dates is not None:
        dates["modtaget"] = day
        for name, first, second in v.derived:
            a, b = dates.get(first), dates.get(second)
            if a is not None and b is not None:
                e[name] = (b - a).days
    return v, e, rec


def _addenda(v: Version, e: Event) -> list[Addendum]:
    """The addenda that apply (see ``floor_tables.ADDENDA``), in pack order."""
    adds = []
    if e.get("sociale_problemer") is True:
        adds.append(v.socialforvaltningen)
    if e.get("behov_for_tolk") is True:
        adds.append(v.tolkebistand)
    return adds


def _record(
    o: Outcome, adds: list[Addendum], e: Event, rec: dict[str, Any]
) -> dict[str, Any]:
    """Assemble the decision record of outcome ``o`` plus ``adds``."""
    # Most texts have no placeholder: test for that inline, call fill() otherwise.
    wording = o.wording if o.wording.__class__ is str else fill(o.wording, e)
    if adds:
        texts = [wording]
        texts += [fill(a.wording, e) for a in adds if a.wording is not None]
        wording = "\n\n".join(texts)
        macros = [fill(o.macro, e, wording)]
        macros += [fill(a.macro, e, wording) for a in adds if a.macro is not None]
        macro = "\n".join(macros)
        steps = list(dict.fromkeys([*o.steps, *(s for a in adds for s in a.steps)]))
        sources = o.sources + [s for a in adds for s in a.sources]
        also = list(
            dict.fromkeys(
                a.refer_to for a in adds if a.refer_to and a.refer_to != o.refer_to
            )
        )
        ids = [a.id for a in adds]
    else:
        macro = fill(o.macro, e, wording)
        steps = o.steps.copy()
        sources = o.sources.copy()
        also = []
        ids = []
    record = o.base.copy()
    if o.action_text.__class__ is not str:
        record["action_text"] = fill(o.action_text, e)
    if o.templated:
        record["alternatives"] = [
            {**fixed, "criterion": fill(c, e)} for fixed, c in o.alternatives
        ]
    else:
        record["alternatives"] = list(o.alternatives)
    record["also_refer_to"] = also
    record["steps"] = steps
    record["wording"] = wording
    record["journal_macro"] = macro
    record["sources"] = sources
    record["addenda"] = ids
    record["call"] = rec
    return record


def decide(call: Any) -> dict[str, Any]:
    """Decide ``call`` in plain Python; return the record as ``Decision.model_dump()``.

    The lists in the record are fresh; the source and alternative dicts inside
    them are shared with the tables (read them, don't change them).

    Raises:
        ValueError: If the call is invalid.
    """
    v, e, rec = _prepare(call)
    return _record(v.outcomes[v.dispatch(e)], _addenda(v, e), e, rec)


# --- the same job around the bare durable-rules engine ---------------------------------


class RawDurable:
    """:func:`decide` with durable-rules' C engine choosing the rule and addenda.

    Validation, event and record are this module's hand-written ones; the event
    is serialised with ``json.dumps`` and posted to the durable executor's own
    rulesets (``durable_json(program.rules, catch_all=True)`` and
    ``durable_json(program.addenda, catch_all=False)``) through the raw
    functions of :mod:`raw_durable`. Like the durable executor, the addenda
    ruleset is asked only when the event holds a fact an addendum tests.

    Args:
        packs: The loaded flowrules packs (``engine.packs``); compiled here, at setup.
    """

    def __init__(self, packs: Iterable[Any]) -> None:
        from raw_durable import raw_every, raw_first

        from flowrules.engine.compiler import compile_pack
        from flowrules.engine.program import MARKER_FIELD, MARKER_VALUE

        self.marker = (MARKER_FIELD, MARKER_VALUE)
        self.parts: dict[
            Version, tuple[Callable[[str], str | None], Callable[[str], list[str]]]
        ] = {}
        for pack in packs:
            v = next(
                (x for x in VERSIONS.get(pack.pack, ()) if x.version == pack.version),
                None,
            )
            if v is None:
                continue  # decide() rejects its calls; verify() reports them
            program = compile_pack(pack)
            if [r.id for r in program.rules] != [o.rule_id for o in v.rules]:
                msg = f"the compiled rules of {pack.ref} differ from the YAML's"
                raise RuntimeError(msg)
            self.parts[v] = (raw_first(program), raw_every(program))

    def decide(self, call: Any) -> dict[str, Any]:
        """Decide ``call``; return the record as ``Decision.model_dump()``.

        Raises:
            ValueError: If the call is invalid.
        """
        v, e, rec = _prepare(call)
        first, every = self.parts[v]
        field, value = self.marker
        e[field] = value
        text = json.dumps(e)
        fired = first(text)
        if fired is None:
            msg = "the durable catch-all did not fire"
            raise RuntimeError(msg)
        o = v.fallback if fired == "fallback" else v.rules[int(fired[1:])]
        adds: list[Addendum] = []
        for fact in v.addendum_facts:
            if fact in e:
                adds = [v.addenda[i] for i in sorted(int(n[1:]) for n in every(text))]
                break
        return _record(o, adds, e, rec)


# --- verification ----------------------------------------------------------------------


class Mismatch(NamedTuple):
    """One field where an entry point's record differs from ``Engine.decide()``."""

    entry: str
    call: Any
    field: str
    expected: Any
    got: Any


def verify(
    engine: Any,
    calls: Iterable[dict[str, Any]],
    raw: RawDurable | None = None,
    *,
    limit: int | None = None,
) -> list[Mismatch]:
    """Compare :func:`decide` and :meth:`RawDurable.decide` with ``engine.decide()``.

    Args:
        engine: A flowrules engine (the expected record is
            ``engine.decide(call).model_dump()``).
        calls: Valid calls.
        raw: The durable entry point; built from ``engine.packs`` when omitted.
        limit: Stop after this many mismatches.

    Returns:
        Every mismatch (entry point, call, field, expected, got); an entry
        point that raises gives one with field ``"<raised>"``.
    """
    raw = RawDurable(engine.packs) if raw is None else raw
    entries = (("floor_e2e.decide", decide), ("RawDurable.decide", raw.decide))
    out: list[Mismatch] = []
    for call in calls:
        expected = engine.decide(call).model_dump()
        for name, entry in entries:
            try:
                got = entry(call)
            except Exception as exc:  # any failure is reported as a mismatch
                out.append(Mismatch(name, call, "<raised>", "a record", repr(exc)))
                continue
            if got != expected:
                for key in sorted(expected.keys() | got.keys()):
                    if expected.get(key, "<missing>") != got.get(key, "<missing>"):
                        out.append(
                            Mismatch(
                                name,
                                call,
                                key,
                                expected.get(key, "<missing>"),
                                got.get(key, "<missing>"),
                            )
                        )
            if limit is not None and len(out) >= limit:
                return out
    return out


def bad_calls(call: dict[str, Any]) -> list[tuple[str, Any]]:
    """Return ``(what, bad call)`` variants of the valid ``call`` that must be refused."""
    v = next(iter(VERSIONS[call["ordning"]]))
    cases: list[tuple[str, Any]] = [
        ("not a dict", list(call.items())),
        ("unknown ordning", {**call, "ordning": "ukendt"}),
        ("modtaget missing", {k: x for k, x in call.items() if k != "modtaget"}),
        ("modtaget not a date-time", {**call, "modtaget": "i går"}),
        ("modtaget impossible", {**call, "modtaget": "2026-02-30T10:00:00"}),
        ("modtaget before the pack", {**call, "modtaget": "1999-06-01T10:00:00"}),
        ("henvendelse missing", {k: x for k, x in call.items() if k != "henvendelse"}),
        ("henvendelse not allowed", {**call, "henvendelse": "ukendt"}),
        ("henvendelse not a string", {**call, "henvendelse": 3}),
        ("unknown field", {**call, "ukendt_felt": True}),
    ]
    if v.bools:
        name = min(v.bools)
        cases += [
            (f"{name} given 1", {**call, name: 1}),
            (f"{name} given 'true'", {**call, name: "true"}),
        ]
    if v.ints:
        name = min(v.ints)
        cases.append((f"{name} given True", {**call, name: True}))
    if v.dates:
        name = min(v.dates)
        cases += [
            (f"{name} impossible", {**call, name: "2026-02-30"}),
            (f"{name} a date-time", {**call, name: "2026-02-03T10:00:00"}),
        ]
    if v.datetimes:
        name = min(v.datetimes)
        cases.append((f"{name} not a date-time", {**call, name: "snart"}))
    if v.derived:
        cases.append((f"derived {v.derived[0][0]} sent", {**call, v.derived[0][0]: 3}))
    return cases
