"""Generate ``docs/lint-rules.md`` from the lint rules' docstrings."""

from __future__ import annotations

import inspect
from collections.abc import Sequence

from flowrules.lint.framework import Rule
from flowrules.lint.runner import RULES

_LABELS = ("Eksempel:", "Brug i stedet:")


def rules_markdown(rules: Sequence[type[Rule]] = RULES) -> str:
    """Return ``docs/lint-rules.md``: a table of the rules and one section per rule.

    The text comes from each rule's docstring: the first line is the summary, and the
    indented lines after "Eksempel:" and "Brug i stedet:" become YAML code blocks.
    """
    out = [
        "# Lint rules",
        "",
        "<!-- Generated from the rule docstrings by `python tests/lint/make_lint_docs.py`;"
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
