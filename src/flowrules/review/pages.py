"""Write the Danish pack pages for legal reviewers to disk (``flowrules render``).

Each pack becomes one Markdown page (:mod:`~flowrules.review.pack_page`) plus
an ``index.md``; generated pages that no pack produces any more are removed.
The output is deterministic (no generation date), so the pages in
``docs/packs/`` are committed and a test checks they match the packs. The
lint findings shown on the pages are computed by the caller
(:func:`flowrules.lint.lint_pack`), so this wing only renders.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from flowrules.diagnostics import Diagnostic
from flowrules.pack.load import LoadedPack
from flowrules.review.pack_page import MARKER, page_names, render_index, render_pack


def write_pages(
    loaded: Sequence[LoadedPack],
    findings: Mapping[str, Sequence[Diagnostic]],
    out_dir: str | os.PathLike[str],
) -> list[Path]:
    """Write one page per pack and ``index.md``; remove stale generated pages.

    Args:
        loaded: The packs, in the order of their pages.
        findings: Each pack's lint diagnostics, by ``pack@version``.
        out_dir: The folder to write into (created if missing).

    Returns:
        The files written.
    """
    packs = [p.pack for p in loaded]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for item, name in zip(loaded, page_names(packs), strict=True):
        page = render_pack(item.pack, findings.get(item.pack.ref, ()), smap=item.smap)
        written.append(_write(out / name, page))
    written.append(_write(out / "index.md", render_index(packs)))
    for stale in sorted(set(out.glob("*.md")) - set(written)):
        if stale.read_text(encoding="utf-8").startswith(MARKER):
            stale.unlink()
    return written


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="\n")
    return path
