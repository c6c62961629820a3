"""Compare two versions of a pack for the legal reviewer who signs off (``flowrules diff``).

:func:`diff_packs` lists added, removed and changed rules (conditions, outcome
fields, citations, notes, order), addenda, the fallback, facts, parameters,
wordings and journal macros, and runs every scenario call through an engine of
each version to list the scenarios whose outcome changed. :func:`render_diff`
writes the Danish Markdown report; changed texts are shown word by word
(``~~fjernet~~ **tilføjet**``). Inputs are files or git revisions
(:func:`load_revision`, ``REV:PATH``).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TextIO

from flowrules.diagnostics import Diagnostic, Span, format_text
from flowrules.engine import Engine
from flowrules.errors import CallError, FlowrulesError, PackError
from flowrules.loader import load_pack_source, load_pack_with_source
from flowrules.model import Addendum, Fallback, Pack, Parameter, Rule
from flowrules.render import (
    citation_text,
    condition_phrases,
    escape_md,
    note_text,
    param_value,
    period,
)
from flowrules.scenario import load_suite
from flowrules.source import read_pack_text

Status = Literal["added", "removed", "changed"]
EngineFactory = Callable[[Pack], Engine]
#: Danish labels of outcome fields (of a rule's ``then`` and of a decision).
LABELS = {
    "rule": "regel",
    "action": "handling",
    "action_text": "handlingstekst",
    "resolution": "udfald",
    "transfer_to": "omstilling til",
    "refer_to": "henvisning til",
    "also_refer_to": "også henvist til",
    "steps": "trin",
    "addenda": "tillæg",
    "wording": "formulering",
    "journal_macro": "journalnotat",
    "alternatives": "alternativer",
}
#: The decision fields compared for every scenario.
SCENARIO_FIELDS = (
    *("rule", "action", "resolution", "transfer_to", "refer_to"),
    *("also_refer_to", "steps", "addenda", "wording"),
)
LEGEND = "Fjernede ord er ~~overstreget~~, tilføjede ord er **fede**."
_STATUS = {"added": "Tilføjet", "removed": "Fjernet", "changed": "Ændret"}


@dataclass(frozen=True)
class Change:
    """One changed field: its Danish name and the Markdown before and after."""

    what: str
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True)
class ItemDiff:
    """An added, removed or changed rule, addendum, fallback, fact or parameter."""

    kind: str
    id: str
    status: Status
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class TextDiff:
    """A changed wording or journal macro, with its word-level markup."""

    kind: Literal["wording", "journal_macro"]
    id: str
    status: Status
    old: str | None
    new: str | None
    markup: str
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class ScenarioDiff:
    """A scenario whose outcome differs; an invalid call's outcome is its message."""

    id: str
    call: dict[str, Any]
    old: dict[str, Any] | str
    new: dict[str, Any] | str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class PackDiff:
    """Everything that differs between two versions of one pack."""

    pack: str
    old_ref: str
    new_ref: str
    header: tuple[Change, ...]
    facts: tuple[ItemDiff, ...]
    parameters: tuple[ItemDiff, ...]
    rules: tuple[ItemDiff, ...]
    texts: tuple[TextDiff, ...]
    scenarios: tuple[ScenarioDiff, ...]
    scenarios_run: int
    old_source: str = ""
    new_source: str = ""

    @property
    def empty(self) -> bool:
        """Whether the two versions are the same in content and in every outcome."""
        parts = (self.header, self.facts, self.parameters, self.rules, self.texts)
        return not any(parts) and not self.scenarios

    def to_json(self) -> dict[str, Any]:
        """Return the structured diff as JSON-ready data."""
        data: dict[str, Any] = dataclasses.asdict(self)
        return data


def word_diff(old: str, new: str, *, escape: bool = True) -> str:
    """Mark the words of ``old`` removed in ``new`` as ``~~ord~~`` and added as ``**ord**``.

    Examples:
        >>> word_diff("Jeg har registreret dit afbud", "Jeg har noteret dit afbud")
        'Jeg har ~~registreret~~ **noteret** dit afbud'
    """
    a = [escape_md(w) if escape else w for w in old.split()]
    b = [escape_md(w) if escape else w for w in new.split()]
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, a, b, autojunk=False
    ).get_opcodes():
        if op == "equal":
            out += a[i1:i2]
            continue
        if i2 > i1:
            out.append(f"~~{' '.join(a[i1:i2])}~~")
        if j2 > j1:
            out.append(f"**{' '.join(b[j1:j2])}**")
    return " ".join(out)


Pairs = list[tuple[str, str]]


