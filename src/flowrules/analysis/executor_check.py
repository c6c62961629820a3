"""Check a pack against what its executor can build (PK17 for durable-rules).

durable-rules refuses some conditions that the pack format allows (see
``reference/durable-rules-notes.md``); ``flowrules check`` reports them with
the rule and a hint instead of letting a load fail later.
"""

from __future__ import annotations

import flowrules.engine.durable_executor as durable_executor
from flowrules.diagnostics import Diagnostic
from flowrules.engine.compiler import compile_pack
from flowrules.pack.schema import Pack
from flowrules.pack.yaml_positions import SourceMap


def durable_problems(pack: Pack, smap: SourceMap) -> list[Diagnostic]:
    """PK17 for each rule durable-rules cannot compile (where durable-rules imports)."""
    found = []
    for kind, index in durable_executor.program_problems(compile_pack(pack)):
        item = (pack.rules if kind == "rules" else pack.addenda)[index]
        found.append(
            Diagnostic(
                smap.span((kind, index, "when")),
                "PK17",
                f"durable-rules kan ikke oversætte betingelserne i '{item.id}'",
                rule=f"{pack.pack}.{item.id}",
                pack=pack.ref,
                hint="del reglen i flere enklere regler (færre when_any-grupper og negationer)",
            )
        )
    return found
