"""Write the Danish pack pages for legal reviewers to disk (``flowrules render``).

Each pack becomes one Markdown page (:mod:`flowrules.pack_page`) plus an
``index.md``; generated pages that no pack produces any more are removed. The
output is deterministic (no generation date), so the pages in ``docs/packs/``
are committed and a test checks they match the packs.

The page layout lives in :mod:`flowrules.pack_page`, the Mermaid flowchart in
:mod:`flowrules.pack_chart`, the Danish phrasing of conditions in
:mod:`flowrules.phrase` and Markdown escaping in :mod:`flowrules.markdown`;
their public names are re-exported here so that ``flowrules.render`` keeps
working as one import path.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from flowrules.diagnostics import Diagnostic, format_text
from flowrules.errors import PackError
from flowrules.lint import LintContext, default_seeds, lint_pack, load_seeds
from flowrules.loader import discover, load_pack_with_source
from flowrules.markdown import escape_md, escape_mermaid, quote_block
from flowrules.model import Pack
from flowrules.pack_chart import mermaid
from flowrules.pack_page import (
    FACT_TYPES,
    MARKER,
    NOTICE,
    ORDER_TEXT,
    PARAM_TYPES,
    outcome_lines,
    page_names,
    render_index,
    render_pack,
    used_texts,
)
from flowrules.phrase import (
    DAYS,
    citation_text,
    condition_phrase,
    condition_phrases,
    note_text,
    param_value,
    period,
)
from flowrules.source import SourceMap

__all__ = [
    "DAYS",
    "FACT_TYPES",
    "MARKER",
    "NOTICE",
    "ORDER_TEXT",
    "PARAM_TYPES",
    "citation_text",
    "condition_phrase",
    "condition_phrases",
    "default_seeds",
    "escape_md",
    "escape_mermaid",
    "mermaid",
    "note_text",
    "outcome_lines",
    "page_names",
    "param_value",
    "period",
    "quote_block",
    "render_all",
    "render_command",
    "render_files",
    "render_index",
    "render_pack",
    "used_texts",
]


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
