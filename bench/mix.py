"""The realistic call mix of the benchmark, drawn from the packs' scenario suites.

Every scenario call in ``tests/scenarios/<pack>.yaml`` is a call type someone
described from the source documents. Real traffic is not uniform over them, so
the mix is a weighted, seeded sample:

1. each pack gets a share of all calls (:data:`PACK_SHARE`);
2. inside a pack, each ``henvendelse`` gets a weight (:data:`CALL_TYPE_WEIGHT`;
   1 when not listed): the everyday calls (absence, sick leave, cancelled
   meetings) count several times more than the rare ones;
3. a call type's weight is split evenly over its scenarios, so a type that
   happens to have many scenarios does not get more traffic for it.

:func:`build_mix` then draws :data:`MIX_SIZE` calls with a fixed seed, so every
run (and every process of a run) uses the same list.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

from flowrules.analysis.scenario_suite import load_suite

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "tests" / "scenarios"

#: Calls drawn; the timed loops cycle through them.
MIX_SIZE = 10_000
#: Seed of the draw.
SEED = 20260105

#: Share of all calls per pack.
PACK_SHARE = {
    "dagpenge": 0.35,
    "kontanthjaelp": 0.25,
    "sygedagpenge": 0.20,
    "sygeopfoelgning": 0.20,
}

#: Relative weight of a call type inside its pack (1 when not listed).
CALL_TYPE_WEIGHT = {
    "dagpenge": {
        "afbud": 6,
        "fravaer": 5,
        "afmelding": 3,
        "raad_og_vejledning": 2,
        "kontakt_efter_udeblivelse": 2,
    },
    "kontanthjaelp": {
        "afbud_jobsamtale": 6,
        "afbud_tilbud": 3,
        "hvornaar_jobsamtale": 3,
        "ydelse": 3,
        "forsinkelse": 2,
        "raad_og_vejledning": 2,
        "udeblivelse": 2,
    },
    "sygedagpenge": {
        "afbud_opfoelgning": 6,
        "ydelse": 3,
        "raskmelding": 3,
        "hvem_er_min_konsulent": 2,
        "gensygemelding": 2,
        "udeblivelse": 2,
    },
    "sygeopfoelgning": {
        "sygemelding": 8,
        "forlaengelse": 3,
        "sygemelding_jobnet": 2,
        "jobnet_borger_reagerer": 2,
    },
}


def scenario_calls() -> list[tuple[str, dict[str, Any]]]:
    """Return ``(scenario id, call)`` for every scenario of every pack, by pack."""
    calls: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        calls.extend(load_suite(path).calls())
    return calls


def weights(calls: list[tuple[str, dict[str, Any]]]) -> list[float]:
    """Return the weight of each scenario call (see the module docstring)."""
    per_type = Counter((c["ordning"], c["henvendelse"]) for _, c in calls)
    result = []
    for _, call in calls:
        pack, kind = call["ordning"], call["henvendelse"]
        in_pack = {k: n for (p, k), n in per_type.items() if p == pack}
        type_weights = CALL_TYPE_WEIGHT.get(pack, {})
        total = sum(type_weights.get(k, 1) for k in in_pack)
        share = PACK_SHARE.get(pack, 0.0) * type_weights.get(kind, 1) / total
        result.append(share / per_type[(pack, kind)])
    return result


def build_mix(
    calls: list[tuple[str, dict[str, Any]]] | None = None, size: int = MIX_SIZE
) -> list[dict[str, Any]]:
    """Return ``size`` calls drawn (seeded) from the weighted scenario calls."""
    calls = scenario_calls() if calls is None else calls
    drawn = random.Random(SEED).choices(calls, weights=weights(calls), k=size)
    return [call for _, call in drawn]


def describe(mix: list[dict[str, Any]], top: int = 12) -> list[str]:
    """Return lines describing ``mix``: share per pack and the commonest call types."""
    packs = Counter(c["ordning"] for c in mix)
    kinds = Counter((c["ordning"], c["henvendelse"]) for c in mix)
    lines = [
        "packs: "
        + ", ".join(f"{p} {n / len(mix):.0%}" for p, n in sorted(packs.items())),
        f"commonest call types ({len(kinds)} in all): "
        + ", ".join(
            f"{p}/{k} {n / len(mix):.1%}" for (p, k), n in kinds.most_common(top)
        ),
    ]
    return lines
