"""Batch re-evaluation and the impact of a pack change on a set of calls.

:func:`impact` decides every call with an old and a new engine and counts how
many decisions change, and how the straksafklaring share moves. Bilag 7
defines the afklaringsprocent as the share of calls that are not transferred
("*mængden af opkald der ikke omstilles*"); a henvisning counts as not
transferred (inventory A07), and is also counted apart so the strict reading
can be computed. A closed-line outcome (``line_closed`` in the pack) is not a
handled call: outside the opening hours there is no telephone intake, so it
is left out of both numerator and base and reported as ``lukket_linje``. A
grænseflade is the employee's choice, so it is reported separately, and the
share is given without and with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flowrules.danish import number, percent
from flowrules.decision import Decision
from flowrules.engine.engine import Engine
from flowrules.errors import CallError
from flowrules.pack.schema import Outcome

#: Decision fields whose change counts as a changed decision.
COMPARED = (
    "rule_id",
    "action",
    "resolution",
    "transfer_to",
    "refer_to",
    "steps",
    "wording",
    "journal_macro",
)


@dataclass
class Shares:
    """How the decisions of one engine resolve."""

    decided: int = 0
    invalid: int = 0
    closed: int = 0
    referrals: int = 0
    resolutions: Counter[str] = field(default_factory=Counter)

    def add(self, decision: Decision | CallError, *, closed: bool = False) -> None:
        """Count one decision (or refused call); a closed-line one only as such."""
        if isinstance(decision, CallError):
            self.invalid += 1
            return
        self.decided += 1
        if closed:
            self.closed += 1
            return
        self.resolutions[decision.resolution] += 1
        if decision.resolution == "straksafklaring" and decision.refer_to:
            self.referrals += 1

    def afklaringsprocent(
        self, *, with_graenseflade: bool = False, with_referrals: bool = True
    ) -> float:
        """Share of handled calls not transferred (0-100); closed-line calls left out."""
        handled = self.decided - self.closed
        if not handled:
            return 0.0
        settled = self.resolutions["straksafklaring"]
        if with_graenseflade:
            settled += self.resolutions["graenseflade"]
        if not with_referrals:
            settled -= self.referrals
        return 100.0 * settled / handled


@dataclass
class ImpactReport:
    """How many decisions change between two engines, and how."""

    total: int = 0
    changed: int = 0
    fields: Counter[str] = field(default_factory=Counter)
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)
    old: Shares = field(default_factory=Shares)
    new: Shares = field(default_factory=Shares)

    def to_json(self) -> dict[str, Any]:
        """Return the report as plain JSON data."""
        return {
            "total": self.total,
            "changed": self.changed,
            "changed_fields": dict(self.fields),
            "rule_moves": [
                {"old": a, "new": b, "count": n}
                for (a, b), n in self.moves.most_common()
            ],
            "old": _shares_json(self.old),
            "new": _shares_json(self.new),
        }


def _shares_json(shares: Shares) -> dict[str, Any]:
    return {
        "decided": shares.decided,
        "invalid": shares.invalid,
        "resolutions": dict(shares.resolutions),
        "lukket_linje": shares.closed,
        "henvisninger": shares.referrals,
        "afklaringsprocent": round(shares.afklaringsprocent(), 2),
        "afklaringsprocent_med_graenseflade": round(
            shares.afklaringsprocent(with_graenseflade=True), 2
        ),
        "afklaringsprocent_uden_henvisninger": round(
            shares.afklaringsprocent(with_referrals=False), 2
        ),
    }


def closed_line_rules(engine: Engine) -> frozenset[tuple[str, str]]:
    """``(pack@version, rule id)`` of every closed-line outcome the engine's packs have."""
    found: set[tuple[str, str]] = set()
    for pack in engine.packs:
        for rule in pack.rules:
            if isinstance(rule.then, Outcome) and rule.then.line_closed:
                found.add((pack.ref, f"{pack.pack}.{rule.id}"))
        if pack.fallback.then.line_closed:
            found.add((pack.ref, f"{pack.pack}.fallback"))
    return frozenset(found)


def _closed(decision: Decision | CallError, rules: frozenset[tuple[str, str]]) -> bool:
    if isinstance(decision, CallError):
        return False
    return (f"{decision.pack}@{decision.pack_version}", decision.rule_id) in rules


def _label(decision: Decision | CallError) -> str:
    return "ugyldigt opkald" if isinstance(decision, CallError) else decision.rule_id


def impact(old: Engine, new: Engine, calls: Iterable[dict[str, Any]]) -> ImpactReport:
    """Decide each call with both engines and count what changes."""
    report = ImpactReport()
    old_closed, new_closed = closed_line_rules(old), closed_line_rules(new)
    for call in calls:
        before, after = _decide(old, call), _decide(new, call)
        report.total += 1
        report.old.add(before, closed=_closed(before, old_closed))
        report.new.add(after, closed=_closed(after, new_closed))
        changed = _changed_fields(before, after)
        if changed:
            report.changed += 1
            report.fields.update(changed)
            report.moves[(_label(before), _label(after))] += 1
    return report


def _decide(engine: Engine, call: dict[str, Any]) -> Decision | CallError:
    try:
        return engine.decide(call)
    except CallError as exc:
        return exc


def _changed_fields(
    before: Decision | CallError, after: Decision | CallError
) -> list[str]:
    if isinstance(before, CallError) or isinstance(after, CallError):
        return (
            []
            if isinstance(before, CallError) and isinstance(after, CallError)
            else ["validity"]
        )
    return [name for name in COMPARED if getattr(before, name) != getattr(after, name)]


def render_impact(report: ImpactReport) -> str:
    """Render the report as Danish text."""
    share = 100.0 * report.changed / report.total if report.total else 0.0
    lines = [
        f"Opkald: {number(report.total)}; ændrede beslutninger: {number(report.changed)}"
        f" ({percent(share)})",
    ]
    for label, shares in (("Før", report.old), ("Efter", report.new)):
        counts = ", ".join(
            f"{k} {number(v)}" for k, v in sorted(shares.resolutions.items())
        )
        lines.append(
            f"{label}: afklaringsprocent {percent(shares.afklaringsprocent())}"
            f" ({percent(shares.afklaringsprocent(with_graenseflade=True))} med grænseflader,"
            f" {percent(shares.afklaringsprocent(with_referrals=False))} uden henvisninger;"
            f" lukket linje {number(shares.closed)}, ikke medregnet);"
            f" {counts or 'ingen'}; ugyldige opkald {number(shares.invalid)}"
        )
    if report.fields:
        lines.append(
            "Ændrede felter: "
            + ", ".join(f"{k} {number(v)}" for k, v in report.fields.most_common())
        )
    for (a, b), count in report.moves.most_common(20):
        lines.append(f"  {number(count):>7} × {a} → {b}")
    return "\n".join(lines)
