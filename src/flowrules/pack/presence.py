"""Which facts are certain to be present when a rule matches (for placeholder checks).

A text may name a fact only if every call the rule matches carries it: the
fact is required, or the rule tests it positively (in ``when``, or in every
``when_any`` group), or it is derived from facts that are present.
"""

from __future__ import annotations

from flowrules.pack.fact_table import FactInfo
from flowrules.pack.schema import Addendum, Conditions, Rule, Test


def required_facts(facts: dict[str, FactInfo]) -> set[str]:
    """Facts every call has."""
    return {n for n, f in facts.items() if f.required}


def guaranteed_facts(facts: dict[str, FactInfo], item: Rule | Addendum) -> set[str]:
    """Facts certain to be present when ``item`` matches."""
    present = required_facts(facts) | _positive(item.when)
    if item.when_any:
        present |= set.intersection(*(_positive(g) for g in item.when_any))
    for name, info in facts.items():
        if name in present:
            present.update(info.sources)
    for name, info in facts.items():
        if info.sources and all(s in present for s in info.sources):
            present.add(name)
    return present


_POSITIVE_OPS = {"eq", "one_of", "lt", "lte", "gt", "gte", "within", "outside"}


def _positive(conds: Conditions) -> set[str]:
    names = set()
    for name, cond in conds.items():
        if not isinstance(cond, Test) or any(
            op in _POSITIVE_OPS or (op == "exists" and v) for op, v in cond.operators()
        ):
            names.add(name)
    return names
