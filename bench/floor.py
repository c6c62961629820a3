"""The benchmark's floor: ``decide()`` written by hand, in plain Python, for a subset.

The subset (:data:`SUBSET`) is three everyday call types of three packs, chosen so
that together they need every kind of work ``decide()`` does:

* ``dagpenge/afbud``: time rules on two schedules (the opening hours and the
  sygemelding line), a third schedule and a date-effective parameter (the best
  contact time), caller rules, a derived minute count, enum labels and a
  date-time in the texts, and both addenda;
* ``sygedagpenge/afbud_opfoelgning``: ``ne`` conditions (true when the fact is
  absent), date-effective parameters and the clock time in a text;
* ``kontanthjaelp/ydelse``: a grænseflade with its alternatives (and the
  employee's ``valg`` among them).

:func:`decide` takes the call dict and returns what
``Engine.decide(call).model_dump()`` returns: it validates the call (pack,
required and unknown fields, every core field, enum values, strict
``bool``/``int``, ISO dates and date-times, ``call_id``; :class:`ValueError` on
bad input), reads ``modtaget`` as naive Copenhagen time, builds the event
(schedule flags, derived day and minute counts; a core field or value the pack
does not declare is kept in the call record but left out of the event), chooses
the rule with an ``if``/``elif`` dispatch per call type and the addenda with two
tests, and assembles the record with its texts filled. The dispatch is the
hand-written part; the texts, labels, citations, parameter values and allowed
values are read from the subset's pack files at import (``yaml.safe_load``), so a
change of wording needs nothing here and a change in another pack is never read.
The pack digest is computed once at import, with flowrules' own function; no
flowrules code runs per call. The subset's call types never reach the fallback
(each ends in a rule without conditions on the facts), so ``missing`` is always
empty. :class:`raw_durable.RawDurable` does the same job with the bare
durable-rules engine choosing the rule and the addenda.

``bench/run.py`` checks both against ``decide()`` on every call of the subset's
domain and of the mix before it times anything; when the subset's rules change,
that check stops the run and names the function here to update.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from flowrules.danish import format_schedule
from flowrules.pack.digest import pack_digest
from flowrules.pack.load import load_pack
from flowrules.vocabulary import (
    CORE_ENUMS,
    CORE_FIELD_TYPES,
    CORE_FIELDS,
    NOTICE,
    VALG_FIELD,
    VALG_VALUES,
    WEEKDAYS,
)

RULES = Path(__file__).resolve().parents[1] / "rules"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
Event = dict[str, Any]

#: The call types the floor decides, by pack (written for the packs' version 2026.3).
SUBSET = {
    "dagpenge": ("afbud",),
    "sygedagpenge": ("afbud_opfoelgning",),
    "kontanthjaelp": ("ydelse",),
}


# --- the hand-written dispatch (update these when the subset's rules change) ----------

GYLDIG = frozenset({"arbejde", "ansaettelsessamtale", "sygdom", "borgerligt_ombud"})
DP_SAMARBEJDE = frozenset({"leverandoer", "samarbejdspartner", "anden_forvaltning"})
SD_TREDJEPART = DP_SAMARBEJDE | {"virksomhed", "a_kasse"}


def dagpenge(p: Pack, e: Event) -> str:
    """Return the rule deciding a ``dagpenge/afbud`` event."""
    grund = e.get("grund")
    if grund == "sygdom":
        if e["modtaget@aabningstid_sygemelding"] is False:
            return "lukket_sygemeldingslinje"
    elif e["modtaget@aabningstid"] is False:
        return "uden_for_aabningstid"
    opkalder = e.get("opkalder")
    if opkalder == "a_kasse":
        return "a_kasse_henvises"
    if opkalder in DP_SAMARBEJDE:
        return "samarbejdspartner_omstilles"
    if opkalder == "virksomhed":
        return "virksomhed_omstilles"
    if e.get("aftale") == "jobklub":
        return "afbud_jobklub"
    minutter = e.get("minutter_til_aftale")
    if minutter is not None and minutter < 0:
        return "afbud_efter_samtaletidspunkt"
    if grund is None:
        return "afbud_afklar_grund"
    if grund in GYLDIG:
        return "afbud_gyldig_grund"
    if e.get("omstilling_mulig") is not False and (
        p.value_on("traeffetid_jobcenter", e) is False
        or e["modtaget@bedste_traeffetid"] is True
    ):
        return "afbud_anden_grund"
    return "afbud_anden_grund_uden_for_traeffetid"


def sygedagpenge(p: Pack, e: Event) -> str:
    """Return the rule deciding a ``sygedagpenge/afbud_opfoelgning`` event."""
    if e.get("grund") == "sygdom":
        if e["modtaget@aabningstid_sygemelding"] is False:
            return "lukket_sygemeldingslinje"
    elif e["modtaget@aabningstid"] is False:
        return "lukket"
    if e.get("opkalder") in SD_TREDJEPART:
        return "tredjepart_omstilles"
    visitation = e.get("sag_hos_visitationsenheden") is True
    mulig = e.get("omstilling_mulig") is not False
    traeffetid = e["modtaget@bedste_traeffetid"] is True
    if (
        visitation
        and mulig
        and (traeffetid or p.value_on("traeffetid_visitationsenheden", e) is False)
    ):
        return "afbud_omstil_visitationsenheden"
    if mulig and (
        traeffetid or p.value_on("traeffetid_beskaeftigelseskonsulent", e) is False
    ):
        return "afbud_omstil_konsulent"
    return "afbud_henvis_visitationsenheden" if visitation else "afbud_henvis_konsulent"


def kontanthjaelp(p: Pack, e: Event) -> str:
    """Return the rule deciding a ``kontanthjaelp/ydelse`` event."""
    if e["modtaget@aabningstid"] is False:
        return "uden_for_aabningstid"
    svar = e.get("svar_fremgaar_af_journal")
    if svar is True:
        return "ydelse_svar_i_journal"
    if svar is False:
        return "ydelse_graenseflade"
    return "ydelse_graenseflade_uafklaret"


#: Per pack: the dispatch and the schedules it reads (``modtaget@<schedule>``).
DISPATCH: dict[str, tuple[Callable[[Pack, Event], str], tuple[str, ...]]] = {
    "dagpenge": (
        dagpenge,
        ("aabningstid", "aabningstid_sygemelding", "bedste_traeffetid"),
    ),
    "sygedagpenge": (
        sygedagpenge,
        ("aabningstid", "aabningstid_sygemelding", "bedste_traeffetid"),
    ),
    "kontanthjaelp": (kontanthjaelp, ("aabningstid",)),
}
#: The addenda the floor tests by hand, as every subset pack declares them.
ADDENDA = (
    ("henvis_socialforvaltningen", "sociale_problemer"),
    ("tolkebistand", "behov_for_tolk"),
)


# --- texts: split at their {placeholders} once, filled per call -------------------------

Renderer = Callable[[dict[str, Any], Event, str], str]


def _date(iso: str) -> str:
    return f"{iso[8:10]}.{iso[5:7]}.{iso[:4]}"


def _choice(alternative: dict[str, Any]) -> str:
    """The value of ``valg`` that chooses an alternative (by default its resolution)."""
    return alternative.get("choice") or alternative["resolution"]  # type: ignore[no-any-return]


class Text:
    """A text with ``{name}`` placeholders, split once into literals and renderers."""

    def __init__(self, head: str, parts: list[tuple[Renderer, str]]):
        self.head, self.parts = head, parts

    def __call__(self, rec: dict[str, Any], e: Event, wording: str = "") -> str:
        out = self.head
        for render, literal in self.parts:
            out += render(rec, e, wording) + literal
        return out


def text(pack: Pack, source: str, where: str) -> Text | str:
    """Return ``source`` itself when it has no placeholder, else its :class:`Text`."""
    if "{" not in source:
        return source
    head, *rest = source.split("{")
    parts = [piece.split("}", 1) for piece in rest]
    return Text(
        head, [(pack.renderer(name, where), literal) for name, literal in parts]
    )


def fill(t: Text | str, rec: dict[str, Any], e: Event, wording: str = "") -> str:
    """Render ``t`` on call record ``rec`` and event ``e`` (a constant text is itself)."""
    return t if t.__class__ is str else t(rec, e, wording)  # type: ignore[operator]


class Outcome:
    """One rule's, a chosen alternative's, the fallback's or an addendum's part."""

    def __init__(
        self,
        pack: Pack,
        item: dict[str, Any],
        rule_id: str,
        chosen: dict[str, Any] | None = None,
    ) -> None:
        then, data = item["then"], pack.data
        # A chosen alternative is the whole outcome; what it leaves out is the rule's.
        alt = chosen or then
        self.rule_id, self.refer_to = rule_id, alt.get("refer_to")
        steps = alt.get("steps")
        self.steps = list(then.get("steps") or () if steps is None else steps)
        self.sources = [
            {k: c[k] for k in ("document", "section", "quote")}
            for c in item["citations"]
        ]
        w = alt.get("wording") or then.get("wording")
        m = alt.get("journal_macro") or then.get("journal_macro")
        self.wording = w and text(pack, data["wordings"][w]["text"], rule_id)
        self.macro = m and text(pack, data["journal_macros"][m]["text"], rule_id)
        action_text = alt.get("action_text") or then.get("action_text") or ""
        self.action_text = text(pack, action_text, rule_id)
        self.alternatives = [
            (
                {
                    "resolution": a["resolution"],
                    "transfer_to": a.get("transfer_to"),
                    "refer_to": a.get("refer_to"),
                    "choice": _choice(a),
                    "label": a.get("label"),
                },
                text(pack, a["criterion"], rule_id),
            )
            for a in (() if chosen else then.get("alternatives") or ())
        ]
        #: The finished alternatives when no criterion has a placeholder, else None.
        self.fixed = None
        if all(c.__class__ is str for _, c in self.alternatives):
            self.fixed = [{**f, "criterion": c} for f, c in self.alternatives]
        self.base = {
            "pack": pack.pack,
            "pack_version": pack.version,
            "pack_digest": pack.digest,
            "rule_id": rule_id,
            "routed_from": [],
            "action": alt.get("action") or then.get("action"),
            "resolution": alt.get("resolution"),
            "transfer_to": alt.get("transfer_to"),
            "referral": self.refer_to is not None,
            "refer_to": self.refer_to,
            "notice": NOTICE,
            "call_id": None,
            "missing": [],
            "trace": None,
        }


class Outcomes(dict[Any, Outcome]):
    """A pack's outcomes by rule id, or by (rule id, ``valg``), read on first use."""

    def __init__(self, pack: Pack) -> None:
        super().__init__()
        self.pack = pack

    def __missing__(self, key: str | tuple[str, str]) -> Outcome:
        data, name = self.pack.data, self.pack.pack
        rule, choice = (key, None) if isinstance(key, str) else key
        items = {r["id"]: r for r in data["rules"]} | {"fallback": data["fallback"]}
        if rule not in items:
            msg = f"bench/floor.py: rules/{name}.yaml has no rule {rule!r}"
            raise KeyError(msg)
        item, o_id = items[rule], f"{name}.{rule}"
        if choice is None:
            o = Outcome(self.pack, item, o_id)
        else:
            # The alternative ``valg`` names; without one (or for the fallback), the
            # rule's own outcome.
            alts = () if rule == "fallback" else item["then"].get("alternatives") or ()
            alt = next((a for a in alts if _choice(a) == choice), None)
            o = self[rule] if alt is None else Outcome(self.pack, item, o_id, alt)
        self[key] = o
        return o


