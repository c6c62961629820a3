"""Render a pack as one Danish Markdown page for legal reviewers (``flowrules render``).

A page shows the pack's facts and parameters, its rules in first-match order as a
Mermaid flowchart, and then every rule with its conditions in plain Danish, its
outcome, the citizen wording and journal macro (verbatim), citations, notes and
lint status; then addenda, the fallback and the texts no rule uses. The output
is deterministic (no generation date), so the pages in ``docs/packs/`` are
committed and a test checks they match the packs.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from flowrules.diagnostics import Diagnostic, format_text
from flowrules.errors import PackError
from flowrules.lint import LintContext, lint_pack, load_seeds
from flowrules.loader import discover, load_pack_with_source
from flowrules.model import (
    Addendum,
    Addition,
    Citation,
    Conditions,
    Fallback,
    Note,
    Outcome,
    Pack,
    ParamRef,
    Rule,
    Test,
)
from flowrules.source import SourceMap

#: First line of every generated page; stale pages carrying it are removed.
MARKER = "<!-- Genereret af flowrules render ud fra regelpakken; ret ikke i filen. -->"
FACT_TYPES = {"enum": "valgliste", "bool": "ja/nej", "int": "heltal", "date": "dato"}
FACT_TYPES["datetime"] = "tidspunkt"
PARAM_TYPES = {"int": "heltal", "bool": "ja/nej", "schedule": "ugeskema"}
DAYS = {"loerdag": "lørdag", "soendag": "søndag"}
_COMPARE = {
    "lt": ("er før", "er mindre end"),
    "lte": ("er senest", "er højst"),
    "gt": ("er efter", "er mere end"),
    "gte": ("er tidligst", "er mindst"),
}
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~])|(?<!\w)_|_(?!\w)")
_LINE_START = re.compile(r"^(\d+(?=[.)])|(?=[#+=-]))")
NOTICE = "vejledning, ikke afgørelse"
ORDER_TEXT = (
    "Reglerne prøves oppefra; den første, der passer, afgør udfaldet. Passer ingen regel,"
    " gælder fallback nederst. Tillæg lægges oven i."
)


def escape_md(text: str) -> str:
    """Escape Markdown syntax so that ``text`` is shown verbatim (one line)."""
    text = " ".join(text.split())
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    return _LINE_START.sub(lambda m: m.group(0) + "\\", text, count=1)


def escape_mermaid(text: str) -> str:
    """Escape a Mermaid node label (used inside ``"…"``) with entity codes."""
    text = text.replace("#", "#35;")
    for char, code in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text.replace("&", "#amp;").replace("`", "#96;")


def quote_block(text: str) -> str:
    """Return ``text`` as a Markdown blockquote, verbatim (lines kept)."""
    lines = [escape_md(line) for line in text.strip().splitlines()]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def period(valid_from: dt.date, valid_to: dt.date | None) -> str:
    """Return a validity period in Danish (``valid_to`` is the first day not in force)."""
    if valid_to is None:
        return f"fra {valid_from.isoformat()}"
    last = valid_to - dt.timedelta(days=1)
    return f"fra {valid_from.isoformat()} til og med {last.isoformat()}"


def _name(name: str, md: bool) -> str:
    return f"`{name}`" if md else name


def param_value(value: object) -> str:
    """Return a parameter value in Danish (schedules as ``mandag 08:30–16:00; …``)."""
    if isinstance(value, dict):
        return "; ".join(f"{DAYS.get(d, d)} {a}–{b}" for d, (a, b) in value.items())
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


def _value(pack: Pack, fact: str, value: object, md: bool) -> str:
    if isinstance(value, ParamRef):
        param = pack.parameters[value.param]
        versions = ", ".join(
            f"{param_value(v.value)} {period(v.valid_from, v.valid_to)}"
            for v in param.versions
        )
        return f"{_name(value.param, md)} ({versions})"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    decl = pack.facts.get(fact)
    if decl is not None and text in decl.labels:
        text = decl.labels[text]
    elif fact.endswith("ugedag"):
        text = DAYS.get(text, text)
    return escape_md(text) if md else text


def condition_phrase(pack: Pack, fact: str, op: str, operand: object, md: bool) -> str:
    """Return one operator on one fact as a Danish phrase."""
    name = _name(fact, md)
    if op == "exists":
        return f"{name} er angivet" if operand else f"{name} mangler"
    if op in ("within", "outside"):
        where = "inden for" if op == "within" else "uden for"
        param = f"[`{operand}`](#parameter-{operand})" if md else str(operand)
        return f"{name} ligger {where} {param}"
    if op in ("one_of", "not_one_of"):
        assert isinstance(operand, tuple)
        values = ", ".join(_value(pack, fact, v, md) for v in operand)
        if op == "one_of":
            return f"{name} er en af: {values}"
        return f"{name} er ingen af: {values} (eller mangler)"
    value = _value(pack, fact, operand, md)
    if op == "eq":
        return f"{name} er {value}"
    if op == "ne":
        return f"{name} er ikke {value} (eller mangler)"
    timely = isinstance(operand, (dt.date, str))
    return f"{name} {_COMPARE[op][0 if timely else 1]} {value}"


def condition_phrases(pack: Pack, conds: Conditions, *, md: bool = True) -> list[str]:
    """Return every condition of a ``when`` mapping as Danish phrases, in order."""
    phrases = []
    for fact, cond in conds.items():
        ops = cond.operators() if isinstance(cond, Test) else [("eq", cond)]
        phrases += [condition_phrase(pack, fact, op, v, md) for op, v in ops]
    return phrases


def citation_text(citation: Citation) -> str:
    """Return a citation as Markdown: document, section and the quote."""
    section, quote = escape_md(citation.section), escape_md(citation.quote)
    return f"`{citation.document}`, {section}: »{quote}«"


def note_text(note: Note) -> str:
    """Return a note as Markdown with its ambiguity number."""
    return f"**{note.ambiguity}**: {escape_md(note.text)}"


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
            lines.append(f"  - {alt.resolution}{to}: {escape_md(alt.criterion)}")
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
    out.append(_items("**Kilder:**", map(_citation_item, item.citations)))
    if item.notes:
        out.append(_items("**Noter:**", map(_note_item, item.notes)))
    out.append(
        _lint_status(found.of(rule_id, item.then.wording, item.then.journal_macro))
    )
    return out


def _short_outcome(then: Outcome) -> str:
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


def _facts(pack: Pack) -> list[str]:
    rows = [
        "| Oplysning | Type | Beskrivelse | Tilladte værdier |",
        "|---|---|---|---|",
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
        rows.append(
            f"| `{name}` | {kind} | {escape_md(fact.description)} | {values or '–'} |"
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
    """Return the wording ids and macro ids used by rules, addenda or the fallback."""
    thens: list[Outcome | Addition] = [r.then for r in pack.rules]
    thens += [*(a.then for a in pack.addenda), pack.fallback.then]
    wordings = {t.wording for t in thens if t.wording}
    return wordings, {t.journal_macro for t in thens if t.journal_macro}


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


def render_files(
    files: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    seeds_dir: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Write one page per pack file and ``index.md``; remove stale generated pages.

    Raises:
        flowrules.errors.PackError: With every diagnostic if a pack does not load
            (nothing is written then).
    """
    loaded: list[tuple[Pack, SourceMap]] = []
    problems: list[Diagnostic] = []
    for file in files:
        try:
            loaded.append(load_pack_with_source(file))
        except PackError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise PackError(problems)
    context = LintContext(seeds=load_seeds(seeds_dir))
    packs = [pack for pack, _ in loaded]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for (pack, smap), name in zip(loaded, page_names(packs), strict=True):
        page = render_pack(pack, lint_pack(pack, smap, context), smap=smap)
        written.append(_write(out / name, page))
    written.append(_write(out / "index.md", render_index(packs)))
    for stale in sorted(set(out.glob("*.md")) - set(written)):
        if stale.read_text(encoding="utf-8").startswith(MARKER):
            stale.unlink()
    return written


