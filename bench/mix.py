"""The benchmark's calls: the subset of :mod:`floor`, from the scenario suites and domains.

The timed mix is a seeded, weighted draw from the scenario calls in
``tests/scenarios/`` of the subset's call types. Each call type gets its share
of the traffic among the three (:data:`SHARE`, proportional to its share of the
whole realistic mix of the earlier benchmark: 8.9 %, 4.7 % and 2.8 %), split
evenly over its scenarios. :func:`domain_calls` gives every call of the subset's
finite input domain, on which the floors are checked before timing.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

from floor import SUBSET

from flowrules.analysis.input_domain import enumerate_calls
from flowrules.analysis.scenario_suite import load_suite

SCENARIOS = Path(__file__).resolve().parents[1] / "tests" / "scenarios"
MIX_SIZE = 10_000
SEED = 20260105
SHARE = {
    ("dagpenge", "afbud"): 0.54,
    ("sygedagpenge", "afbud_opfoelgning"): 0.29,
    ("kontanthjaelp", "ydelse"): 0.17,
}


def scenario_calls() -> list[dict[str, Any]]:
    """Return the scenario calls of the subset's call types."""
    calls = []
    for pack in SUBSET:
        for _, call in load_suite(SCENARIOS / f"{pack}.yaml").calls():
            if call["henvendelse"] in SUBSET[pack]:
                calls.append(call)
    return calls


def build_mix(size: int = MIX_SIZE) -> list[dict[str, Any]]:
    """Return ``size`` calls drawn (seeded) from the weighted scenario calls."""
    calls = scenario_calls()
    per_type = Counter((c["ordning"], c["henvendelse"]) for c in calls)
    kinds = [(c["ordning"], c["henvendelse"]) for c in calls]
    weights = [SHARE[k] / per_type[k] for k in kinds]
    return random.Random(SEED).choices(calls, weights=weights, k=size)


def domain_calls(packs: list[Any]) -> list[dict[str, Any]]:
    """Return every call of the subset's part of the packs' finite input domains."""
    return [
        call
        for pack in packs
        if pack.pack in SUBSET
        for call in enumerate_calls(pack)
        if call["henvendelse"] in SUBSET[pack.pack]
    ]


def describe(mix: list[dict[str, Any]]) -> str:
    """Return one line: the share of each call type in ``mix``."""
    kinds = Counter(f"{c['ordning']}/{c['henvendelse']}" for c in mix)
    return ", ".join(f"{k} {n / len(mix):.0%}" for k, n in kinds.most_common())