#: A field's kind, the values a call may give it, and those the pack matches on
#: (``None``: all of them; an empty set: the field is kept in the call, not matched).
Spec = tuple[str, frozenset[str], frozenset[str] | None]


class Pack:
    """One subset pack's file, read into plain tables."""

    def __init__(self, name: str) -> None:
        path = RULES / f"{name}.yaml"
        self.data = data = yaml.safe_load(path.read_text("utf-8"))
        self.pack, self.version = name, str(data["version"])
        self.digest = pack_digest(load_pack(path))  # set-up only: flowrules' digest
        self.valid_from = data["valid_from"].isoformat()
        self.valid_to = (data.get("valid_to") or dt.date.max).isoformat()
        facts = {n: f for n, f in data["facts"].items() if "derived" not in f}
        self.fields: dict[str, Spec] = {"modtaget": ("datetime", frozenset(), None)}
        for core in CORE_FIELDS:  # every pack accepts every core field
            if core not in facts and core not in self.fields and core != "ordning":
                kind = "call_id" if core == "call_id" else CORE_FIELD_TYPES[core]
                allowed = frozenset(CORE_ENUMS.get(core, ()))
                self.fields[core] = (kind, allowed, frozenset())
        for n, f in facts.items():
            values = frozenset(f.get("values") or ())
            allowed = frozenset(CORE_ENUMS.get(n, values))
            self.fields[n] = (f["type"], allowed, None if allowed == values else values)
        # The employee's choice at a grænseflade: checked and kept, never matched on.
        own = [r["then"] for r in data["rules"] if "continue_with" not in r["then"]]
        choices = [
            _choice(a)
            for then in (*own, data["fallback"]["then"])
            for a in then.get("alternatives") or ()
        ]
        valg = frozenset((*VALG_VALUES, *choices))
        self.fields[VALG_FIELD] = ("enum", valg, frozenset())
        self.kinds = {n: kind for n, (kind, _, _) in self.fields.items()}
        self.required = frozenset(
            {"modtaget", *(n for n, f in facts.items() if f.get("required"))}
        )
        self.derived = [
            (n, unit.removesuffix("_between"), *pair)
            for n, f in data["facts"].items()
            for unit, pair in (f.get("derived") or {}).items()
        ]
        params = data.get("parameters") or {}
        self.dispatch, schedules = DISPATCH[name]
        self.schedules = [
            (f"modtaget@{s}", self._schedule(params[s])) for s in schedules
        ]
        #: The other parameters' versions: (from, to, value).
        self.params = {
            n: [
                (
                    v["valid_from"].isoformat(),
                    (v.get("valid_to") or dt.date.max).isoformat(),
                    v["value"],
                )
                for v in param["versions"]
            ]
            for n, param in params.items()
            if param["type"] != "schedule"
        }
        self.outcomes = Outcomes(self)
        self.addenda = [
            Outcome(self, a, f"{name}.{a['id']}") for a in data.get("addenda") or ()
        ]
        found = [(a["id"], a["when"]) for a in data.get("addenda") or ()]
        if found != [(i, {fact: True}) for i, fact in ADDENDA]:
            msg = f"bench/floor.py: rules/{name}.yaml has the addenda {found}: update ADDENDA"
            raise RuntimeError(msg)

    @staticmethod
    def _schedule(param: dict[str, Any]) -> list[tuple[str, str, list[Any], str]]:
        """Each version as (from, to, (start, end) per weekday or None, Danish text)."""
        return [
            (
                v["valid_from"].isoformat(),
                (v.get("valid_to") or dt.date.max).isoformat(),
                [v["value"].get(d) for d in WEEKDAYS],
                format_schedule(v["value"]),
            )  # set-up only: flowrules' own Danish text
            for v in param["versions"]
        ]

    def value_on(self, name: str, e: Event) -> Any:
        """Return parameter ``name``'s value on the call's date (``None``: none in force)."""
        day = e["modtaget_dato"]
        return next((v for a, b, v in self.params[name] if a <= day < b), None)

    def outcome(self, rule: str, rec: dict[str, Any]) -> Outcome:
        """Return the outcome of ``rule`` for the call: the alternative ``valg`` chooses."""
        choice = rec.get(VALG_FIELD)
        return self.outcomes[rule] if choice is None else self.outcomes[rule, choice]

    def renderer(self, name: str, where: str) -> Renderer:
        """Return how placeholder ``name`` is filled (the kinds the subset's texts use)."""
        fact = self.data["facts"].get(name, {})
        labels = fact.get("labels")
        param = (self.data.get("parameters") or {}).get(name)
        if name == "wording":
            return lambda r, e, w: w
        if labels is not None:  # the call's value (kept even where not matched)
            return lambda r, e, w: labels.get(r[name], r[name])
        if name == "modtaget" or fact.get("type") == "datetime":
            return lambda r, e, w: _date(r[name]) + " kl. " + r[name][11:16]
        if name == "modtaget_tid":
            return lambda r, e, w: e["modtaget"][11:16]
        if param is not None and param["type"] == "schedule":
            versions = self._schedule(param)
            return lambda r, e, w: next(
                (t for a, b, _, t in versions if a <= e["modtaget_dato"] < b), ""
            )
        msg = f"bench/floor.py cannot fill {{{name}}} (in {where}): add it to Pack.renderer()"
        raise NotImplementedError(msg)


