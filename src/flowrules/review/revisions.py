"""Compare two versions of a pack for the legal reviewer who signs off (``flowrules diff``).

Inputs are files or git revisions (:func:`load_revision`, ``REV:PATH``); the
scenario suite is found next to the pack unless given. The structural
comparison lives in :mod:`flowrules.pack_diff` (scenario outcomes in
:mod:`flowrules.scenario_diff`) and the Danish report in
:mod:`flowrules.diff_report`; their public names are re-exported here so that
``flowrules.diff`` keeps working as one import path.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TextIO

from flowrules.diagnostics import Diagnostic, Span, format_text
from flowrules.diff_report import LEGEND, render_diff
from flowrules.errors import FlowrulesError, PackError
from flowrules.loader import load_pack_source, load_pack_with_source
from flowrules.markdown import word_diff
from flowrules.model import Pack
from flowrules.pack_diff import (
    LABELS,
    Change,
    ItemDiff,
    PackDiff,
    Status,
    TextDiff,
    diff_packs,
)
from flowrules.scenario import load_suite
from flowrules.scenario_diff import SCENARIO_FIELDS, EngineFactory, ScenarioDiff
from flowrules.source import read_pack_text

__all__ = [
    "LABELS",
    "LEGEND",
    "SCENARIO_FIELDS",
    "Change",
    "EngineFactory",
    "ItemDiff",
    "PackDiff",
    "ScenarioDiff",
    "Status",
    "TextDiff",
    "default_scenarios",
    "diff_command",
    "diff_packs",
    "load_revision",
    "render_diff",
    "word_diff",
]


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