def _compare(old: Pairs, new: Pairs) -> tuple[Change, ...]:
    """Compare ``(what, text)`` lists: single fields by value, repeated ones as sets."""
    out: list[Change] = []
    for what in dict.fromkeys([w for w, _ in old] + [w for w, _ in new]):
        a, b = [t for w, t in old if w == what], [t for w, t in new if w == what]
        if len(a) == len(b) == 1:
            out += [Change(what, a[0], b[0])] if a != b else []
        else:
            out += [Change(what, old=t) for t in a if t not in b]
            out += [Change(what, new=t) for t in b if t not in a]
    return tuple(out)


def _field_text(name: str, value: object) -> str:
    if name == "action_text" and isinstance(value, str):
        return escape_md(value)
    if name == "alternatives" and isinstance(value, tuple):
        return "; ".join(
            f"{a.resolution} → `{a.transfer_to or a.refer_to or '–'}`: "
            + escape_md(a.criterion)
            for a in value
        )
    if isinstance(value, tuple):
        return ", ".join(f"`{v}`" for v in value) or "ingen"
    return f"`{value}`" if isinstance(value, str) else ""


def _sources(item: Rule | Addendum | Fallback | Parameter | Pack) -> Pairs:
    pairs = [("kilde", citation_text(c)) for c in getattr(item, "citations", ())]
    return pairs + [("note", note_text(n)) for n in item.notes]


def _rule_fields(pack: Pack, item: Rule | Addendum | Fallback) -> Pairs:
    pairs = [("titel", escape_md(item.title))]
    if not isinstance(item, Fallback):
        for fact, cond in item.when.items():
            text = "; ".join(condition_phrases(pack, {fact: cond}))
            pairs.append((f"betingelse ({fact})", text))
        for n, group in enumerate(item.when_any, 1):
            text = " og ".join(condition_phrases(pack, group))
            pairs.append((f"mindst én af, gruppe {n}", text))
    for name in type(item.then).model_fields:
        pairs.append((LABELS[name], _field_text(name, getattr(item.then, name))))
    return [(w, t) for w, t in pairs if t] + _sources(item)


def _fact_fields(pack: Pack, name: str) -> Pairs:
    fact = pack.facts[name]
    pairs = [("type", fact.type), ("beskrivelse", escape_md(fact.description))]
    pairs += [("påkrævet", "ja")] if fact.required else []
    if fact.derived:
        pairs.append(
            ("beregnet", "dage fra `{}` til `{}`".format(*fact.derived.days_between))
        )
    labels = fact.labels
    return pairs + [
        ("værdi", f"`{v}` ({escape_md(labels.get(v, v))})") for v in fact.values
    ]


def _param_fields(pack: Pack, name: str) -> Pairs:
    param = pack.parameters[name]
    pairs = [("type", param.type), ("beskrivelse", escape_md(param.description))]
    for v in param.versions:
        pairs.append(
            ("version", f"{period(v.valid_from, v.valid_to)}: {param_value(v.value)}")
        )
    return pairs + _sources(param)


def _header(pack: Pack) -> Pairs:
    pairs = [("titel", escape_md(pack.title)), ("version", pack.version)]
    pairs.append(("gælder", period(pack.valid_from, pack.valid_to)))
    return [*pairs, ("beskrivelse", escape_md(pack.description)), *_sources(pack)]


def _keyed(kind: str, old: dict[str, Pairs], new: dict[str, Pairs]) -> list[ItemDiff]:
    out = []
    for key in [*old, *(k for k in new if k not in old)]:
        if key in old and key in new:
            if changes := _compare(old[key], new[key]):
                out.append(ItemDiff(kind, key, "changed", changes))
        elif key in old:
            gone = tuple(Change(w, old=t) for w, t in old[key])
            out.append(ItemDiff(kind, key, "removed", gone))
        else:
            out.append(
                ItemDiff(
                    kind, key, "added", tuple(Change(w, new=t) for w, t in new[key])
                )
            )
    return out