PACKS = {name: Pack(name) for name in SUBSET}


# --- the call path ---------------------------------------------------------------------

#: An ISO 8601 date-time as flowrules accepts it; a ``call_id``; a CPR-like number.
ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?\Z"
)
CALL_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}\Z")
CPR = re.compile(
    r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])(\d{2})[- ]?(\d{4})(?!\d)"
)
MAX_INT = 2**53 - 1
MINUTE = dt.timedelta(minutes=1)


def _moment(key: str, value: Any) -> tuple[dt.datetime, str]:
    """Return an ISO date-time as naive Copenhagen time and its stamp to the second."""
    if value.__class__ is not str or ISO_DATETIME.match(value) is None:
        msg = f'"{key}" must be an ISO 8601 date-time: {value!r}'
        raise ValueError(msg)
    t = dt.datetime.fromisoformat(value)  # ValueError on impossible dates
    if len(value) == 19 and value[10] == "T":
        return t, value  # naive and to the second: its own stamp
    if t.tzinfo is not None:
        try:
            t = t.astimezone(COPENHAGEN).replace(tzinfo=None)
        except OverflowError:
            msg = f'"{key}" is out of range in Copenhagen time: {value!r}'
            raise ValueError(msg) from None
    return t, t.isoformat(timespec="seconds")


