"""Lay out one pack as a Danish Markdown page for legal reviewers, and the index page.

A page shows the pack's facts and parameters, its rules in first-match order as a
Mermaid flowchart, and then every rule with its conditions in plain Danish, its
outcome, the citizen wording and journal macro (verbatim), citations, notes and
lint status; then addenda, the fallback and the texts no rule uses. The output
is deterministic (no generation date).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from flowrules.diagnostics import Diagnostic
from flowrules.pack.schema import (
    Addendum,
    Addition,
    Citation,
    Fallback,
    Note,
    Outcome,
    Pack,
    Rule,
)
from flowrules.pack.yaml_positions import SourceMap
from flowrules.review.flowchart import mermaid
from flowrules.review.markdown import escape_md, quote_block
from flowrules.review.phrasing import (
    citation_text,
    condition_phrases,
    note_text,
    param_value,
    period,
)

#: First line of every generated page; stale pages carrying it are removed.
MARKER = "<!-- Genereret af flowrules render ud fra regelpakken; ret ikke i filen. -->"
FACT_TYPES = {"enum": "valgliste", "bool": "ja/nej", "int": "heltal", "date": "dato"}
FACT_TYPES["datetime"] = "tidspunkt"
PARAM_TYPES = {"int": "heltal", "bool": "ja/nej", "schedule": "ugeskema"}
NOTICE = "vejledning, ikke afgørelse"
ORDER_TEXT = (
    "Reglerne prøves oppefra; den første, der passer, afgør udfaldet. Passer ingen regel,"
    " gælder fallback nederst. Tillæg lægges oven i."
)


def _note_item(note: Note) -> str:
    return f"- {note_text(note)}"


def _citation_item(citation: Citation) -> str:
    return f"- {citation_text(citation)}"


def _items(title: str, items: Iterable[str]) -> str:
    """Return a bold title line and a Markdown list as one block."""
    return "\n".join([title, "", *items])


def outcome_lines(then: Outcome | Addition) -> list[str]:
    """Return the outcome fields (not the texts) as Markdown list items."""
    lines = []
    if isinstance(then, Outcome):
        lines.append(f"- **Handling:** `{then.action}` – {escape_md(then.action_text)}")
        lines.append(f"- **Udfald:** {then.resolution}")
        if then.transfer_to:
            lines.append(f"- **Omstilling til:** `{then.transfer_to}`")
    if then.refer_to:
        lines.append(f"- **Henvisning til:** `{then.refer_to}`")
    lines.append(f"- **Trin:** {', '.join(f'`{s}`' for s in then.steps) or 'ingen'}")
    if isinstance(then, Outcome) and then.alternatives:
        lines.append("- **Alternativer** (medarbejderen vælger efter kriteriet):")
        for alt in then.alternatives:
            target = alt.transfer_to or alt.refer_to
            to = f" → `{target}`" if target else ""
            label = f" ({escape_md(alt.label)})" if alt.label else ""
            lines.append(
                f"  - `valg: {alt.choice_id}`{label} – {alt.resolution}{to}: "
                f"{escape_md(alt.criterion)}"
            )
            if alt.action_text:
                lines.append(
                    f"    - **Handling, når det er valgt:** {escape_md(alt.action_text)}"
                )
            if alt.steps is not None:
                lines.append(
                    f"    - **Trin:** {', '.join(f'`{s}`' for s in alt.steps) or 'ingen'}"
                )
            texts = [f"`{t}`" for t in (alt.wording, alt.journal_macro) if t]
            if texts:
                lines.append(
                    f"    - **Tekster, når det er valgt:** {' og '.join(texts)} (se nedenfor)"
                )
    return lines


def _texts(pack: Pack, wording: str | None, macro: str | None) -> list[str]:
    out = []
    if wording is not None:
        w = pack.wordings[wording]
        out.append(
            f"**Til borgeren** (`{wording}`; afgøres af {escape_md(w.decision_maker)}):"
        )
        out.append(quote_block(w.text))
    if macro is not None:
        m = pack.journal_macros[macro]
        out.append(f"**Journalnotat** (`{macro}` – {escape_md(m.title)}):")
        out.append(quote_block(m.text))
    return out


def _finding(d: Diagnostic) -> str:
    hint = f" – hjælp: {escape_md(d.hint)}" if d.hint else ""
    return f"- **{d.code}** {escape_md(d.message)} (linje {d.span.line}){hint}"


def _lint_status(found: Sequence[Diagnostic]) -> str:
    if not found:
        return "**Lint:** ingen fund"
    return _items(f"**Lint:** {len(found)} fund", map(_finding, found))


class _Findings:
    """Lint findings of one pack, attributed to rules and to texts."""

    def __init__(self, pack: Pack, found: Iterable[Diagnostic], smap: SourceMap | None):
        self.by_key: dict[str, list[Diagnostic]] = defaultdict(list)
        self.all = [d for d in found if d.pack in (None, pack.ref)]
        self.loose: list[Diagnostic] = []
        texts: dict[object, str] = {}
        for loc, span in smap.values.items() if smap else ():
            if len(loc) >= 2 and loc[0] in ("wordings", "journal_macros"):
                texts[span] = f"{loc[0]}:{loc[1]}"
        for d in self.all:
            if d.rule is not None and d.rule.startswith(f"{pack.pack}."):
                self.by_key["rule:" + d.rule.split(".", 1)[1]].append(d)
            elif d.span in texts:
                self.by_key[texts[d.span]].append(d)
            else:
                self.loose.append(d)

    def of(
        self, rule: str | None, wording: str | None, macro: str | None
    ) -> list[Diagnostic]:
        keys = [f"rule:{rule}", f"wordings:{wording}", f"journal_macros:{macro}"]
        return [d for k in keys for d in self.by_key.get(k, [])]


def _entry(
    pack: Pack, heading: str, item: Rule | Addendum | Fallback, found: _Findings
) -> list[str]:
    rule_id = "fallback" if isinstance(item, Fallback) else item.id
    out = [f'<a id="regel-{rule_id}"></a>', heading, f"**{escape_md(item.title)}**"]
    if not isinstance(item, Fallback):
        phrases = [f"- {p}" for p in condition_phrases(pack, item.when)]
        head = "**Betingelser** (alle skal være opfyldt):"
        out.append(
            _items(head, phrases)
            if phrases
            else "**Betingelser:** ingen (gælder altid)"
        )
        if item.when_any:
            groups = [
                f"- gruppe {n}: " + " og ".join(condition_phrases(pack, g))
                for n, g in enumerate(item.when_any, 1)
            ]
            out.append(_items("**Og mindst én af disse grupper:**", groups))
    out.append(_items("**Udfald:**", outcome_lines(item.then)))
    out += _texts(pack, item.then.wording, item.then.journal_macro)
    if isinstance(item.then, Outcome):
        for alt in item.then.alternatives:
            if alt.wording or alt.journal_macro:
                out.append(f"**Når medarbejderen vælger `{alt.choice_id}`:**")
                out += _texts(pack, alt.wording, alt.journal_macro)
    out.append(_items("**Kilder:**", map(_citation_item, item.citations)))
    if item.notes:
        out.append(_items("**Noter:**", map(_note_item, item.notes)))
    out.append(
        _lint_status(found.of(rule_id, item.then.wording, item.then.journal_macro))
    )
    return out


def _facts(pack: Pack) -> list[str]:
    rows = [
        "| Oplysning | Type | Beskrivelse | Spørgsmål i interviewet | Tilladte værdier |",
        "|---|---|---|---|---|",
    ]
    for name, fact in pack.facts.items():
        kind = FACT_TYPES[fact.type] + (", påkrævet" if fact.required else "")
        if fact.derived:
            kind += ", beregnet: dage fra `{}` til `{}`".format(
                *fact.derived.days_between
            )
        values = ", ".join(
            f"`{v}` ({escape_md(fact.labels[v])})" if v in fact.labels else f"`{v}`"
            for v in fact.values
        )
        question = escape_md(fact.question) if fact.question else "–"
        rows.append(
            f"| `{name}` | {kind} | {escape_md(fact.description)} | {question} "
            f"| {values or '–'} |"
        )
    builtin = "Altid med: `modtaget` (tidspunkt), `modtaget_dato`, `modtaget_tid`, `modtaget_ugedag`."
    return ["## Oplysninger i opkaldet", "\n".join(rows), builtin]


def _parameters(pack: Pack) -> list[str]:
    out = ["## Parametre"] if pack.parameters else []
    for name, param in pack.parameters.items():
        out += [
            f'<a id="parameter-{name}"></a>',
            f"### `{name}` ({PARAM_TYPES[param.type]})",
        ]
        rows = [
            f"| {period(v.valid_from, v.valid_to)} | {param_value(v.value)} |"
            for v in param.versions
        ]
        out += [
            escape_md(param.description),
            "\n".join(["| Gælder | Værdi |", "|---|---|", *rows]),
        ]
        out.append(_items("**Kilder:**", map(_citation_item, param.citations)))
        if param.notes:
            out.append(_items("**Noter:**", map(_note_item, param.notes)))
    return out


def used_texts(pack: Pack) -> tuple[set[str], set[str]]:
    """Return the wording ids and macro ids used by rules (and their alternatives), addenda or the fallback."""
    thens: list[Outcome | Addition] = [r.then for r in pack.rules]
    thens += [*(a.then for a in pack.addenda), pack.fallback.then]
    wordings = {t.wording for t in thens if t.wording}
    macros = {t.journal_macro for t in thens if t.journal_macro}
    chosen = [a for r in pack.rules for a in r.then.alternatives]
    wordings |= {a.wording for a in chosen if a.wording}
    macros |= {a.journal_macro for a in chosen if a.journal_macro}
    return wordings, macros


def render_pack(
    pack: Pack, lint_findings: Sequence[Diagnostic], *, smap: SourceMap | None = None
) -> str:
    """Render one pack as a Danish Markdown page for legal reviewers.

    Args:
        pack: The validated pack.
        lint_findings: The pack's lint diagnostics (:func:`flowrules.lint.lint_pack`).
        smap: The pack's source map; with it, findings in a wording or macro are
            shown at every rule that uses the text.

    Returns:
        The page, ending in a newline; the same inputs give the same text.
    """
    found = _Findings(pack, lint_findings, smap)
    valid = period(pack.valid_from, pack.valid_to)
    head = f"Pakke `{pack.pack}`, version **{pack.version}**, gælder {valid}."
    notice = f"Alt, hvad der siges og gøres efter pakken, er **{NOTICE}**."
    out = [MARKER, f"# {escape_md(pack.title)}", head, escape_md(pack.description)]
    count = f"{len(found.all)} fund" if found.all else "ingen fund"
    out += [notice, f"Lint: {count} i pakken."]
    if found.loose:
        out.append(
            _items("Fund uden for regler og tekster:", map(_finding, found.loose))
        )
    if pack.notes:
        out.append(_items("## Valg mellem kilder", map(_note_item, pack.notes)))
    out += _facts(pack) + _parameters(pack)
    out += ["## Regler i rækkefølge", ORDER_TEXT, mermaid(pack)]
    for n, rule in enumerate(pack.rules, 1):
        out += _entry(pack, f"### Regel {n}: `{rule.id}`", rule, found)
    if pack.addenda:
        out += [
            "## Tillæg",
            "Alle tillæg, der passer, lægges oven i den afgørende regels udfald.",
        ]
    for n, add in enumerate(pack.addenda, 1):
        out += _entry(pack, f"### Tillæg {n}: `{add.id}`", add, found)
    out += [
        "## Fallback",
        *_entry(pack, "### Når ingen regel passer", pack.fallback, found),
    ]
    wordings, macros = used_texts(pack)
    unused: list[tuple[str | None, str | None]] = [
        *((k, None) for k in pack.wordings if k not in wordings),
        *((None, k) for k in pack.journal_macros if k not in macros),
    ]
    out.append("## Tekster, som ingen regel bruger")
    if not unused:
        out.append("Ingen: alle formuleringer og journalnotater bruges.")
    for wording, macro in unused:
        out += [
            *_texts(pack, wording, macro),
            _lint_status(found.of(None, wording, macro)),
        ]
    return "\n\n".join(out) + "\n"


def page_names(packs: Sequence[Pack]) -> list[str]:
    """Return the file name of each pack's page: ``<pack>.md``, or ``<pack>-<version>.md``."""
    ids = [p.pack for p in packs]
    return [
        f"{p.pack}-{p.version}.md" if ids.count(p.pack) > 1 else f"{p.pack}.md"
        for p in packs
    ]


def render_index(packs: Sequence[Pack]) -> str:
    """Render ``index.md``: one row per pack, linking to its page."""
    rows = [
        "| Pakke | Titel | Version | Gælder | Regler | Tillæg |",
        "|---|---|---|---|---|---|",
    ]
    pages = sorted(
        zip(packs, page_names(packs), strict=True),
        key=lambda r: (r[0].pack, r[0].valid_from),
    )
    for p, name in pages:
        valid = period(p.valid_from, p.valid_to)
        rows.append(
            f"| [{p.pack}]({name}) | {escape_md(p.title)} | {p.version} | {valid} | {len(p.rules)} | {len(p.addenda)} |"
        )
    intro = (
        "Én side pr. regelpakke, genereret fra `rules/*.yaml`: reglerne i rækkefølge, betingelser"
        " på dansk, udfald, ordlyd til borgeren, kilder, noter og lint-status."
    )
    return (
        "\n\n".join(
            [MARKER, "# Regelpakker til juridisk gennemgang", intro, "\n".join(rows)]
        )
        + "\n"
    )
