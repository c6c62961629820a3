"""The bundled packs' YAML as plain lookup tables, for :mod:`floor_e2e`.

Read once at import with ``yaml.safe_load``: per pack version the fields a
call may carry (by type, with the allowed enum values), the derived day counts,
the schedules on the call time, and for every rule, the fallback and every
addendum the parts of its record, with each text split at its ``{name}``
placeholders into literals and small getter functions that render a value from
the event as flowrules does (labels, dd.mm.åååå, "kl. HH:MM", ja/nej,
parameters in force on the call's date). No rule content is typed here; the
dispatch is :mod:`floor`'s. The notice and the weekday names are flowrules'
contract vocabulary (:mod:`flowrules.vocabulary`), imported as constants; a
schedule's text is made once, here, by flowrules' own ``format_schedule``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import floor
import yaml

from flowrules.danish import format_schedule
from flowrules.vocabulary import NOTICE, WEEKDAYS

RULES = Path(__file__).resolve().parents[1] / "rules"

#: The addenda every bundled pack has, as the hand-written tests in
#: ``floor_e2e._addenda`` expect them (checked against each pack's YAML here).
ADDENDA = (
    ("henvis_socialforvaltningen", {"sociale_problemer": True}),
    ("tolkebistand", {"behov_for_tolk": True}),
)

Event = dict[str, Any]
Getter = Callable[[Event, Any], str]
#: A text: constant, or (head, ((value getter, following literal), ...)).
Template = str | tuple[str, tuple[tuple[Getter, str], ...]]

END_OF_TIME = dt.date.max
_SUFFIXES = ("_dato", "_tid", "_ugedag")


# --- formatting ------------------------------------------------------------------------


def _fmt_date(iso: str) -> str:
    """``YYYY-MM-DD`` → ``DD.MM.YYYY`` (years below 1000 unpadded, as strftime)."""
    year = iso[:4] if iso[0] != "0" else iso[:4].lstrip("0")
    return iso[8:10] + "." + iso[5:7] + "." + year


def _fmt_datetime(stamp: str) -> str:
    """``YYYY-MM-DDTHH:MM:SS`` → ``DD.MM.YYYY kl. HH:MM``."""
    return _fmt_date(stamp) + " kl. " + stamp[11:16]


def _parameter_text(param: dict[str, Any], value: Any) -> str:
    if param["type"] == "schedule":
        # Built once at import, so flowrules' own formatter serves (no per-call code).
        return format_schedule(value)
    if value is True or value is False:
        return "ja" if value else "nej"
    return str(value)


# --- tables built from the pack YAML at import ------------------------------------------


def _absent(e: Event) -> str:
    # flowrules renders a placeholder whose fact the call lacks as the call's date.
    return _fmt_date(e["modtaget_dato"])


def _getter(data: dict[str, Any], name: str) -> Getter:
    """Return the function that renders placeholder ``name`` from an event."""
    facts, params = data["facts"], data.get("parameters", {})
    fact = facts.get(name)
    if fact is not None:
        kind, labels = fact["type"], fact.get("labels") or {}
        if kind == "enum" and labels:

            def label(e: Event, w: str | None) -> str:
                v = e.get(name)
                return _absent(e) if v is None else labels.get(v, v)

            return label
        if kind == "bool":
            return lambda e, w: (
                _absent(e) if (v := e.get(name)) is None else ("ja" if v else "nej")
            )
        if kind in ("enum", "int"):
            return lambda e, w: _absent(e) if (v := e.get(name)) is None else str(v)
        if kind == "date":
            return lambda e, w: (
                _absent(e) if (v := e.get(name)) is None else _fmt_date(v)
            )
        return lambda e, w: (
            _absent(e) if (v := e.get(name)) is None else _fmt_datetime(v)
        )
    if name == "modtaget":
        return lambda e, w: _fmt_datetime(e["modtaget"])
    for suffix in _SUFFIXES:
        base = name.removesuffix(suffix)
        if base != name and (
            base == "modtaget" or facts.get(base, {}).get("type") == "datetime"
        ):
            if suffix == "_dato":
                return lambda e, w: (
                    _absent(e) if (v := e.get(base)) is None else _fmt_date(v)
                )
            if suffix == "_tid":
                return lambda e, w: (
                    _absent(e) if (v := e.get(base)) is None else v[11:16]
                )
            return lambda e, w: (
                _absent(e)
                if (v := e.get(base)) is None
                else WEEKDAYS[dt.date.fromisoformat(v[:10]).weekday()]
            )
    if name in params:
        param = params[name]
        versions = tuple(
            (
                v["valid_from"].isoformat(),
                (v.get("valid_to") or END_OF_TIME).isoformat(),
                _parameter_text(param, v["value"]),
            )
            for v in param["versions"]
        )

        def in_force(e: Event, w: str | None) -> str:
            day = e["modtaget_dato"]
            for start, end, text in versions:
                if start <= day < end:
                    return text
            return ""

        return in_force
    msg = f"floor_e2e cannot render placeholder {{{name}}} of pack {data['pack']!r}"
    raise NotImplementedError(msg)


def template(data: dict[str, Any], text: str, *, macro: bool = False) -> Template:
    """Split ``text`` at its ``{name}`` placeholders into literals and getters."""
    head, parts, rest = None, [], text
    while True:
        i = rest.find("{")
        literal = rest if i < 0 else rest[:i]
        if "}" in literal:
            msg = f"stray '}}' in a text of pack {data['pack']!r}: {text!r}"
            raise ValueError(msg)
        if head is None:
            head = literal
        else:
            parts[-1] = (parts[-1][0], literal)
        if i < 0:
            break
        j = rest.find("}", i)
        name = rest[i + 1 : j]
        if j < 0 or not name.isidentifier():
            msg = f"malformed placeholder in a text of pack {data['pack']!r}: {text!r}"
            raise ValueError(msg)
        if name == "wording":
            if not macro:
                msg = f"{{wording}} outside a journal macro in pack {data['pack']!r}"
                raise NotImplementedError(msg)
            parts.append((lambda e, w: w, ""))
        else:
            parts.append((_getter(data, name), ""))
        rest = rest[j + 1 :]
    return head if not parts else (head, tuple(parts))


def fill(t: Template, e: Event, w: str | None = None) -> str:
    """Render template ``t`` on event ``e`` (``w``: the wording, for ``{wording}``)."""
    if t.__class__ is str:
        return t
    head, parts = t
    out = head
    for get, tail in parts:
        out += get(e, w) + tail
    return out


def _sources(citations: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"document": c["document"], "section": c["section"], "quote": c["quote"]}
        for c in citations
    ]


class Outcome:
    """One rule's (or the fallback's) record parts."""

    __slots__ = (
        "action_text",
        "alternatives",
        "base",
        "macro",
        "refer_to",
        "rule_id",
        "sources",
        "steps",
        "templated",
        "wording",
    )

    def __init__(self, data: dict[str, Any], rule_id: str, item: dict[str, Any]):
        then = item["then"]
        self.rule_id = rule_id
        self.refer_to = then.get("refer_to")
        self.action_text = template(data, then["action_text"])
        self.steps = list(then.get("steps") or ())
        self.sources = _sources(item["citations"])
        self.wording = template(data, data["wordings"][then["wording"]]["text"])
        self.macro = template(
            data, data["journal_macros"][then["journal_macro"]]["text"], macro=True
        )
        # Alternatives as (fixed fields, criterion template), or, when no
        # criterion has a placeholder, as finished dicts.
        self.alternatives = tuple(
            (
                {
                    "resolution": a["resolution"],
                    "transfer_to": a.get("transfer_to"),
                    "refer_to": a.get("refer_to"),
                },
                template(data, a["criterion"]),
            )
            for a in then.get("alternatives") or ()
        )
        self.templated = any(c.__class__ is not str for _, c in self.alternatives)
        if not self.templated:
            self.alternatives = tuple(
                {**fixed, "criterion": c} for fixed, c in self.alternatives
            )
        #: The fields that are the same on every record of this outcome; a
        #: record is a copy of this with the other fields set.
        self.base = {
            "pack": data["pack"],
            "pack_version": str(data["version"]),
            "rule_id": rule_id,
            "action": then["action"],
            "action_text": self.action_text,  # replaced when it has placeholders
            "resolution": then["resolution"],
            "transfer_to": then.get("transfer_to"),
            "referral": self.refer_to is not None,
            "refer_to": self.refer_to,
            "notice": NOTICE,
            "trace": None,
        }


class Addendum:
    """One addendum's record parts."""

    __slots__ = ("id", "macro", "refer_to", "sources", "steps", "wording")

    def __init__(self, data: dict[str, Any], item: dict[str, Any]):
        then = item["then"]
        self.id = f"{data['pack']}.{item['id']}"
        self.steps = tuple(then.get("steps") or ())
        self.refer_to = then.get("refer_to")
        self.sources = _sources(item["citations"])
        w, m = then.get("wording"), then.get("journal_macro")
        self.wording = (
            None if w is None else template(data, data["wordings"][w]["text"])
        )
        self.macro = (
            None
            if m is None
            else template(data, data["journal_macros"][m]["text"], macro=True)
        )


