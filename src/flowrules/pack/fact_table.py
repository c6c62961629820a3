"""What conditions and texts may refer to: declared facts, built-ins, parameters."""

from __future__ import annotations

from dataclasses import dataclass

from flowrules.pack.schema import Pack
from flowrules.vocabulary import BUILTIN_FACTS, WEEKDAYS

WORDING_PLACEHOLDER = "wording"


@dataclass(frozen=True)
class FactInfo:
    """The type, allowed values and labels of a fact as conditions see it."""

    type: str
    values: tuple[str, ...] = ()
    required: bool = False
    sources: tuple[str, ...] = ()
    labelled: bool = True
    parameter: bool = False


def fact_table(pack: Pack) -> dict[str, FactInfo]:
    """Return every fact a rule may test: declared, ``modtaget`` and the built-ins."""
    table: dict[str, FactInfo] = {
        "modtaget": FactInfo("datetime", required=True),
        "modtaget_dato": FactInfo("date", required=True),
        "modtaget_tid": FactInfo("time", required=True),
        "modtaget_ugedag": FactInfo("enum", WEEKDAYS, required=True, labelled=False),
    }
    assert set(BUILTIN_FACTS) <= set(table)
    for name, fact in pack.facts.items():
        sources = fact.derived.sources if fact.derived else ()
        labelled = fact.type != "enum" or set(fact.values) <= set(fact.labels)
        table[name] = FactInfo(fact.type, fact.values, fact.required, sources, labelled)
        if fact.type == "datetime":
            table[f"{name}_dato"] = FactInfo("date", (), fact.required, (name,))
            table[f"{name}_tid"] = FactInfo("time", (), fact.required, (name,))
            table[f"{name}_ugedag"] = FactInfo(
                "enum", WEEKDAYS, fact.required, (name,), labelled=False
            )
    for name, param in pack.parameters.items():
        # A parameter can be tested and shown like a fact: its value on the call's date.
        table.setdefault(name, FactInfo(param.type, required=True, parameter=True))
    return table
