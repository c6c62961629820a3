"""The wording and pack linter: ``flowrules lint rules/``.

One rule = one class with a code (``WD01``), a kebab name, a Danish docstring
with "Eksempel" and "Brug i stedet", and a case file ``tests/lint/cases/<CODE>.yaml``.
Families:

- ``WD`` wording, vejledning and not afgørelse (:mod:`flowrules.lint.wording`);
- ``FL`` structure of macros, template leftovers, leverandør mails
  (:mod:`flowrules.lint.structure`);
- ``LH`` citations: present, verbatim in a known seed (:mod:`flowrules.lint.citations`).

``docs/lint-rules.md`` is generated from the docstrings by :func:`rules_markdown`
(``python tests/make_lint_docs.py``).
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from flowrules.diagnostics import Diagnostic, Severity, Span, sort_diagnostics
from flowrules.lint._base import Finding, LintContext, Rule, normalise
from flowrules.lint.citations import MissingCitation, QuoteNotInSeed, UnknownSeed
from flowrules.lint.structure import (
    LeverandoerMail,
    MacroWithoutGuidance,
    TemplateLeftover,
    UnusedText,
)
from flowrules.lint.wording import (
    DecisionLanguage,
    MissingDecisionMaker,
    MissingGuidanceStatement,
    PersonalAssessment,
    PromisedCallback,
    ReasonsWithoutIndividualAssessment,
    TreatmentAdvice,
)
from flowrules.loader import load_all
from flowrules.model import Pack
from flowrules.source import SourceMap

#: Every lint rule, in code order.
RULES: tuple[type[Rule], ...] = (
    MacroWithoutGuidance,
    TemplateLeftover,
    LeverandoerMail,
    UnusedText,
    MissingCitation,
    QuoteNotInSeed,
    UnknownSeed,
    DecisionLanguage,
    MissingGuidanceStatement,
    MissingDecisionMaker,
    TreatmentAdvice,
    ReasonsWithoutIndividualAssessment,
    PromisedCallback,
    PersonalAssessment,
)

__all__ = [
    "RULES",
    "Finding",
    "LintContext",
    "Rule",
    "default_seeds",
    "lint_pack",
    "lint_paths",
    "load_seeds",
    "rules_markdown",
]


def load_seeds(folder: str | os.PathLike[str] | None) -> dict[str, str]:
    """Read the seed documents of a folder, normalised for verbatim matching."""
    if folder is None or not Path(folder).is_dir():
        return {}
    return {
        p.name: normalise(p.read_text(encoding="utf-8"))
        for p in sorted(Path(folder).glob("*.txt"))
    }


def lint_pack(
    pack: Pack,
    smap: SourceMap,
    context: LintContext | None = None,
    rules: Sequence[type[Rule]] = RULES,
) -> list[Diagnostic]:
    """Run the lint rules on one pack; return sorted diagnostics with spans."""
    context = context or LintContext()
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


def lint_paths(
    paths: Iterable[str | os.PathLike[str]], seeds: str | os.PathLike[str] | None = None
) -> list[Diagnostic]:
    """Lint every pack under ``paths``; a pack that does not load gives its load diagnostics.

    Raises:
        flowrules.errors.PackError: If a path does not exist or holds no pack.
    """
    context = LintContext(seeds=load_seeds(seeds))
    loaded, found = load_all(paths)
    for _, pack, smap in loaded:
        found.extend(lint_pack(pack, smap, context))
    return sort_diagnostics(found)


def default_seeds(paths: Sequence[str | os.PathLike[str]]) -> Path | None:
    """Find the seed documents next to the packs: ``<packs>/../tests/data/seeds``."""
    for root in paths:
        base = Path(root) if Path(root).is_dir() else Path(root).parent
        candidate = base.resolve().parent / "tests" / "data" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def _rule_of(pack: Pack, finding: Finding) -> str | None:
    if finding.rule:
        return f"{pack.pack}.{finding.rule}"
    path = finding.path
    if len(path) >= 2 and path[0] in ("rules", "addenda") and isinstance(path[1], int):
        items = pack.rules if path[0] == "rules" else pack.addenda
        return f"{pack.pack}.{items[path[1]].id}"
    if path and path[0] == "fallback":
        return f"{pack.pack}.fallback"
    return None


_LABELS = ("Eksempel:", "Brug i stedet:")


def rules_markdown(rules: Sequence[type[Rule]] = RULES) -> str:
    """Return ``docs/lint-rules.md``: a table of the rules and one section per rule.

    The text comes from each rule's docstring: the first line is the summary, and the
    indented lines after "Eksempel:" and "Brug i stedet:" become YAML code blocks.
    """
    out = [
        "# Lint rules",
        "",
        "<!-- Generated from the rule docstrings by `python tests/make_lint_docs.py`;"
        " do not edit. -->",
        "",
        "Run `flowrules lint rules/`. Every finding is an error. Families: `WD` wording"
        " (vejledning, ikke afgørelse), `FL` structure, `LH` citations.",
        "",
        "| code | name | summary |",
        "|---|---|---|",
    ]
    out += [f"| {r.code} | `{r.name}` | {r.summary()} |" for r in rules]
    for rule in rules:
        out += ["", f"## {rule.code} `{rule.name}`", ""]
        out += _docstring_markdown(inspect.getdoc(rule) or "")
    return "\n".join(out) + "\n"


def _docstring_markdown(doc: str) -> list[str]:
    lines: list[str] = []
    in_block = False
    for raw in doc.splitlines():
        if raw.strip() in _LABELS:
            if in_block:
                lines += ["```", ""]
            lines += [f"**{raw.strip()}**", "", "```yaml"]
            in_block = True
        elif in_block and raw and not raw.startswith(" "):
            lines += ["```", "", raw]
            in_block = False
        else:
            lines.append(raw[4:] if in_block else raw)
    if in_block:
        while lines and not lines[-1]:
            lines.pop()
        lines.append("```")
    return lines