def _rules(kind: str, old: Pack, new: Pack, attr: str) -> list[ItemDiff]:
    """Diff rules or addenda by id; report moves in first-match order as ``placering``."""
    a, b = [r.id for r in getattr(old, attr)], [r.id for r in getattr(new, attr)]
    common_a, common_b = [i for i in a if i in b], [i for i in b if i in a]
    blocks = difflib.SequenceMatcher(None, common_a, common_b, autojunk=False)
    kept = {
        i for m in blocks.get_matching_blocks() for i in common_a[m.a : m.a + m.size]
    }
    diffs = _keyed(
        kind,
        {
            r.id: [("placering", f"nr. {n}"), *_rule_fields(old, r)]
            for n, r in enumerate(getattr(old, attr), 1)
        },
        {
            r.id: [("placering", f"nr. {n}"), *_rule_fields(new, r)]
            for n, r in enumerate(getattr(new, attr), 1)
        },
    )
    # A shifted number is no change when the rule kept its place among the others.
    out = []
    for d in diffs:
        changes = tuple(
            c
            for c in d.changes
            if c.what != "placering" or d.id not in kept or d.status != "changed"
        )
        if changes:
            out.append(dataclasses.replace(d, changes=changes))
    return out


_TEXT_TABLES: tuple[tuple[Literal["wording", "journal_macro"], str, str], ...] = (
    ("wording", "wordings", "decision_maker"),
    ("journal_macro", "journal_macros", "title"),
)


def _texts(old: Pack, new: Pack) -> list[TextDiff]:
    out = []
    for kind, table, meta in _TEXT_TABLES:
        a, b = getattr(old, table), getattr(new, table)
        for key in [*a, *(k for k in b if k not in a)]:
            before, after = a.get(key), b.get(key)
            texts: list[str | None] = [x.text if x else None for x in (before, after)]
            metas: list[Pairs] = [
                [(meta, escape_md(getattr(x, meta)))] if x else []
                for x in (before, after)
            ]
            changes = _compare(*metas) if before and after else ()
            status: Status = (
                "removed" if not after else "added" if not before else "changed"
            )
            if status == "changed" and texts[0] == texts[1] and not changes:
                continue
            markup = word_diff(texts[0] or "", texts[1] or "")
            out.append(TextDiff(kind, key, status, texts[0], texts[1], markup, changes))
    return out


def _outcome(engine: Engine, call: dict[str, Any]) -> dict[str, Any] | str:
    try:
        d = engine.decide(call)
    except CallError as exc:
        problems = [f"{p.field} = {p.value!r}" for p in exc.problems]
        return "ugyldigt opkald: " + "; ".join(problems)
    data = d.model_dump(mode="json")
    data["rule"] = d.rule_id.split(".", 1)[1]
    data["addenda"] = [a.split(".", 1)[1] for a in d.addenda]
    return {k: data[k] for k in SCENARIO_FIELDS}


def _native(pack: Pack) -> Engine:
    return Engine([pack], executor="native")


def _scenarios(
    old: Pack, new: Pack, scenarios: Sequence[dict[str, Any]], factory: EngineFactory
) -> list[ScenarioDiff]:
    engines = factory(old), factory(new)
    out = []
    try:
        for scenario in scenarios:
            call = {"ordning": new.pack, **scenario["call"]}
            before, after = (_outcome(e, call) for e in engines)
            if before == after:
                continue
            if isinstance(before, str) or isinstance(after, str):
                fields: tuple[str, ...] = ("gyldighed",)
            else:
                fields = tuple(k for k in SCENARIO_FIELDS if before[k] != after[k])
            out.append(ScenarioDiff(str(scenario["id"]), call, before, after, fields))
    finally:
        for engine in engines:
            engine.close()
    return out


def diff_packs(
    old: Pack,
    new: Pack,
    scenarios: Sequence[dict[str, Any]] | None = None,
    engine_factory: EngineFactory = _native,
) -> PackDiff:
    """Compare two versions of one pack.

    Args:
        old: The version under review's predecessor.
        new: The version under review.
        scenarios: Scenario dicts with ``id`` and ``call`` (``ordning`` is added);
            each call is decided by both versions.
        engine_factory: Builds the engine for one pack version (native executor by default).

    Raises:
        ValueError: If the two packs are different packs (``pack`` ids differ).
    """
    if old.pack != new.pack:
        msg = f"cannot diff two different packs: {old.pack!r} and {new.pack!r}"
        raise ValueError(msg)
    head = _compare(_header(old), _header(new))
    rules = _rules("regel", old, new, "rules") + _rules("tillæg", old, new, "addenda")
    rules += _keyed(
        "fallback",
        {"fallback": _rule_fields(old, old.fallback)},
        {"fallback": _rule_fields(new, new.fallback)},
    )
    fields = [_fact_fields, _param_fields]
    facts, params = (
        _keyed(
            kind,
            {k: f(old, k) for k in getattr(old, t)},
            {k: f(new, k) for k in getattr(new, t)},
        )
        for kind, t, f in zip(
            ("oplysning", "parameter"), ("facts", "parameters"), fields, strict=True
        )
    )
    found = _scenarios(old, new, scenarios, engine_factory) if scenarios else []
    return PackDiff(
        pack=new.pack,
        old_ref=old.ref,
        new_ref=new.ref,
        header=head,
        facts=tuple(facts),
        parameters=tuple(params),
        rules=tuple(rules),
        texts=tuple(_texts(old, new)),
        scenarios=tuple(found),
        scenarios_run=len(scenarios or ()),
    )


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


