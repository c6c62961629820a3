"""Write the reviewer site: ``flowrules site rules/ --out DIR [--pdf]``.

The site is static Danish HTML from Jinja2 templates (autoescaped), with the
flowcharts drawn to SVG at build time and embedded, and one stylesheet; it
needs no internet at build or view time. Layout of ``DIR``::

    index.html                 packs and versions with approval status
    kilder.html                the seed documents with titles and dates
    tvetydigheder.html         the ambiguity register, linked from every note
    <pack>-<version>/index.html             one page per pack version
    <pack>-<version>/<henvendelse>.html     one page per call type (flowchart)
    pdf/<pack>-<version>.pdf   with --pdf: one PDF per pack version, for the archive
    site.css

The same packs, approvals and seeds give the same files (no build date).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from flowrules.analysis.deep_check import deep_check
from flowrules.errors import PackError
from flowrules.lint import LintContext, lint_pack, load_seeds, source_documents
from flowrules.lint.citations import citation_coverage
from flowrules.pack.approvals import approvals_path, load_register
from flowrules.pack.digest import pack_digest
from flowrules.pack.load import LoadedPack, load_all
from flowrules.review.ambiguities import load_register as load_ambiguities
from flowrules.review.ambiguities import note_uses
from flowrules.review.pack_diff import diff_packs
from flowrules.review.pack_page import Findings
from flowrules.review.phrasing import period
from flowrules.review.revisions import find_in_history
from flowrules.review.sides import local_suite
from flowrules.review.site.chart import call_type_chart, call_types
from flowrules.review.site.labels import SiteLabels, site_labels
from flowrules.review.site.svg import render_svg
from flowrules.review.site.views import (
    PackContext,
    changes_view,
    deep_view,
    facts_view,
    parameters_view,
    rule_view,
)

CSS = "site.css"
#: Charts wider than this (in points) would need text under 9 px to fit the page; they keep
#: their natural size and scroll in their own frame on screen, so that their text stays
#: readable; print scales them to the page.
WIDE_PT = 1350


@dataclass(frozen=True)
class SiteResult:
    """What ``build_site`` wrote."""

    pages: list[Path]
    pdfs: list[Path]


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("flowrules.review.site", "templates"),
        autoescape=jinja2.select_autoescape(["html"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _context(
    item: LoadedPack, seeds: dict[str, str], labels: SiteLabels
) -> PackContext:
    """Everything about one pack version: lint, deep check, approval, changes since."""
    pack = item.pack
    digest = pack_digest(pack)
    register = load_register(approvals_path(item.path))
    history = register.history(pack.pack)
    last = history[-1] if history else None
    changes, note = None, ""
    if last is not None and last.digest != digest:
        found = find_in_history(item.path, last.digest)
        if found is None:
            note = (
                f"Den senest godkendte version ({last.version}, {last.date}) findes ikke i "
                "git-historikken; ændringerne siden kan ikke vises."
            )
        else:
            suite, _ = local_suite(item.path, pack.pack)
            calls = (
                [{"id": s.id, "call": dict(s.call)} for s in suite.scenarios]
                if suite
                else None
            )
            changes = diff_packs(found[1], pack, calls)
    lint = lint_pack(pack, item.smap, LintContext(seeds=seeds))
    return PackContext(
        pack=pack,
        digest=digest,
        lint=Findings(pack, lint, item.smap),
        deep=deep_check(pack, item.smap),
        documents=source_documents(),
        labels=labels,
        approval=register.of(pack, digest),
        history=list(reversed(history)),
        changes=changes,
        changes_note=note,
    )


def _pack_view(
    ctx: PackContext, seeds: dict[str, str], link_prefix: str
) -> dict[str, Any]:
    pack, labels = ctx.pack, ctx.labels
    rules = [rule_view(ctx, r, n) for n, r in enumerate(pack.rules, 1)]
    by_id = {r["id"]: r for r in rules}
    charts = []
    for call_type in call_types(pack):
        chart = call_type_chart(pack, call_type, labels)
        svg = render_svg(chart, labels, lambda rule: f"{link_prefix}#regel-{rule}")
        charts.append(
            {
                "call_type": call_type,
                "title": chart.title,
                "rules": chart.rules,
                "rule_views": [by_id[r] for r in chart.rules],
                "svg": Markup(svg),
                "wide": _width_pt(svg) > WIDE_PT,
            }
        )
    return {
        "pack": pack,
        "dir": f"{pack.pack}-{pack.version}",
        "period": period(pack.valid_from, pack.valid_to),
        "digest": ctx.digest,
        "approval": ctx.approval,
        "history": ctx.history,
        "changes": changes_view(ctx.changes),
        "changes_note": ctx.changes_note,
        "charts": charts,
        "rules": rules,
        "addenda": [rule_view(ctx, a, n) for n, a in enumerate(pack.addenda, 1)],
        "fallback": rule_view(ctx, pack.fallback, 0),
        "facts": facts_view(ctx),
        "parameters": parameters_view(ctx),
        "pack_notes": [
            {"id": n.ambiguity, "anchor": n.ambiguity.lower(), "text": n.text}
            for n in pack.notes
        ],
        "lint_count": len(ctx.lint.all),
        "loose": [
            {"code": d.code, "message": d.message, "hint": d.hint, "line": d.span.line}
            for d in ctx.lint.loose
        ],
        "citations": citation_coverage(pack, seeds)[0],
        "deep": deep_view(ctx),
        "pdf": None,
    }


def _width_pt(svg: str) -> float:
    match = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg)
    return float(match.group(1)) if match else 0.0


def _write(path: Path, text: str, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    written.append(path)


def build_site(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    seeds: str | os.PathLike[str] | None = None,
    pdf: bool = False,
) -> SiteResult:
    """Build the site for the packs under ``paths`` into ``out_dir``.

    Raises:
        flowrules.errors.PackError: If a pack does not load (nothing is written).
        flowrules.review.site.svg.GraphvizMissingError: If Graphviz is missing.
    """
    loaded, problems = load_all(paths)
    if problems:
        raise PackError(problems)
    out, env, labels = Path(out_dir), _environment(), site_labels()
    texts = load_seeds(seeds)
    contexts = [_context(item, texts, labels) for item in loaded]
    views = [_pack_view(ctx, texts, "index.html") for ctx in contexts]
    pages: list[Path] = []
    pdfs: list[Path] = []
    if pdf:
        from flowrules.review.site.pdf import write_pdf

        css = _css()
        for ctx, view in zip(contexts, views, strict=True):
            target = out / "pdf" / f"{view['dir']}.pdf"
            printed = _pack_view(ctx, texts, "")
            html = env.get_template("print.html").render(
                p=printed, labels=labels, root="", css=Markup(css),
                rule_href="", chart_href=lambda c: f"#opkald-{c}",
            )  # fmt: skip
            pdfs.append(write_pdf(html, target))
            view["pdf"] = f"pdf/{target.name}"
    _write_pages(env, out, views, labels, [c.pack for c in contexts], pages)
    return SiteResult(pages, pdfs)


def _write_pages(
    env: jinja2.Environment,
    out: Path,
    views: list[dict[str, Any]],
    labels: SiteLabels,
    packs: list[Any],
    written: list[Path],
) -> None:
    common = {
        "labels": labels,
        "chart_href": lambda c: f"{c}.html",
        "rule_href": "index.html",
    }
    for view in views:
        folder = out / view["dir"]
        page = env.get_template("pack.html").render(p=view, root="../", **common)
        _write(folder / "index.html", page, written)
        for chart in view["charts"]:
            page = env.get_template("call_type.html").render(
                p=view, c=chart, root="../", **common
            )
            _write(folder / f"{chart['call_type']}.html", page, written)
    register = load_ambiguities()
    entries = [
        {
            "id": key,
            "anchor": key.lower(),
            "title": register[key].title
            if key in register
            else "(mangler i registret)",
            "entry": register.get(key),
            "uses": uses,
        }
        for key, uses in note_uses(packs).items()
    ]
    root = {"root": "", **common}
    _write(
        out / "index.html",
        env.get_template("index.html").render(packs=views, **root),
        written,
    )
    _write(
        out / "tvetydigheder.html",
        env.get_template("register.html").render(ambiguities=entries, **root),
        written,
    )
    documents = list(source_documents().values())
    _write(
        out / "kilder.html",
        env.get_template("sources.html").render(documents=documents, **root),
        written,
    )
    _write(out / CSS, _css(), written)


def _css() -> str:
    from importlib import resources

    return (resources.files("flowrules.review.site") / CSS).read_text(encoding="utf-8")
