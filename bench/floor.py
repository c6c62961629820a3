"""The benchmark's floor: ``decide()`` written by hand, in plain Python, for a subset.

The subset (:data:`SUBSET`) is three everyday call types of three packs, chosen so
that together they need every kind of work ``decide()`` does:

* ``dagpenge/afbud``: a time rule on the opening hours, a second schedule (the
  best contact time), caller rules, enum labels in the texts, both addenda, and
  the fallback (an afbud without a reason);
* ``sygedagpenge/afbud_opfoelgning``: ``ne`` conditions (true when the fact is
  absent) and the clock time in a text;
* ``kontanthjaelp/ydelse``: a grænseflade with its alternatives.

:func:`decide` takes the call dict and returns what
``Engine.decide(call).model_dump()`` returns: it validates the call (pack,
required and unknown fields, enum values, strict ``bool``/``int``, ISO dates and
date-times; :class:`ValueError` on bad input), reads ``modtaget`` as naive
Copenhagen time, builds the event (schedule flags, derived day counts), chooses
the rule with an ``if``/``elif`` dispatch per call type and the addenda with two
tests, and assembles the record with its texts filled. The dispatch is the
hand-written part; the texts, labels, citations and allowed values are read from
the subset's pack files at import (``yaml.safe_load``), so a change of wording
needs nothing here and a change in another pack is never read. No flowrules code
runs per call. :class:`raw_durable.RawDurable` does the same job with the bare
durable-rules engine choosing the rule and the addenda.

``bench/run.py`` checks both against ``decide()`` on every call of the subset's
domain and of the mix before it times anything; when the subset's rules change,
that check stops the run and names the function here to update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from flowrules.danish import format_schedule
from flowrules.vocabulary import NOTICE, WEEKDAYS

RULES = Path(__file__).resolve().parents[1] / "rules"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
Event = dict[str, Any]

#: The call types the floor decides, by pack (written for the packs' version 2026.1).
SUBSET = {
    "dagpenge": ("afbud",),
    "sygedagpenge": ("afbud_opfoelgning",),
    "kontanthjaelp": ("ydelse",),
}


# --- the hand-written dispatch (update these when the subset's rules change) ----------

GYLDIG = frozenset({"arbejde", "ansaettelsessamtale", "sygdom", "borgerligt_ombud"})
DP_SAMARBEJDE = frozenset({"leverandoer", "samarbejdspartner", "anden_forvaltning"})
SD_TREDJEPART = DP_SAMARBEJDE | {"virksomhed", "a_kasse"}


def dagpenge(e: Event) -> str:
    """Return the rule deciding a ``dagpenge/afbud`` event."""
    if e["modtaget@aabningstid"] is False:
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
    grund = e.get("grund")
    if grund in GYLDIG:
        return "afbud_gyldig_grund"
    if grund is None:
        return "fallback"
    if e["modtaget@bedste_traeffetid"] is True:
        return "afbud_anden_grund"
    return "afbud_anden_grund_uden_for_traeffetid"


def sygedagpenge(e: Event) -> str:
    """Return the rule deciding a ``sygedagpenge/afbud_opfoelgning`` event."""
    if e["modtaget@aabningstid"] is False:
        return "lukket"
    if e.get("opkalder") in SD_TREDJEPART:
        return "tredjepart_omstilles"
    visitation = e.get("sag_hos_visitationsenheden") is True
    if (
        e["modtaget@bedste_traeffetid"] is True
        and e.get("omstilling_mulig") is not False
    ):
        return (
            "afbud_omstil_visitationsenheden"
            if visitation
            else "afbud_omstil_konsulent"
        )
    return "afbud_henvis_visitationsenheden" if visitation else "afbud_henvis_konsulent"


def kontanthjaelp(e: Event) -> str:
    """Return the rule deciding a ``kontanthjaelp/ydelse`` event."""
    if e["modtaget@aabningstid"] is False:
        return "uden_for_aabningstid"
    if e.get("svar_fremgaar_af_journal") is True:
        return "ydelse_svar_i_journal"
    return "ydelse_graenseflade"


#: Per pack: the dispatch and the schedules it reads (``modtaget@<schedule>``).
DISPATCH: dict[str, tuple[Callable[[Event], str], tuple[str, ...]]] = {
    "dagpenge": (dagpenge, ("aabningstid", "bedste_traeffetid")),
    "sygedagpenge": (sygedagpenge, ("aabningstid", "bedste_traeffetid")),
    "kontanthjaelp": (kontanthjaelp, ("aabningstid",)),
}
#: The addenda the floor tests by hand, as every subset pack declares them.
ADDENDA = (
    ("henvis_socialforvaltningen", "sociale_problemer"),
    ("tolkebistand", "behov_for_tolk"),
)


# --- texts: split at their {placeholders} once, filled per call -------------------------


def _date(iso: str) -> str:
    return f"{iso[8:10]}.{iso[5:7]}.{iso[:4]}"


class Text:
    """A text with ``{name}`` placeholders, split once into literals and renderers."""

    def __init__(self, head: str, parts: list[tuple[Callable[[Event, str], str], str]]):
        self.head, self.parts = head, parts

    def __call__(self, e: Event, wording: str = "") -> str:
        out = self.head
        for render, literal in self.parts:
            out += render(e, wording) + literal
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


def fill(t: Text | str, e: Event, wording: str = "") -> str:
    """Render ``t`` on event ``e`` (a constant text is itself)."""
    return t if t.__class__ is str else t(e, wording)  # type: ignore[operator]


class Outcome:
    """One rule's, the fallback's or an addendum's part of the record."""

    def __init__(self, pack: Pack, item: dict[str, Any], rule_id: str) -> None:
        then, data = item["then"], pack.data
        self.rule_id, self.refer_to = rule_id, then.get("refer_to")
        self.steps = list(then.get("steps") or ())
        self.sources = [
            {k: c[k] for k in ("document", "section", "quote")}
            for c in item["citations"]
        ]
        w, m = then.get("wording"), then.get("journal_macro")
        self.wording = w and text(pack, data["wordings"][w]["text"], rule_id)
        self.macro = m and text(pack, data["journal_macros"][m]["text"], rule_id)
        self.action_text = text(pack, then.get("action_text", ""), rule_id)
        self.alternatives = [
            (
                {
                    "resolution": a["resolution"],
                    "transfer_to": a.get("transfer_to"),
                    "refer_to": a.get("refer_to"),
                },
                text(pack, a["criterion"], rule_id),
            )
            for a in then.get("alternatives") or ()
        ]
        #: The finished alternatives when no criterion has a placeholder, else None.
        self.fixed = None
        if all(c.__class__ is str for _, c in self.alternatives):
            self.fixed = [{**f, "criterion": c} for f, c in self.alternatives]
        self.base = {
            "pack": pack.pack,
            "pack_version": pack.version,
            "pack_digest": None,
            "rule_id": rule_id,
            "routed_from": [],
            "action": then.get("action"),
            "resolution": then.get("resolution"),
            "transfer_to": then.get("transfer_to"),
            "referral": self.refer_to is not None,
            "refer_to": self.refer_to,
            "notice": NOTICE,
            "call_id": None,
            "missing": [],
            "trace": None,
        }