def render_all(
    rules_dir: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    seeds_dir: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Render every pack under ``rules_dir`` into ``out_dir`` (pages + ``index.md``).

    Raises:
        flowrules.errors.PackError: If a path does not exist or a pack does not load.
    """
    return render_files(discover(rules_dir), out_dir, seeds_dir)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def default_seeds(paths: Sequence[str | os.PathLike[str]]) -> Path | None:
    """Find the seed documents next to the packs: ``<packs>/../tests/data/seeds``."""
    for root in paths:
        base = Path(root) if Path(root).is_dir() else Path(root).parent
        candidate = base.resolve().parent / "tests" / "data" / "seeds"
        if candidate.is_dir():
            return candidate
    return None


def render_command(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    seeds: str | os.PathLike[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``flowrules render PATHS --out DIR [--seeds DIR]``; return the exit code.

    Exit codes: 0 pages written, 2 a pack does not load or a path is missing.
    Without ``seeds`` the seeds next to the packs are used when they exist.
    """
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        files = [f for root in paths for f in discover(root)]
        written = render_files(files, out_dir, seeds or default_seeds(paths))
    except PackError as exc:
        print(format_text(exc.diagnostics), file=err)
        return 2
    print(f"skrev {len(written)} sider til {os.fspath(out_dir)}", file=out)
    return 0
