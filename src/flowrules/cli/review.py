"""Commands for reviewers: ``render`` (Markdown pages) and ``site`` (the reviewer site)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TextIO

from flowrules.cli.exit_codes import EXIT_ERROR, EXIT_OK
from flowrules.diagnostics import format_text
from flowrules.errors import FlowrulesError, PackError
from flowrules.lint import LintContext, lint_pack, load_seeds
from flowrules.pack.load import load_all
from flowrules.review.pages import write_pages


def render_command(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    seeds: str | os.PathLike[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``flowrules render PATHS --out DIR [--seeds DIR]``; return the exit code.

    Exit codes: 0 pages written, 2 a pack does not load or a path is missing
    (nothing is written then). Without ``seeds`` the bundled seeds
    are used (the documents shipped with flowrules).
    """
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        loaded, problems = load_all(paths)
        if problems:
            raise PackError(problems)
    except PackError as exc:
        print(format_text(exc.diagnostics), file=err)
        return EXIT_ERROR
    context = LintContext(seeds=load_seeds(seeds))
    findings = {p.pack.ref: lint_pack(p.pack, p.smap, context) for p in loaded}
    written = write_pages(loaded, findings, out_dir)
    print(f"skrev {len(written)} sider til {os.fspath(out_dir)}", file=out)
    return EXIT_OK


def site_command(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    seeds: str | os.PathLike[str] | None = None,
    pdf: bool = False,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``flowrules site PATHS --out DIR [--pdf] [--seeds DIR]``; return the exit code.

    Exit codes: 0 written, 2 a pack does not load, or Graphviz, Jinja2 or
    WeasyPrint is missing (the message names what to install).
    """
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        from flowrules.review.site.build import build_site
    except ImportError as exc:
        print(
            f"flowrules: reviewersitet kræver flowrules[site] ({exc.name} mangler): "
            "pip install 'flowrules[site]'",
            file=err,
        )
        return EXIT_ERROR
    try:
        result = build_site(paths, out_dir, seeds=seeds, pdf=pdf)
    except PackError as exc:
        print(format_text(exc.diagnostics), file=err)
        return EXIT_ERROR
    except FlowrulesError as exc:
        print(f"flowrules: {exc}", file=err)
        return EXIT_ERROR
    pdfs = f" og {len(result.pdfs)} PDF'er" if result.pdfs else ""
    print(f"skrev {len(result.pages)} sider{pdfs} til {os.fspath(out_dir)}", file=out)
    return EXIT_OK