class Version:
    """Everything ``floor_e2e.decide`` needs of one pack version, as plain tables."""

    def __init__(self, data: dict[str, Any]):
        self.pack: str = data["pack"]
        self.version = str(data["version"])
        self.valid_from: dt.date = data["valid_from"]
        self.valid_to: dt.date = data.get("valid_to") or END_OF_TIME
        self.dispatch: Callable[[Event], str] = floor.FLOORS[self.pack]
        facts = {n: f for n, f in data["facts"].items() if "derived" not in f}
        by_type = {
            kind: frozenset(n for n, f in facts.items() if f["type"] == kind)
            for kind in ("bool", "int", "date", "datetime")
        }
        self.enums = {
            n: frozenset(f["values"]) for n, f in facts.items() if f["type"] == "enum"
        }
        self.bools, self.ints = by_type["bool"], by_type["int"]
        self.dates, self.datetimes = by_type["date"], by_type["datetime"]
        self.required = frozenset(n for n, f in facts.items() if f.get("required"))
        self.derived = tuple(
            (n, *f["derived"]["days_between"])
            for n, f in data["facts"].items()
            if "derived" in f
        )
        self.epochs = _epochs(data.get("parameters", {}))
        self.rules = tuple(
            Outcome(data, f"{self.pack}.{r['id']}", r) for r in data["rules"]
        )
        self.fallback = Outcome(data, f"{self.pack}.fallback", data["fallback"])
        self.outcomes = {o.rule_id: o for o in (*self.rules, self.fallback)}
        written = [
            (a["id"], a["when"], a.get("when_any")) for a in data.get("addenda", ())
        ]
        if written != [(i, when, None) for i, when in ADDENDA]:
            msg = (
                f"bench/floor_e2e.py was written for the addenda {ADDENDA} of every "
                f"pack; {self.pack} has {written}: update _addenda() and ADDENDA"
            )
            raise RuntimeError(msg)
        self.addenda = tuple(Addendum(data, a) for a in data["addenda"])
        self.socialforvaltningen, self.tolkebistand = self.addenda
        #: Facts an addendum needs present (the durable executor asks its addenda
        #: ruleset only when one is).
        self.addendum_facts = tuple(f for _, when in ADDENDA for f in when)


