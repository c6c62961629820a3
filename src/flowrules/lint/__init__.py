"""The wording and pack linter: ``flowrules lint rules/``.

One rule = one class with a code (``WD01``), a kebab name, a Danish docstring
with "Eksempel" and "Brug i stedet", and a case file ``tests/lint/cases/<CODE>.yaml``.
Families: ``WD`` wording (:mod:`flowrules.lint.wording`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from flowrules.diagnostics import Diagnostic, Severity, sort_diagnostics
from flowrules.errors import PackError
from flowrules.lint._base import Finding, LintContext, Rule, normalise
from flowrules.lint.wording import DecisionLanguage
from flowrules.loader import discover, load_pack_with_source
from flowrules.model import Pack
from flowrules.source import SourceMap

#: Every lint rule, in code order.
RULES: tuple[type[Rule], ...] = (DecisionLanguage,)

__all__ = [
    "RULES",
    "Finding",
    "LintContext",
    "Rule",
    "lint_pack",
    "lint_paths",
    "load_seeds",
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
    for rule_class in rules:
        for finding in rule_class().check(pack, context):
            rule = _rule_of(pack, finding)
            found.append(
                Diagnostic(
                    smap.span(finding.path),
                    rule_class.code,
                    finding.message,
                    rule=rule,
                    pack=pack.ref,
                    hint=finding.hint,
                    severity=Severity.ERROR,
                )
            )
    return sort_diagnostics(found)


def lint_paths(
    paths: Iterable[str | os.PathLike[str]], seeds: str | os.PathLike[str] | None = None
) -> list[Diagnostic]:
    """Lint every pack under ``paths``; a pack that does not load gives its load diagnostics.

    Raises:
        flowrules.errors.PackError: If a path does not exist or holds no pack.
    """
    context = LintContext(seeds=load_seeds(seeds))
    found: list[Diagnostic] = []
    for root in paths:
        for file in discover(root):
            try:
                pack, smap = load_pack_with_source(file)
            except PackError as exc:
                found.extend(exc.diagnostics)
                continue
            found.extend(lint_pack(pack, smap, context))
    return sort_diagnostics(found)


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
