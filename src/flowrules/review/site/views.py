"""What the site's templates show, built from the pack data (the templates only lay it out).

Every rule's conditions in Danish, its outcome by kind, wording, macro,
sources (document title and date, section, verbatim quote), notes linked to
the ambiguity register and lint findings; a pack's approval status and
history, the changes since the last approved version, and the deep-check
findings with the reasons of those acknowledged in the pack.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from flowrules.analysis.deep_check import DeepCheck
from flowrules.diagnostics import Diagnostic
from flowrules.lint.seeds import SourceDocument
from flowrules.pack.approvals import Approval
from flowrules.pack.schema import (
    Addendum,
    Citation,
    Conditions,
    Fallback,
    HandOff,
    Note,
    Pack,
    Rule,
)
from flowrules.review.pack_diff import PackDiff
from flowrules.review.pack_page import Findings
from flowrules.review.phrasing import param_value, period
from flowrules.review.site.chart import applicable, call_types
from flowrules.review.site.labels import SiteLabels
from flowrules.review.site.questions import Questions

View = dict[str, Any]


@dataclass(frozen=True)
class PackContext:
    """Everything a pack's pages are built from."""

    pack: Pack
    digest: str
    lint: Findings
    deep: DeepCheck
    documents: dict[str, SourceDocument]
    labels: SiteLabels
    approval: Approval | None
    history: Sequence[Approval]
    changes: PackDiff | None
    changes_note: str


def word_diff_html(old: str, new: str) -> Markup:
    """Mark removed words ``<del>`` and added words ``<ins>``, everything escaped."""
    a, b = old.split(), new.split()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{html.escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{html.escape(' '.join(b[j1:j2]))}</ins>")
    return Markup(" ".join(out))


def _source(citation: Citation, documents: dict[str, SourceDocument]) -> View:
    doc = documents.get(citation.document)
    return {
        "file": citation.document,
        "title": doc.title if doc else citation.document,
        "short": doc.short if doc else citation.document,
        "date": doc.date if doc else "",
        "section": citation.section,
        "quote": " ".join(citation.quote.split()),
    }


def _notes(notes: Sequence[Note]) -> list[View]:
    return [
        {"id": n.ambiguity, "anchor": n.ambiguity.lower(), "text": n.text}
        for n in notes
    ]


def _finding(d: Diagnostic) -> View:
    return {"code": d.code, "message": d.message, "hint": d.hint, "line": d.span.line}


def _conditions(questions: Questions, when: Conditions) -> list[str]:
    return [questions.condition(fact, test) for fact, test in when.items()]


def rule_view(ctx: PackContext, item: Rule | Addendum | Fallback, number: int) -> View:
    """One rule, addendum or the fallback with everything a reviewer reads about it."""
    pack, questions = ctx.pack, Questions(ctx.pack, ctx.labels)
    rule_id = "fallback" if isinstance(item, Fallback) else item.id
    view: View = {
        "id": rule_id,
        "anchor": f"regel-{rule_id}",
        "number": number,
        "title": item.title,
        "conditions": []
        if isinstance(item, Fallback)
        else _conditions(questions, item.when),
        "any_groups": []
        if isinstance(item, Fallback)
        else [" og ".join(_conditions(questions, g)) for g in item.when_any],
        "sources": [_source(c, ctx.documents) for c in item.citations],
        "notes": _notes(item.notes),
        "steps": [] if isinstance(item.then, HandOff) else list(item.then.steps),
        "action": "",
        "action_text": "",
        "alternatives": [],
        "call_types": []
        if not isinstance(item, Rule)
        else [c for c in call_types(pack) if applicable(pack, item, c) is not None],
    }
    then = item.then
    wording, macro = (
        (None, None)
        if isinstance(then, HandOff)
        else (then.wording, then.journal_macro)
    )
    view["wording"] = _wording(pack, wording)
    view["macro"] = _macro(pack, macro)
    view["lint"] = [_finding(d) for d in ctx.lint.of(rule_id, wording, macro)]
    if isinstance(item, Addendum):
        refer = item.then.refer_to
        unit = f"til {ctx.labels.unit(refer)}" if refer else ""
        view["kind"], view["detail"] = ("henvisning" if refer else "tillaeg"), unit
        return view
    outcome = item.then
    kind, detail = ctx.labels.outcome_kind(outcome, fallback=isinstance(item, Fallback))
    if isinstance(outcome, HandOff):
        return view | {"kind": kind, "detail": detail}
    view |= {
        "kind": kind,
        "detail": detail,
        "action": outcome.action,
        "action_text": outcome.action_text,
        "alternatives": [
            {
                "resolution": ctx.labels.kinds[a.resolution],
                "unit": ctx.labels.unit(u)
                if (u := a.transfer_to or a.refer_to)
                else "",
                "criterion": a.criterion,
            }
            for a in outcome.alternatives
        ],
    }
    return view


def _wording(pack: Pack, key: str | None) -> View | None:
    if key is None:
        return None
    w = pack.wordings[key]
    return {
        "id": key,
        "decision_maker": w.decision_maker,
        "text": " ".join(w.text.split()),
    }


def _macro(pack: Pack, key: str | None) -> View | None:
    if key is None:
        return None
    m = pack.journal_macros[key]
    return {"id": key, "title": m.title, "text": " ".join(m.text.split())}


def facts_view(ctx: PackContext) -> list[View]:
    """The pack's facts: id, what it is, type and values with their labels."""
    questions = Questions(ctx.pack, ctx.labels)
    return [
        {
            "id": name,
            "subject": questions.subject(name),
            "type": fact.type,
            "required": fact.required,
            "choices": [questions.value_label(name, v) for v in fact.values],
        }
        for name, fact in ctx.pack.facts.items()
    ]


def parameters_view(ctx: PackContext) -> list[View]:
    """The pack's parameters with each version's period and value in Danish."""
    return [
        {
            "id": name,
            "description": param.description,
            "versions": [
                {
                    "period": period(v.valid_from, v.valid_to),
                    "value": param_value(v.value),
                }
                for v in param.versions
            ],
            "sources": [_source(c, ctx.documents) for c in param.citations],
            "notes": _notes(param.notes),
        }
        for name, param in ctx.pack.parameters.items()
    ]


def deep_view(ctx: PackContext) -> View:
    """Open deep-check findings, and the acknowledged ones with their reasons."""
    return {
        "open": [_finding(d) for d in ctx.deep.open],
        "acknowledged": [
            {**_finding(d), "subject": a.subject, "reason": a.reason}
            for d, a in ctx.deep.acknowledged
        ],
    }


def changes_view(diff: PackDiff | None) -> View | None:
    """What changed since the last approved version: items and texts, word by word."""
    if diff is None:
        return None
    items = [
        {"status": i.status, "kind": i.kind, "id": i.id}
        for i in (*diff.rules, *diff.facts, *diff.parameters)
    ]
    texts = [
        {
            "status": t.status,
            "kind": "formulering" if t.kind == "wording" else "journalnotat",
            "id": t.id,
            "markup": word_diff_html(t.old or "", t.new or ""),
        }
        for t in diff.texts
    ]
    header = [{"what": c.what, "old": c.old, "new": c.new} for c in diff.header]
    return {
        "old_ref": diff.old_ref,
        "entries": items,
        "texts": texts,
        "header": header,
        "scenarios": [s.id for s in diff.scenarios],
        "scenarios_run": diff.scenarios_run,
    }