def _epochs(params: dict[str, Any]) -> tuple[Any, ...]:
    """Return the schedules on the call time by periods in which none of them changes.

    Each period is ``(from, to, by_weekday)``, newest first; ``by_weekday[d]``
    holds ``(event key, start, end)`` per schedule with ``"HH:MM:SS"`` bounds,
    end excluded (``("", "")`` when closed all day, which never holds).
    """
    schedules = {n: p["versions"] for n, p in params.items() if p["type"] == "schedule"}
    cuts = {dt.date.min, END_OF_TIME}
    for versions in schedules.values():
        for v in versions:
            cuts.update((v["valid_from"], v.get("valid_to") or END_OF_TIME))
    cuts_sorted = sorted(cuts)
    epochs = []
    for start, end in itertools.pairwise(cuts_sorted):
        by_weekday = []
        for weekday in WEEKDAYS:
            tests = []
            for name, versions in schedules.items():
                hours = next(
                    (
                        v["value"].get(weekday)
                        for v in versions
                        if v["valid_from"] <= start < (v.get("valid_to") or END_OF_TIME)
                    ),
                    None,
                )
                key = f"modtaget@{name}"
                if hours is None:
                    tests.append((key, "", ""))  # closed all day
                else:
                    opens, closes = hours
                    tests.append((key, f"{opens}:00", _clock_end(closes)))
            by_weekday.append(tuple(tests))
        epochs.append((start, end, tuple(by_weekday)))
    return tuple(reversed(epochs))


def _clock_end(hhmm: str) -> str:
    return "24:00:00" if hhmm == "24:00" else f"{hhmm}:00"


def load_versions() -> dict[str, list[Version]]:
    """Read every pack in ``rules/`` that :mod:`floor` has a dispatch for."""
    versions: dict[str, list[Version]] = {}
    for path in sorted(RULES.glob("*.yaml")):
        with path.open(encoding="utf-8") as f:
            data = yaml.safe_load(f)
        if data["pack"] in floor.FLOORS:  # a pack without a dispatch is left out
            versions.setdefault(data["pack"], []).append(Version(data))
    return versions


VERSIONS = load_versions()
