"""Run the lint rules on packs and place each finding in the file."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from flowrules.diagnostics import Diagnostic, Severity, Span, sort_diagnostics
from flowrules.lint.citations import RULES as CITATION_RULES
from flowrules.lint.citations import citation_coverage
from flowrules.lint.framework import Finding, LintContext, Rule
from flowrules.lint.guidance import RULES as GUIDANCE_RULES
from flowrules.lint.seeds import load_seeds
from flowrules.lint.structure import RULES as STRUCTURE_RULES
from flowrules.lint.wording import RULES as WORDING_RULES
from flowrules.pack.load import load_all
from flowrules.pack.schema import Pack
from flowrules.pack.yaml_positions import SourceMap, rule_of

#: Every lint rule, in code order: what the family modules export.
RULES: tuple[type[Rule], ...] = tuple(
    sorted(
        (*CITATION_RULES, *GUIDANCE_RULES, *STRUCTURE_RULES, *WORDING_RULES),
        key=lambda r: r.code,
    )
)


def lint_pack(
    pack: Pack,
    smap: SourceMap,
    context: LintContext | None = None,
    rules: Sequence[type[Rule]] | None = None,
) -> list[Diagnostic]:
    """Run the lint rules on one pack; return sorted diagnostics with spans."""
    context = context or LintContext()
    rules = RULES if rules is None else rules
    found: list[Diagnostic] = []
    source = _source_text(smap.path)
    for rule_class in rules:
        for finding in rule_class().check(pack, context):
            rule = _rule_of(pack, finding)
            found.append(
                Diagnostic(
                    _locate(smap.span(finding.path), finding.phrase, source),
                    rule_class.code,
                    finding.message,
                    rule=rule,
                    pack=pack.ref,
                    hint=finding.hint,
                    severity=Severity.ERROR,
                )
            )
    return sort_diagnostics(found)


def _source_text(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _locate(span: Span, phrase: str | None, source: str | None) -> Span:
    """Move ``span`` (the start of a text) to where ``phrase`` stands in the file."""
    if not phrase or source is None:
        return span
    lines = source.split("\n")
    if span.line > len(lines):
        return span
    start = sum(len(line) + 1 for line in lines[: span.line - 1]) + span.col - 1
    words = [re.escape(w) for w in phrase.split()]
    match = re.compile(r"\s+".join(words), re.IGNORECASE).search(source, start)
    if match is None:
        return span
    line = source.count("\n", 0, match.start()) + 1
    col = match.start() - (source.rfind("\n", 0, match.start()) + 1) + 1
    return Span(span.path, line, col)


@dataclass(frozen=True)
class LintRun:
    """The findings of a lint run and how many citations could be checked."""

    diagnostics: list[Diagnostic]
    citations_checked: int
    citations_not_checked: int
    seed_documents: int


def lint_run(
    paths: Iterable[str | os.PathLike[str]], seeds: str | os.PathLike[str] | None = None
) -> LintRun:
    """Lint every pack under ``paths`` and count the citations checked against the seeds.

    ``seeds`` is a folder of seed documents; without it the documents shipped
    with flowrules are used.

    Raises:
        flowrules.errors.PackError: If a path does not exist or holds no pack.
    """
    context = LintContext(seeds=load_seeds(seeds))
    loaded, found = load_all(paths)
    checked = not_checked = 0
    for _, pack, smap in loaded:
        found.extend(lint_pack(pack, smap, context))
        yes, no = citation_coverage(pack, context.seeds)
        checked, not_checked = checked + yes, not_checked + no
    return LintRun(sort_diagnostics(found), checked, not_checked, len(context.seeds))


def lint_paths(
    paths: Iterable[str | os.PathLike[str]], seeds: str | os.PathLike[str] | None = None
) -> list[Diagnostic]:
    """Lint every pack under ``paths``; a pack that does not load gives its load diagnostics.

    Raises:
        flowrules.errors.PackError: If a path does not exist or holds no pack.
    """
    return lint_run(paths, seeds).diagnostics


def _rule_of(pack: Pack, finding: Finding) -> str | None:
    if finding.rule:
        return f"{pack.pack}.{finding.rule}"
    ids = {"rules": [r.id for r in pack.rules], "addenda": [a.id for a in pack.addenda]}
    return rule_of(finding.path, pack.pack, ids, fallback=True)
