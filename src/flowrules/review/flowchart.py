"""The Mermaid flowchart of a pack's rules in first-match order (for the pack page)."""

from __future__ import annotations

from flowrules.pack.schema import Addendum, HandOff, Outcome, Pack, Rule
from flowrules.review.markdown import escape_mermaid
from flowrules.review.phrasing import condition_phrases


def _short_outcome(then: Outcome | HandOff) -> str:
    if isinstance(then, HandOff):
        onward = then.continue_with
        return f"videre til {onward.ordning}<br/>{onward.henvendelse}"
    target = then.transfer_to or then.refer_to
    return f"{then.resolution}{f' → {target}' if target else ''}<br/>{then.action}"


def _chart_conditions(pack: Pack, item: Rule | Addendum) -> list[str]:
    conds = condition_phrases(pack, item.when, md=False)
    groups = [" og ".join(condition_phrases(pack, g, md=False)) for g in item.when_any]
    if groups:
        conds.append("mindst én af: " + " ELLER ".join(f"({g})" for g in groups))
    return [escape_mermaid(c) for c in conds]


def mermaid(pack: Pack) -> str:
    """Return the rules as a Mermaid flowchart: one node per rule in first-match order."""
    lines = [
        "```mermaid",
        "flowchart TD",
        f'  start(["Opkald: {escape_mermaid(pack.title)}"])',
    ]
    previous, edge = "start", ""
    for n, rule in enumerate(pack.rules, 1):
        text = "<br/>".join([f"Regel {n}: {rule.id}", *_chart_conditions(pack, rule)])
        lines.append(f'  {previous} -->{edge} r{n}["{text}"]')
        lines.append(f'  r{n} -->|ja| o{n}(["{_short_outcome(rule.then)}"])')
        previous, edge = f"r{n}", "|nej|"
    fallback = f"Fallback: {escape_mermaid(pack.fallback.title)}"
    lines.append(
        f'  {previous} -->{edge} fb[["{fallback}<br/>{_short_outcome(pack.fallback.then)}"]]'
    )
    if pack.addenda:
        lines.append(
            '  subgraph tillaeg ["Tillæg: lægges oven i udfaldet, alle der passer"]'
        )
        for n, add in enumerate(pack.addenda, 1):
            text = "<br/>".join(
                [f"Tillæg {n}: {add.id}", *_chart_conditions(pack, add)]
            )
            lines.append(f'    t{n}["{text}"]')
        lines.append("  end")
    return "\n".join([*lines, "```"])