class Outcomes(dict[str, Outcome]):
    """A pack's outcomes by rule id, read when the dispatch first returns the rule."""

    def __init__(self, pack: Pack) -> None:
        super().__init__()
        self.pack = pack

    def __missing__(self, rule: str) -> Outcome:
        data = self.pack.data
        items = {r["id"]: r for r in data["rules"]} | {"fallback": data["fallback"]}
        if rule not in items:
            msg = f"bench/floor.py: rules/{self.pack.pack}.yaml has no rule {rule!r}"
            raise KeyError(msg)
        self[rule] = o = Outcome(self.pack, items[rule], f"{self.pack.pack}.{rule}")
        return o


class Pack:
    """One subset pack's file, read into plain tables."""

    def __init__(self, name: str) -> None:
        self.data = data = yaml.safe_load((RULES / f"{name}.yaml").read_text("utf-8"))
        self.pack, self.version = name, str(data["version"])
        self.valid_from = data["valid_from"].isoformat()
        self.valid_to = (data.get("valid_to") or dt.date.max).isoformat()
        facts = {n: f for n, f in data["facts"].items() if "derived" not in f}
        self.kinds = {n: f["type"] for n, f in facts.items()}
        self.enums = {
            n: frozenset(f["values"]) for n, f in facts.items() if "values" in f
        }
        self.required = frozenset(n for n, f in facts.items() if f.get("required"))
        self.derived = [
            (n, *f["derived"]["days_between"])
            for n, f in data["facts"].items()
            if "derived" in f
        ]
        params = data.get("parameters") or {}
        self.dispatch, schedules = DISPATCH[name]
        self.schedules = [
            (f"modtaget@{s}", self._schedule(params[s])) for s in schedules
        ]
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

    def renderer(self, name: str, where: str) -> Callable[[Event, str], str]:
        """Return how placeholder ``name`` is filled (the kinds the subset's texts use)."""
        labels = self.data["facts"].get(name, {}).get("labels")
        param = (self.data.get("parameters") or {}).get(name)
        if name == "wording":
            return lambda e, w: w
        if labels is not None:
            return lambda e, w: labels.get(e[name], e[name])
        if name == "modtaget":
            return lambda e, w: _date(e["modtaget"]) + " kl. " + e["modtaget"][11:16]
        if name == "modtaget_tid":
            return lambda e, w: e["modtaget"][11:16]
        if param is not None and param["type"] == "schedule":
            versions = self._schedule(param)
            return lambda e, w: next(
                t for a, b, _, t in versions if a <= e["modtaget_dato"] < b
            )
        msg = f"bench/floor.py cannot fill {{{name}}} (in {where}): add it to Pack.renderer()"
        raise NotImplementedError(msg)


