"""Write a pack diff as the Danish Markdown report a legal reviewer signs off.

Changed texts and fields are shown word by word (``~~fjernet~~ **tilføjet**``),
each changed scenario with its call and a before/after table, and the report
ends with a sign-off line.
"""

from __future__ import annotations

import json

from flowrules.danish import number
from flowrules.review.markdown import escape_md, word_diff
from flowrules.review.pack_diff import LABELS, Change, PackDiff, Status
from flowrules.review.scenario_diff import ScenarioDiff

LEGEND = "Fjernede ord er ~~overstreget~~, tilføjede ord er **fede**."
_STATUS = {"added": "Tilføjet", "removed": "Fjernet", "changed": "Ændret"}


def _change_line(change: Change, status: Status = "changed") -> str:
    if status != "changed":
        return f"- **{change.what}**: {change.new or change.old}"
    if change.old is None:
        return f"- **{change.what}** tilføjet: {change.new}"
    if change.new is None:
        return f"- **{change.what}** fjernet: {change.old}"
    return f"- **{change.what}**: {word_diff(change.old, change.new, escape=False)}"


def _value_text(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "–"
    return escape_md(str(value)) if value is not None else "–"


def _scenario_lines(s: ScenarioDiff) -> list[str]:
    call = json.dumps(s.call, ensure_ascii=False, sort_keys=True, default=str)
    out = [f"### `{s.id}`", f"Opkald: `{call}`"]
    if isinstance(s.old, str) or isinstance(s.new, str):
        show = [
            _value_text(x) if isinstance(x, str) else f"regel `{x['rule']}`"
            for x in (s.old, s.new)
        ]
        return [*out, f"- før: {show[0]}\n- nu: {show[1]}"]
    rows = ["| | før | nu |", "|---|---|---|"]
    for key in s.fields:
        old, new = _value_text(s.old[key]), _value_text(s.new[key])
        if key == "wording":
            old, new = (
                "ændret ord for ord:",
                word_diff(str(s.old[key]), str(s.new[key])),
            )
        rows.append(f"| {LABELS[key]} | {old} | {new} |")
    return [*out, "\n".join(rows)]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _summary(diff: PackDiff) -> list[str]:
    """The title, sources, version warning, overview, suites and new findings."""
    out = [f"# Ændringer i `{diff.pack}`: {diff.old_ref} → {diff.new_ref}"]
    if diff.old_source or diff.new_source:
        out.append(f"Før: `{diff.old_source}` · nu: `{diff.new_source}`")
    if diff.unbumped:
        out.append(
            f"**Advarsel:** indholdet er ændret, men versionen er stadig {diff.new_ref}."
            " Giv pakken et nyt versionsnummer, så beslutninger fra før og efter kan"
            " skelnes (AP02 i `flowrules check`, når versionen er godkendt)."
        )
    statuses = [i.status for i in diff.rules]
    summary = [
        f"{statuses.count('added')} tilføjet, {statuses.count('removed')} fjernet, "
        f"{statuses.count('changed')} ændret (regler, tillæg og fallback)",
        _count(len(diff.texts), "tekst ændret", "tekster ændret"),
        f"{number(len(diff.scenarios))} af {number(diff.scenarios_run)} scenarier får et"
        " andet udfald",
        _count(len(diff.new_findings), "nyt fund", "nye fund"),
    ]
    out.append("Oversigt: " + "; ".join(summary) + ".")
    if diff.scenario_sources:
        out.append(
            "Scenarier fra: " + ", ".join(f"`{s}`" for s in diff.scenario_sources)
        )
    elif not diff.scenarios_run:
        out.append(
            "**Ingen scenarier:** der blev ikke fundet en scenariesuite til pakken"
            " (`tests/scenarios/<pakke>.yaml` ved pakkernes mappe); angiv en med"
            " `--scenarios`."
        )
    if diff.new_findings:
        out += ["## Nye fund (lint og check --deep)", _findings(diff)]
    return out


def render_diff(diff: PackDiff, *, sign_off: bool = True) -> str:
    """Render the diff as a Danish Markdown report for the legal reviewer's sign-off.

    Args:
        diff: The structured diff.
        sign_off: End with the "Godkendelse" section (how to approve the new content).
    """
    out = _summary(diff)
    if diff.empty:
        out.append("Ingen ændringer i indhold eller udfald.")
    if diff.header:
        out += ["## Pakken", "\n".join(map(_change_line, diff.header))]
    for title, items in (
        ("Regler, tillæg og fallback", diff.rules),
        ("Oplysninger", diff.facts),
        ("Parametre", diff.parameters),
    ):
        if items:
            out.append(f"## {title}")
        for item in items:
            out.append(f"### {_STATUS[item.status]} {item.kind}: `{item.id}`")
            if item.changes:
                lines = [_change_line(c, item.status) for c in item.changes]
                out.append("\n".join(lines))
    if diff.texts:
        out += ["## Formuleringer og journalnotater (ord for ord)", LEGEND]
    for text in diff.texts:
        kind = "formulering" if text.kind == "wording" else "journalnotat"
        out.append(f"### {_STATUS[text.status]} {kind}: `{text.id}`")
        if text.changes:
            out.append("\n".join(map(_change_line, text.changes)))
        out.append("\n".join(f"> {line}" for line in text.markup.splitlines() or [""]))
    if diff.scenarios:
        out += ["## Scenarier med ændret udfald", LEGEND]
    for scenario in diff.scenarios:
        out += _scenario_lines(scenario)
    if sign_off:
        out += ["## Godkendelse", _sign_off(diff)]
    return "\n\n".join(out) + "\n"


def _findings(diff: PackDiff) -> str:
    lines = []
    for f in diff.new_findings:
        level = "fejl" if f.severity == "error" else "advarsel"
        where = f" (regel `{f.rule}`)" if f.rule else ""
        lines.append(
            f"- **{f.code}** ({level}, linje {f.line}){where}: {escape_md(f.message)}"
        )
    return "\n".join(lines)


def _sign_off(diff: PackDiff) -> str:
    digest = f" (digest `{diff.new_digest[:12]}…`)" if diff.new_digest else ""
    return (
        f"Godkendelsen af {diff.new_ref}{digest} registreres i `approvals.yaml` med"
        f" `flowrules approve {diff.pack} --reviewer NAVN --role ROLLE`; kommandoen"
        " viser ændringerne siden den senest godkendte version, før den skriver."
    )
