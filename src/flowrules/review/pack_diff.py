"""Compare two versions of a pack item by item (the structure of ``flowrules diff``).

:func:`diff_packs` lists added, removed and changed rules (conditions, outcome
fields, citations, notes, order), addenda, the fallback, facts, parameters,
wordings and journal macros, each field already as Danish Markdown, and the
scenarios whose outcome changed (:mod:`flowrules.scenario_diff`).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from flowrules.pack.digest import pack_digest
from flowrules.pack.schema import (
    Addendum,
    ContinueWith,
    Fallback,
    Pack,
    Parameter,
    Rule,
)
from flowrules.review.findings_diff import NewFinding
from flowrules.review.markdown import escape_md, word_diff
from flowrules.review.phrasing import (
    citation_text,
    condition_phrases,
    derived_text,
    note_text,
    param_value,
    period,
)
from flowrules.review.scenario_diff import (
    EngineFactory,
    ScenarioDiff,
    diff_scenarios,
    native_engine,
)

Status = Literal["added", "removed", "changed"]
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
    "continue_with": "videre til",
    "line_closed": "lukket linje (tælles ikke i afklaringsprocenten)",
}


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
    old_digest: str = ""
    new_digest: str = ""
    #: Lint and deep-check findings the new version has and the old one had not.
    new_findings: tuple[NewFinding, ...] = ()
    #: The scenario suites the outcomes were compared on.
    scenario_sources: tuple[str, ...] = ()

    @property
    def unbumped(self) -> bool:
        """Whether the content changed while the version string stayed the same."""
        return self.old_ref == self.new_ref and self.old_digest != self.new_digest

    @property
    def empty(self) -> bool:
        """Whether the two versions are the same in content and in every outcome."""
        parts = (self.header, self.facts, self.parameters, self.rules, self.texts)
        return not any(parts) and not self.scenarios

    def to_json(self) -> dict[str, Any]:
        """Return the structured diff as JSON-ready data."""
        data: dict[str, Any] = dataclasses.asdict(self)
        return data


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
    if isinstance(value, ContinueWith):
        implied = "".join(f", `{k}` = `{v}`" for k, v in value.implies.items())
        return f"`{value.ordning}` / `{value.henvendelse}`{implied}"
    if isinstance(value, bool):
        return "ja" if value else ""
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
        pairs.append(("beregnet", derived_text(fact.derived)))
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


def diff_packs(
    old: Pack,
    new: Pack,
    scenarios: Sequence[dict[str, Any]] | None = None,
    engine_factory: EngineFactory = native_engine,
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
    found = diff_scenarios(old, new, scenarios, engine_factory) if scenarios else []
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
        old_digest=pack_digest(old),
        new_digest=pack_digest(new),
    )
