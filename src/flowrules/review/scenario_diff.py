"""Run scenario calls through two versions of a pack and keep the changed outcomes.

Each call is decided by an engine of each version; a call that one version
rejects has the rejection as its outcome (``ugyldigt opkald: …``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flowrules.engine.engine import Engine
from flowrules.errors import CallError
from flowrules.pack.schema import Pack

EngineFactory = Callable[[Pack], Engine]
#: The decision fields compared for every scenario.
SCENARIO_FIELDS = (
    *("rule", "action", "resolution", "transfer_to", "refer_to"),
    *("also_refer_to", "steps", "addenda", "wording"),
)


@dataclass(frozen=True)
class ScenarioDiff:
    """A scenario whose outcome differs; an invalid call's outcome is its message."""

    id: str
    call: dict[str, Any]
    old: dict[str, Any] | str
    new: dict[str, Any] | str
    fields: tuple[str, ...]


def _outcome(engine: Engine, call: dict[str, Any]) -> dict[str, Any] | str:
    try:
        d = engine.decide(call)
    except CallError as exc:
        problems = [f"{p.field} = {p.value!r}" for p in exc.problems]
        return "ugyldigt opkald: " + "; ".join(problems)
    data = d.model_dump(mode="json")
    data["rule"] = d.rule_id.split(".", 1)[1]
    data["addenda"] = [a.split(".", 1)[1] for a in d.addenda]
    return {k: data[k] for k in SCENARIO_FIELDS}


def native_engine(pack: Pack) -> Engine:
    """Build an engine for one pack version on the native executor."""
    return Engine([pack], executor="native")


def diff_scenarios(
    old: Pack, new: Pack, scenarios: Sequence[dict[str, Any]], factory: EngineFactory
) -> list[ScenarioDiff]:
    """Decide every scenario call with both versions; return those whose outcome differs.

    Args:
        old: The earlier pack version.
        new: The later pack version (its ``pack`` id becomes the call's ``ordning``).
        scenarios: Scenario dicts with ``id`` and ``call``.
        factory: Builds the engine for one pack version; both engines are closed.

    Returns:
        One entry per changed scenario, in the order given, naming the changed
        decision fields (``gyldighed`` when one version rejects the call).
    """
    engines = factory(old), factory(new)
    out = []
    try:
        for scenario in scenarios:
            call = {"ordning": new.pack, **scenario["call"]}
            before, after = (_outcome(e, call) for e in engines)
            if before == after:
                continue
            if isinstance(before, str) or isinstance(after, str):
                fields: tuple[str, ...] = ("gyldighed",)
            else:
                fields = tuple(k for k in SCENARIO_FIELDS if before[k] != after[k])
            out.append(ScenarioDiff(str(scenario["id"]), call, before, after, fields))
    finally:
        for engine in engines:
            engine.close()
    return out
