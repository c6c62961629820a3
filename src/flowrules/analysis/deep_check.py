"""Static analysis of a pack over its finite input domain (``flowrules check --deep``).

Every call of the domain (:mod:`flowrules.domain`) is evaluated against every
rule, so the analysis can report, each with a concrete example call:

* AN01 (error): a rule that never decides because earlier rules always match first;
* AN02 (error): a rule whose conditions no call satisfies;
* AN03 (warning): call types for which some calls reach only the fallback;
* AN04 (warning): wordings and journal macros no rule, addendum or fallback uses;
* AN05 (warning): declared facts and parameters no condition or text uses.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flowrules.analysis.input_domain import DEFAULT_LIMIT, enumerate_calls
from flowrules.diagnostics import Diagnostic, Severity, sort_diagnostics
from flowrules.engine.call_schema import call_model
from flowrules.engine.call_validation import check_shape, validate_call
from flowrules.engine.compiler import compile_pack
from flowrules.engine.event import build_event
from flowrules.engine.program import compile_predicate
from flowrules.pack.schema import Addendum, Conditions, Pack, ParamRef, Rule, Test
from flowrules.pack.yaml_positions import SourceMap
from flowrules.template import placeholders


@dataclass
class _RuleStats:
    decided: int = 0
    matched: int = 0
    shadow_example: dict[str, Any] | None = None
    shadowed_by: set[int] = field(default_factory=set)


def _example(call: dict[str, Any]) -> str:
    return json.dumps(call, ensure_ascii=False, sort_keys=True)


def analyse_pack(
    pack: Pack, smap: SourceMap, *, limit: int = DEFAULT_LIMIT
) -> list[Diagnostic]:
    """Return the deep-check diagnostics of one pack."""
    stats, gaps = _tally(pack, limit)
    found = [*_rule_findings(pack, smap, stats), *_gap_findings(pack, smap, gaps)]
    found.extend(_unused(pack, smap))
    return sort_diagnostics(found)


Gaps = dict[str, tuple[int, dict[str, Any]]]


def _tally(pack: Pack, limit: int) -> tuple[list[_RuleStats], Gaps]:
    """Decide every call of the domain; count per rule, and the calls no rule takes."""
    program = compile_pack(pack)
    predicates = [compile_predicate(r.node) for r in program.rules]
    model = call_model(pack)
    stats = [_RuleStats() for _ in pack.rules]
    gaps: Gaps = {}
    for call in enumerate_calls(pack, limit=limit):
        event = build_event(pack, validate_call(model, pack, check_shape(call)))
        matching = [i for i, p in enumerate(predicates) if p(event)]
        if not matching:
            count, example = gaps.get(call["henvendelse"], (0, call))
            gaps[call["henvendelse"]] = (count + 1, example)
            continue
        first = matching[0]
        stats[first].decided += 1
        for i in matching:
            stats[i].matched += 1
            if i != first and stats[i].shadow_example is None:
                stats[i].shadow_example = call
            if i != first:
                stats[i].shadowed_by.add(first)
    return stats, gaps


def _rule_findings(
    pack: Pack, smap: SourceMap, stats: list[_RuleStats]
) -> list[Diagnostic]:
    """AN01 for a rule that earlier rules always shadow, AN02 for one nothing meets."""
    found: list[Diagnostic] = []
    for i, (rule, st) in enumerate(zip(pack.rules, stats, strict=True)):
        where = f"{pack.pack}.{rule.id}"
        if st.decided:
            continue
        if st.matched and st.shadow_example is not None:
            earlier = ", ".join(pack.rules[j].id for j in sorted(st.shadowed_by))
            found.append(
                Diagnostic(
                    smap.span(("rules", i, "id")),
                    "AN01",
                    f"reglen '{rule.id}' bliver aldrig brugt: tidligere regler ({earlier}) "
                    f"passer altid først, fx {_example(st.shadow_example)}",
                    rule=where,
                    pack=pack.ref,
                    hint="flyt reglen op før de regler, der skygger for den, eller gør dem snævrere",
                )
            )
        else:
            found.append(
                Diagnostic(
                    smap.span(("rules", i, "when")),
                    "AN02",
                    f"ingen opkald opfylder betingelserne i '{rule.id}'",
                    rule=where,
                    pack=pack.ref,
                    hint="tjek om betingelserne udelukker hinanden (fx to forskellige værdier)",
                )
            )
    return found


def _gap_findings(pack: Pack, smap: SourceMap, gaps: Gaps) -> list[Diagnostic]:
    """AN03 per call type whose calls can reach only the fallback."""
    return [
        Diagnostic(
            smap.span(("fallback",), key=True),
            "AN03",
            f"{count} opkald om '{henvendelse}' når kun fallback, fx {_example(example)}",
            rule=f"{pack.pack}.fallback",
            pack=pack.ref,
            hint="er det tilsigtet, er fallback det sikre udfald; ellers tilføj en regel",
            severity=Severity.WARNING,
        )
        for henvendelse, (count, example) in sorted(gaps.items())
    ]


def _used_texts(pack: Pack) -> tuple[set[str], set[str]]:
    outcomes = [r.then for r in pack.rules] + [pack.fallback.then]
    wordings = {o.wording for o in outcomes} | {
        a.then.wording for a in pack.addenda if a.then.wording
    }
    macros = {o.journal_macro for o in outcomes}
    macros |= {a.then.journal_macro for a in pack.addenda if a.then.journal_macro}
    chosen = [a for o in outcomes for a in o.alternatives]
    wordings |= {a.wording for a in chosen if a.wording}
    macros |= {a.journal_macro for a in chosen if a.journal_macro}
    return wordings, macros


def _condition_facts(groups: Iterable[Conditions]) -> tuple[set[str], set[str]]:
    facts: set[str] = set()
    params: set[str] = set()
    for conds in groups:
        for name, cond in conds.items():
            facts.add(name)
            if isinstance(cond, Test):
                for op, operand in cond.operators():
                    if op in ("within", "outside"):
                        params.add(str(operand))
                    elif isinstance(operand, ParamRef):
                        params.add(operand.param)
    return facts, params


def _unused(pack: Pack, smap: SourceMap) -> list[Diagnostic]:
    wordings, macros = _used_texts(pack)
    found: list[Diagnostic] = []
    for kind, table, used, label in (
        ("wordings", pack.wordings, wordings, "formuleringen"),
        ("journal_macros", pack.journal_macros, macros, "journalmakroen"),
    ):
        for key in sorted(set(table) - used):
            found.append(
                Diagnostic(
                    smap.span((kind, key), key=True),
                    "AN04",
                    f"{label} '{key}' bruges ikke af nogen regel",
                    pack=pack.ref,
                    hint="slet den, eller henvis til den fra en regel",
                    severity=Severity.WARNING,
                )
            )
    items: list[Rule | Addendum] = [*pack.rules, *pack.addenda]
    groups = [g for item in items for g in (item.when, *item.when_any)]
    facts, params = _condition_facts(groups)
    params |= facts & set(pack.parameters)
    for fact in pack.facts.values():
        if fact.derived is not None:
            facts.update(fact.derived.days_between)
    for text in [
        *(w.text for w in pack.wordings.values()),
        *(m.text for m in pack.journal_macros.values()),
    ]:
        facts.update(name for name, _ in placeholders(text))
    params |= facts & set(pack.parameters)
    for name in sorted(set(pack.facts) - facts - {"henvendelse"}):
        found.append(_unused_decl(pack, smap, ("facts", name), f"faktummet '{name}'"))
    for name in sorted(set(pack.parameters) - params):
        found.append(
            _unused_decl(pack, smap, ("parameters", name), f"parameteren '{name}'")
        )
    return found


def _unused_decl(
    pack: Pack, smap: SourceMap, path: tuple[str, str], what: str
) -> Diagnostic:
    return Diagnostic(
        smap.span(path, key=True),
        "AN05",
        f"{what} bruges ikke i nogen betingelse eller tekst",
        pack=pack.ref,
        hint="slet erklæringen, eller brug den i en regel",
        severity=Severity.WARNING,
    )