def _bad(p: Pack, key: str, value: Any) -> ValueError:
    if key not in p.kinds:
        return ValueError(f"unknown field for pack {p.pack!r}: {key!r}")
    return ValueError(f'"{key}" has a bad value for pack {p.pack!r}: {value!r}')


def prepare(call: Any) -> tuple[Pack, Event, dict[str, Any]]:
    """Validate ``call``; return its pack, event and call record."""
    o = call.get("ordning") if call.__class__ is dict else None
    p = PACKS.get(o) if o.__class__ is str else None
    if p is None or "modtaget" not in call:
        msg = (
            f"not a call of the bench subset ({sorted(SUBSET)}) with modtaget: {call!r}"
        )
        raise ValueError(msg)
    received, stamp = _moment("modtaget", call["modtaget"])
    day = stamp[:10]
    if not p.valid_from <= day < p.valid_to:
        msg = f"pack {p.pack!r} is not in force on {day}"
        raise ValueError(msg)
    rec: dict[str, Any] = {"ordning": p.pack}
    e: Event = {}
    moments: dict[str, dt.date] = {}  # the dates and date-times, for derived facts
    fields = p.fields
    for key, value in call.items():
        if value is None:
            continue  # an optional fact sent as null is absent
        spec = fields.get(key)
        if spec is None:
            if key == "ordning":
                continue
            raise _bad(p, key, value)
        kind, allowed, matched = spec
        if kind == "enum":
            if value.__class__ is not str or value not in allowed:
                raise _bad(p, key, value)
        elif kind == "bool":
            if value.__class__ is not bool:
                raise _bad(p, key, value)
        elif kind == "datetime":
            if key == "modtaget":
                moments[key], value = received, stamp
            else:
                moments[key], value = _moment(key, value)
        elif kind == "int":
            if value.__class__ is not int or not -MAX_INT <= value <= MAX_INT:
                raise _bad(p, key, value)
        elif kind == "date":
            if (
                value.__class__ is not str
                or len(value) != 10
                or value[4] + value[7] != "--"
            ):
                raise _bad(p, key, value)
            moments[key] = dt.date.fromisoformat(value)  # ValueError if impossible
        elif kind == "call_id" and (
            value.__class__ is not str
            or CALL_ID.match(value) is None
            or CPR.search(value) is not None
        ):
            raise _bad(p, key, value)
        rec[key] = value
        if matched is None or value in matched:
            e[key] = value
    if not p.required <= rec.keys() or rec["henvendelse"] not in SUBSET[p.pack]:
        msg = f"a required field is missing or the call type is not in the subset: {call!r}"
        raise ValueError(msg)
    e["modtaget_dato"] = day
    weekday, clock = received.weekday(), stamp[11:19]
    for key, versions in p.schedules:
        e[key] = False  # no version in force: outside
        for start, end, hours, _ in versions:
            if start <= day < end:
                span = hours[weekday]
                e[key] = span is not None and span[0] <= clock < span[1]
                break
    for name, unit, first, second in p.derived:
        if first in moments and second in moments:
            a, b = moments[first], moments[second]
            if unit == "minutes":
                if a.__class__ is dt.datetime and b.__class__ is dt.datetime:
                    e[name] = (b - a) // MINUTE
                continue
            a = a.date() if isinstance(a, dt.datetime) else a
            b = b.date() if isinstance(b, dt.datetime) else b
            e[name] = (b - a).days
    return p, e, rec


