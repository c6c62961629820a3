"""Commands for reviewers and authors: ``render``, ``diff`` and ``impact``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from flowrules.analysis.impact import impact, render_impact
from flowrules.analysis.scenario_suite import load_suite
from flowrules.cli.exit_codes import EXIT_ERROR, EXIT_OK
from flowrules.cli.jsonl import read_jsonl
from flowrules.diagnostics import format_text
from flowrules.engine.engine import Engine
from flowrules.errors import FlowrulesError, PackError
from flowrules.lint import LintContext, default_seeds, lint_pack, load_seeds
from flowrules.pack.load import load_all
from flowrules.review.diff_report import render_diff
from flowrules.review.pack_diff import diff_packs
from flowrules.review.pages import write_pages
from flowrules.review.revisions import default_scenarios, load_revision


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
    (nothing is written then). Without ``seeds`` the seeds next to the packs
    are used when they exist.
    """
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        loaded, problems = load_all(paths)
        if problems:
            raise PackError(problems)
    except PackError as exc:
        print(format_text(exc.diagnostics), file=err)
        return EXIT_ERROR
    context = LintContext(seeds=load_seeds(seeds or default_seeds(paths)))
    findings = {p.pack.ref: lint_pack(p.pack, p.smap, context) for p in loaded}
    written = write_pages(loaded, findings, out_dir)
    print(f"skrev {len(written)} sider til {os.fspath(out_dir)}", file=out)
    return EXIT_OK


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


def impact_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``flowrules impact OLD NEW CALLS``: how many decisions change."""
    old, new = _engine_for(args.old), _engine_for(args.new)
    try:
        with open(args.calls, "rb") as stream:
            calls = (c for _, c in read_jsonl(stream) if isinstance(c, dict))
            report = impact(old, new, calls)
    except OSError as exc:
        print(f"flowrules: cannot read {args.calls}: {exc}", file=err)
        return EXIT_ERROR
    finally:
        old.close()
        new.close()
    if args.format == "json":
        out.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_impact(report) + "\n")
    return EXIT_OK


def _engine_for(spec: str) -> Engine:
    """An engine over a folder or file of packs, or one pack at a git revision (REV:PATH)."""
    if ":" in spec and not Path(spec).exists():
        return Engine([load_revision(spec)], executor="native")
    return Engine.from_path(spec, executor="native")
