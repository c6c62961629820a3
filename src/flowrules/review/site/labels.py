"""Danish names the reviewer site needs where a pack has no label of its own.

They are data (``labels.yaml`` beside this module): unit names, the kinds of
outcome, the answer words of the flowcharts and the names of core facts.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml

from flowrules.pack.schema import HandOff, Outcome


@dataclass(frozen=True)
class SiteLabels:
    """The contents of ``labels.yaml``."""

    units: dict[str, str]
    kinds: dict[str, str]
    kind_notes: dict[str, str]
    answers: dict[str, str]
    core_facts: dict[str, str]
    suffixes: dict[str, str]

    def unit(self, unit: str) -> str:
        """Return a unit's Danish name (the id when none is known)."""
        return self.units.get(unit, unit.replace("_", " "))

    def answer(self, key: str) -> str:
        """Return a fixed answer word of the charts (``yes``, ``no``, ``otherwise``, …)."""
        return self.answers[key]

    def outcome_kind(
        self, then: Outcome | HandOff, *, fallback: bool = False
    ) -> tuple[str, str]:
        """Return an outcome's kind and its detail line (the unit, the alternatives)."""
        if isinstance(then, HandOff):
            target = then.continue_with
            return "videre", f"{target.ordning}: {target.henvendelse.replace('_', ' ')}"
        if fallback:
            unit = then.transfer_to or then.refer_to
            return "fallback", f"omstilling til {self.unit(unit)}" if unit else ""
        if then.resolution == "graenseflade":
            parts = [
                f"{self.kinds[a.resolution].lower()}"
                + (f" til {self.unit(u)}" if (u := a.transfer_to or a.refer_to) else "")
                for a in then.alternatives
            ]
            return "graenseflade", " eller ".join(parts)
        if then.resolution == "omstilling":
            unit = then.transfer_to
            return "omstilling", f"til {self.unit(unit)}" if unit else ""
        if then.refer_to:
            return "henvisning", f"til {self.unit(then.refer_to)}"
        return "straksafklaring", ""


@functools.lru_cache(maxsize=1)
def site_labels() -> SiteLabels:
    """Return the site's labels, read once from ``labels.yaml``."""
    text = (resources.files("flowrules.review.site") / "labels.yaml").read_text(
        encoding="utf-8"
    )
    data: dict[str, dict[str, str]] = yaml.safe_load(text)
    return SiteLabels(**data)
