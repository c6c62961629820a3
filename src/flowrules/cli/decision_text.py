"""Readable Danish text forms of a decision and its trace (for the CLI)."""

from __future__ import annotations

import textwrap

from flowrules.decision import Decision


def _wrap(text: str, indent: str = "  ") -> str:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    return "\n".join(
        textwrap.fill(p, width=88, initial_indent=indent, subsequent_indent=indent)
        for p in paragraphs
    )


def decision_text(decision: Decision) -> str:
    """Render a decision as a Danish text block for the employee."""
    dash = "–"
    lines = [
        f"Regel:        {decision.rule_id} ({decision.pack}@{decision.pack_version})",
        f"Status:       {decision.notice}",
        f"Handling:     {decision.action}",
        _wrap(decision.action_text, " " * 14),
        f"Udfald:       {decision.resolution}",
        f"Omstil til:   {decision.transfer_to or dash}",
        f"Henvis til:   {', '.join([u for u in [decision.refer_to, *decision.also_refer_to] if u]) or dash}",
        f"Trin:         {', '.join(decision.steps) or dash}",
    ]
    for alt in decision.alternatives:
        target = alt.transfer_to or alt.refer_to or dash
        lines.append(f"Alternativ:   {alt.resolution} ({target}): {alt.criterion}")
    if decision.addenda:
        lines.append(f"Tillæg:       {', '.join(decision.addenda)}")
    lines += [
        "",
        "Til borgeren:",
        _wrap(decision.wording),
        "",
        "Journalnotat:",
        _wrap(decision.journal_macro),
    ]
    lines += ["", "Kilder:"]
    lines += [f'  - {s.document}, {s.section}: "{s.quote}"' for s in decision.sources]
    if decision.trace is not None:
        lines += ["", trace_text(decision)]
    return "\n".join(lines)


def trace_text(decision: Decision) -> str:
    """Render the explain trace: each rule tried, with each condition and its value."""
    lines = ["Forklaring (regler i rækkefølge):"]
    for step in decision.trace or []:
        mark = "MATCH" if step.matched else "nej"
        lines.append(f"  [{mark}] {step.rule_id}")
        for cond in step.conditions:
            sign = "ja " if cond.passed else "nej"
            lines.append(
                f"      {sign} {cond.fact} {cond.test} (værdi: {cond.value!r})"
            )
    if not any(step.matched for step in decision.trace or []):
        lines.append(f"  Ingen regel passede: {decision.rule_id}")
    return "\n".join(lines)
