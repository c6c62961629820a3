"""Check a pack against what its executor can build (PK17 for durable-rules).

durable-rules refuses some conditions that the pack format allows, and some
rule sets it cannot refuse but hangs or crashes on (see
``reference/durable-rules-notes.md``). ``flowrules check`` reports them with
the rule and a hint instead of letting a load fail, hang or crash later:

* the known C limits, statically, whether or not durable-rules imports here
  (:mod:`~flowrules.engine.durable_limits`);
* rules that durable-rules refuses one by one (where it imports);
* for a pack within the known limits, a trial build of the whole pack in a
  child process with a timeout (where it imports).
"""

from __future__ import annotations

import flowrules.engine.durable_executor as durable_executor
from flowrules.diagnostics import Diagnostic
from flowrules.engine.compiler import compile_pack
from flowrules.engine.durable_limits import LimitProblem
from flowrules.engine.durable_ruleset import durable_json, limit_problems, rule_at
from flowrules.engine.program import Program
from flowrules.errors import EngineError
from flowrules.pack.schema import Pack
from flowrules.pack.yaml_positions import SourceMap

_LIMIT_TEXT = {
    "rules": "pakken har {count} regler; durable-rules kan højst have {maximum}",
    "siblings": "{count} forskellige test af '{fact}' efter de samme foregående "
    "betingelser; durable-rules kan højst have {maximum} (flere får processen til at hænge)",
    "joins": "{count} alternativer (one_of, when_any, negationer) ender på samme test "
    "af '{fact}'; durable-rules kan højst have {maximum}",
    "endings": "{count} regler ender på de samme betingelser (sidst '{fact}'); "
    "durable-rules kan højst have {maximum} (flere får processen til at gå ned)",
    "stack": "op til {count} test (bl.a. af '{fact}') kan være sande på én gang; "
    "durable-rules kan højst have {maximum} og fejler på sådanne opkald",
    "fields": "feltnavnet '{fact}' er reserveret af durable-rules eller har samme "
    "hash som et andet felt",
}
_LIMIT_HINT = {
    "stack": "læg en lighedstest (fx henvendelse) før intervaltestene, så færre regler "
    "deler de samme betingelser",
    "fields": "omdøb faktummet",
}
_DEFAULT_HINT = "del reglerne op, så færre regler deler de samme første betingelser"


def durable_problems(pack: Pack, smap: SourceMap) -> list[Diagnostic]:
    """PK17 for each rule durable-rules cannot build or run, and for a failed trial."""
    program = compile_pack(pack)
    found = [
        _limit_diagnostic(pack, smap, program, kind, problem)
        for kind, problem in limit_problems(program)
    ]
    for kind, index in durable_executor.program_problems(program):
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
    if not found and durable_executor.available():
        found += _trial_problems(pack, smap, program)
    return found


def _limit_diagnostic(
    pack: Pack, smap: SourceMap, program: Program, kind: str, problem: LimitProblem
) -> Diagnostic:
    rule = rule_at(program, kind, problem.rule)
    index = (
        (program.rules if kind == "rules" else program.addenda).index(rule)
        if rule
        else None
    )
    span = smap.span((kind, index, "when")) if index is not None else smap.span(())
    message = _LIMIT_TEXT[problem.limit].format(
        count=problem.count, maximum=problem.maximum, fact=problem.fact or "?"
    )
    return Diagnostic(
        span,
        "PK17",
        message,
        rule=rule.id if rule else None,
        pack=pack.ref,
        hint=_LIMIT_HINT.get(problem.limit, _DEFAULT_HINT),
    )


def _trial_problems(pack: Pack, smap: SourceMap, program: Program) -> list[Diagnostic]:
    definitions = [(pack.pack, durable_json(program.rules, catch_all=True))]
    if program.addenda:
        definitions.append(
            (pack.pack + "_addenda", durable_json(program.addenda, catch_all=False))
        )
    try:
        durable_executor.trial_build(definitions)
    except EngineError as exc:
        return [
            Diagnostic(
                smap.span(()),
                "PK17",
                f"durable-rules kunne ikke bygge pakken i en prøvekørsel: {exc}",
                pack=pack.ref,
                hint="brug executor='native', eller del reglerne op",
            )
        ]
    return []