def record(
    o: Outcome, adds: list[Outcome], e: Event, rec: dict[str, Any]
) -> dict[str, Any]:
    """Assemble the decision record of outcome ``o`` plus the addenda ``adds``."""
    out = o.base.copy()
    wording = fill(o.wording, rec, e)
    action_text = fill(o.action_text, rec, e)
    if adds:
        wording = "\n\n".join(
            [wording, *(fill(a.wording, rec, e) for a in adds if a.wording)]
        )
        macros = [
            fill(o.macro, rec, e, wording),
            *(fill(a.macro, rec, e, wording) for a in adds if a.macro),
        ]
        action_text = " ".join(
            [action_text, *(fill(a.action_text, rec, e) for a in adds if a.action_text)]
        )
        also = (a.refer_to for a in adds if a.refer_to and a.refer_to != o.refer_to)
        out["also_refer_to"] = list(dict.fromkeys(also))
        out["steps"] = list(
            dict.fromkeys([*o.steps, *(s for a in adds for s in a.steps)])
        )
        out["sources"] = o.sources + [s for a in adds for s in a.sources]
        out["addenda"] = [a.rule_id for a in adds]
        out["journal_macro"] = "\n".join(macros)
    else:
        out["journal_macro"] = fill(o.macro, rec, e, wording)
        out["also_refer_to"], out["addenda"] = [], []
        out["steps"], out["sources"] = o.steps.copy(), o.sources.copy()
    out["action_text"] = action_text
    fixed = o.fixed
    if fixed is not None:
        # The dicts are shared: read them, don't change them.
        out["alternatives"] = fixed.copy()
    else:
        out["alternatives"] = [
            {**f, "criterion": fill(c, rec, e)} for f, c in o.alternatives
        ]
    out["wording"], out["call"], out["call_id"] = wording, rec, rec.get("call_id")
    out["routed_from"], out["missing"] = [], []
    return out


def decide(call: Any) -> dict[str, Any]:
    """Decide a call of the subset in plain Python; return the record as a dict.

    Raises:
        ValueError: If the call is invalid or not in the subset.
    """
    p, e, rec = prepare(call)
    adds = []
    if e.get("sociale_problemer") is True:
        adds.append(p.addenda[0])
    if e.get("behov_for_tolk") is True:
        adds.append(p.addenda[1])
    return record(p.outcome(p.dispatch(p, e), rec), adds, e, rec)
