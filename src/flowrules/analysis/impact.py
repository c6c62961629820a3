"""Batch re-evaluation and the impact of a pack change on a set of calls.

:func:`impact` decides every call with an old and a new engine and counts how
many decisions change, and how the straksafklaring share moves. Bilag 7
defines the afklaringsprocent as the share of calls that are not transferred
("*mængden af opkald der ikke omstilles*"); a henvisning counts as not
transferred (inventory A07). A grænseflade is the employee's choice, so it is
reported separately, and the share is given without and with it.
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
    resolutions: Counter[str] = field(default_factory=Counter)

    def add(self, decision: Decision | CallError) -> None:
        """Count one decision (or refused call)."""
        if isinstance(decision, CallError):
            self.invalid += 1
        else:
            self.decided += 1
            self.resolutions[decision.resolution] += 1

    def afklaringsprocent(self, *, with_graenseflade: bool = False) -> float:
        """Share of decided calls not transferred (0-100)."""
        if not self.decided:
            return 0.0
        settled = self.resolutions["straksafklaring"]
        if with_graenseflade:
            settled += self.resolutions["graenseflade"]
        return 100.0 * settled / self.decided


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
        "afklaringsprocent": round(shares.afklaringsprocent(), 2),
        "afklaringsprocent_med_graenseflade": round(
            shares.afklaringsprocent(with_graenseflade=True), 2
        ),
    }


def _label(decision: Decision | CallError) -> str:
    return "ugyldigt opkald" if isinstance(decision, CallError) else decision.rule_id


def impact(old: Engine, new: Engine, calls: Iterable[dict[str, Any]]) -> ImpactReport:
    """Decide each call with both engines and count what changes."""
    report = ImpactReport()
    for call in calls:
        before, after = _decide(old, call), _decide(new, call)
        report.total += 1
        report.old.add(before)
        report.new.add(after)
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
            f" ({percent(shares.afklaringsprocent(with_graenseflade=True))} med"
            f" grænseflader); {counts or 'ingen'}; ugyldige opkald {number(shares.invalid)}"
        )
    if report.fields:
        lines.append(
            "Ændrede felter: "
            + ", ".join(f"{k} {number(v)}" for k, v in report.fields.most_common())
        )
    for (a, b), count in report.moves.most_common(20):
        lines.append(f"  {number(count):>7} × {a} → {b}")
    return "\n".join(lines)