def render_diff(diff: PackDiff) -> str:
    """Render the diff as a Danish Markdown report for the legal reviewer's sign-off."""
    out = [f"# Ændringer i `{diff.pack}`: {diff.old_ref} → {diff.new_ref}"]
    if diff.old_source or diff.new_source:
        out.append(f"Før: `{diff.old_source}` · nu: `{diff.new_source}`")
    statuses = [i.status for i in diff.rules]
    summary = [
        f"{statuses.count('added')} tilføjet, {statuses.count('removed')} fjernet, "
        f"{statuses.count('changed')} ændret (regler, tillæg og fallback)",
        _count(len(diff.texts), "tekst ændret", "tekster ændret"),
        f"{len(diff.scenarios)} af {diff.scenarios_run} scenarier får et andet udfald",
    ]
    out.append("Oversigt: " + "; ".join(summary) + ".")
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
    out += ["## Godkendelse", "Gennemgået af: ____________________  Dato: ____________"]
    return "\n\n".join(out) + "\n"


def load_revision(spec: str, *, cwd: str | os.PathLike[str] | None = None) -> Pack:
    """Load a pack from a file (``PATH``) or a git revision (``REV:PATH``).

    ``REV:PATH`` runs ``git show REV:PATH`` (PATH relative to the repository
    root, or ``REV:./PATH`` relative to ``cwd``).

    Raises:
        flowrules.errors.PackError: If the file or revision cannot be read or
            the pack is invalid.
    """
    if ":" not in spec or Path(cwd or ".", spec).exists():
        return load_pack_with_source(Path(cwd or ".", spec) if cwd else spec)[0]
    try:
        shown = subprocess.run(
            ["git", "show", spec], cwd=cwd, capture_output=True, check=False
        )
    except OSError as exc:
        raise PackError(
            [_unreadable(spec, f"git kan ikke køres ({exc.strerror})")]
        ) from None
    if shown.returncode != 0:
        reason = shown.stderr.decode("utf-8", "replace").strip().splitlines()
        raise PackError(
            [_unreadable(spec, reason[0] if reason else "git show fejlede")]
        )
    return load_pack_source(read_pack_text(shown.stdout, spec), spec)[0]


def _unreadable(spec: str, why: str) -> Diagnostic:
    hint = "angiv en fil eller REV:STI, fx HEAD:rules/dagpenge.yaml"
    return Diagnostic(
        Span(spec), "PK10", f"revisionen kan ikke læses: {why}", hint=hint
    )


def default_scenarios(pack: str, *specs: str) -> Path | None:
    """Find ``tests/scenarios/<pack>.yaml`` from the working directory or next to a pack file."""
    candidates = [Path("tests", "scenarios", f"{pack}.yaml")]
    candidates += [
        Path(s).resolve().parent.parent / "tests" / "scenarios" / f"{pack}.yaml"
        for s in specs
        if Path(s).is_file()
    ]
    return next((c for c in candidates if c.is_file()), None)


def diff_command(
    old: str,
    new: str,
    scenarios_path: str | os.PathLike[str] | None = None,
    fmt: str = "markdown",
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``flowrules diff OLD NEW [--scenarios FILE] [--format markdown|text|json]``.

    Exit codes: 0 no differences, 1 differences (the report is printed), 2 error.
    Without ``scenarios_path`` the pack's ``tests/scenarios/<pack>.yaml`` is used if found.
    """
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        before, after = load_revision(old), load_revision(new)
        path = scenarios_path or default_scenarios(after.pack, old, new)
        suite = load_suite(path) if path else None
        calls = [{"id": i, "call": c} for i, c in suite.calls()] if suite else None
        diff = dataclasses.replace(
            diff_packs(before, after, calls), old_source=old, new_source=new
        )
    except PackError as exc:
        print(format_text(exc.diagnostics), file=err)
        return 2
    except (FlowrulesError, ValueError, OSError) as exc:
        print(f"flowrules: {exc}", file=err)
        return 2
    if fmt == "json":
        out.write(
            json.dumps(diff.to_json(), ensure_ascii=False, indent=2, default=str) + "\n"
        )
    else:
        out.write(render_diff(diff))
    return 0 if diff.empty else 1