PACKS = {name: Pack(name) for name in SUBSET}


# --- the call path ---------------------------------------------------------------------


def _moment(key: str, value: Any) -> tuple[dt.datetime, str]:
    """Return an ISO date-time as naive Copenhagen time and its stamp to the second."""
    bad = value.__class__ is not str or len(value) < 16
    if bad or value[4] != "-" or value[10] not in "T ":
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
    p = PACKS.get(call.get("ordning")) if call.__class__ is dict else None
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
    rec = {"ordning": p.pack, "modtaget": stamp}
    kinds, enums = p.kinds, p.enums
    for key, value in call.items():
        if value is None:
            continue  # an optional fact sent as null is absent
        kind = kinds.get(key)
        if kind == "enum":
            if value.__class__ is not str or value not in enums[key]:
                raise _bad(p, key, value)
        elif kind == "bool":
            if value.__class__ is not bool:
                raise _bad(p, key, value)
        elif key == "ordning" or key == "modtaget":
            continue
        elif kind == "int":
            if value.__class__ is not int:
                raise _bad(p, key, value)
        elif kind == "date":
            if (
                value.__class__ is not str
                or len(value) != 10
                or value[4] + value[7] != "--"
            ):
                raise _bad(p, key, value)
            dt.date.fromisoformat(value)  # ValueError on impossible dates
        elif kind == "datetime":
            value = _moment(key, value)[1]
        else:
            raise _bad(p, key, value)
        rec[key] = value
    if not p.required <= rec.keys() or rec["henvendelse"] not in SUBSET[p.pack]:
        msg = f"a required field is missing or the call type is not in the subset: {call!r}"
        raise ValueError(msg)
    e = rec.copy()
    e["modtaget_dato"] = day
    weekday, clock = received.weekday(), stamp[11:19]
    for key, versions in p.schedules:
        for start, end, hours, _ in versions:
            if start <= day < end:
                span = hours[weekday]
                e[key] = span is not None and span[0] <= clock < span[1]
                break
    for name, first, second in p.derived:
        if first in e and second in e:
            a, b = (
                dt.date.fromisoformat(e[first][:10]),
                dt.date.fromisoformat(e[second][:10]),
            )
            e[name] = (b - a).days
    return p, e, rec


def record(
    o: Outcome, adds: list[Outcome], e: Event, rec: dict[str, Any]
) -> dict[str, Any]:
    """Assemble the decision record of outcome ``o`` plus the addenda ``adds``."""
    out = o.base.copy()
    w = o.wording
    wording = w if w.__class__ is str else w(e)
    if adds:
        wording = "\n\n".join(
            [wording, *(fill(a.wording, e) for a in adds if a.wording)]
        )
        macros = [
            fill(o.macro, e, wording),
            *(fill(a.macro, e, wording) for a in adds if a.macro),
        ]
        also = (a.refer_to for a in adds if a.refer_to and a.refer_to != o.refer_to)
        out["also_refer_to"] = list(dict.fromkeys(also))
        out["steps"] = list(
            dict.fromkeys([*o.steps, *(s for a in adds for s in a.steps)])
        )
        out["sources"] = o.sources + [s for a in adds for s in a.sources]
        out["addenda"] = [a.rule_id for a in adds]
        out["journal_macro"] = "\n".join(macros)
    else:
        out["journal_macro"] = fill(o.macro, e, wording)
        out["also_refer_to"], out["addenda"] = [], []
        out["steps"], out["sources"] = o.steps.copy(), o.sources.copy()
    a = o.action_text
    out["action_text"] = a if a.__class__ is str else a(e)
    fixed = o.fixed
    if fixed is not None:
        out["alternatives"] = (
            fixed.copy()
        )  # the dicts are shared: read them, don't change them
    else:
        out["alternatives"] = [
            {**f, "criterion": fill(c, e)} for f, c in o.alternatives
        ]
    out["wording"], out["call"], out["routed_from"], out["missing"] = (
        wording,
        rec,
        [],
        [],
    )
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
    return record(p.outcomes[p.dispatch(e)], adds, e, rec)
