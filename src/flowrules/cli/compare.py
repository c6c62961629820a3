"""``flowrules diff OLD NEW`` and ``flowrules impact OLD NEW [CALLS]``: what a change does.

Each side is a pack file, a folder of packs, or either at a git revision
(``REV:PATH``; :mod:`flowrules.review.sides`). ``diff`` pairs the packs of the
two sides by id and compares each pair item by item, on the scenarios of the
suites that belong to the packs, with the lint and deep-check findings the
new version adds. ``impact`` decides a set of calls (a JSON Lines file, or
the scenarios of the packs) with both sides and counts what changes, only
for the ordninger the sides hold. Both exit 1 when something changes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from flowrules.analysis.impact import impact, render_impact
from flowrules.analysis.scenario_suite import load_suite
from flowrules.cli.exit_codes import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from flowrules.diagnostics import format_text
from flowrules.engine.engine import Engine
from flowrules.engine.json_lines import read_jsonl
from flowrules.errors import FlowrulesError, PackError
from flowrules.review.diff_report import render_diff
from flowrules.review.findings_diff import new_findings
from flowrules.review.pack_diff import PackDiff, diff_packs
from flowrules.review.sides import SidePack, load_side, scenario_calls


def _key(side: list[SidePack], item: SidePack) -> tuple[str, object]:
    """A pack's id, with its start date when the side holds several versions of it."""
    versions = sum(1 for other in side if other.pack.pack == item.pack.pack)
    return item.pack.pack, item.pack.valid_from if versions > 1 else None


def _pairs(
    old: list[SidePack], new: list[SidePack]
) -> Iterator[tuple[SidePack | None, SidePack | None]]:
    """Pair the packs of two sides by pack id (and by date where a side has several versions)."""
    before = {_key(old, p): p for p in old}
    for item in new:
        key = _key(new, item)
        match = before.pop(key, None)
        if match is None:
            same = [k for k in before if k[0] == key[0]]
            match = before.pop(same[0]) if len(same) == 1 else None
        yield match, item
    for item in before.values():
        yield item, None


def _diff_one(old: SidePack, new: SidePack, suite_path: str | None) -> PackDiff:
    if suite_path is not None and load_suite(suite_path).pack == new.pack.pack:
        suite = load_suite(suite_path)
        calls = [{"id": s.id, "call": dict(s.call)} for s in suite.scenarios]
        sources = [os.fspath(suite_path)]
    else:
        calls, sources = scenario_calls(old, new)
    diff = diff_packs(old.pack, new.pack, calls or None)
    return dataclasses.replace(
        diff,
        old_source=old.source,
        new_source=new.source,
        new_findings=tuple(new_findings((old.pack, old.smap), (new.pack, new.smap))),
        scenario_sources=tuple(sources),
    )


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
    """
    out, err = stdout or sys.stdout, stderr or sys.stderr
    suite = os.fspath(scenarios_path) if scenarios_path else None
    try:
        diffs: list[PackDiff] = []
        added: list[str] = []
        removed: list[str] = []
        for before, after in _pairs(load_side(old), load_side(new)):
            if before is None and after is not None:
                added.append(after.pack.ref)
            elif after is None and before is not None:
                removed.append(before.pack.ref)
            elif before is not None and after is not None:
                diffs.append(_diff_one(before, after, suite))
    except PackError as exc:
        print(format_text(exc.diagnostics), file=err)
        return EXIT_ERROR
    except (FlowrulesError, ValueError, OSError) as exc:
        print(f"flowrules: {exc}", file=err)
        return EXIT_ERROR
    if fmt == "json":
        data = {
            "diffs": [d.to_json() for d in diffs],
            "added": added,
            "removed": removed,
        }
        out.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        out.write("\n".join(render_diff(d) for d in diffs))
        for ref in added:
            out.write(f"\n# Ny pakke: `{ref}`\n\nPakken findes kun i {new}.\n")
        for ref in removed:
            out.write(f"\n# Fjernet pakke: `{ref}`\n\nPakken findes kun i {old}.\n")
    changed = added or removed or any(not d.empty or d.new_findings for d in diffs)
    return EXIT_FINDINGS if changed else EXIT_OK


def _engine(side: list[SidePack]) -> Engine:
    return Engine([p.pack for p in side], executor="native")


def _suite_calls(side: list[SidePack]) -> list[dict[str, Any]]:
    return [call for p in side if p.suite is not None for _, call in p.suite.calls()]


def impact_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``flowrules impact OLD NEW [CALLS]``: exit 1 when decisions change, 2 on error."""
    try:
        before, after = load_side(args.old), load_side(args.new)
    except PackError as exc:
        print(format_text(exc.diagnostics), file=err)
        return EXIT_ERROR
    ordninger = {p.pack.pack for p in (*before, *after)}
    old, new = _engine(before), _engine(after)
    try:
        if args.calls is None:
            calls: list[dict[str, Any]] = _suite_calls(after) or _suite_calls(before)
            source = "scenarierne i pakkernes suiter"
        else:
            with open(
                args.calls, "rb"
            ) as stream:  # bytes: a bad line spoils only itself
                calls = [c for _, c in read_jsonl(stream) if isinstance(c, dict)]
            source = args.calls
        mine = [c for c in calls if c.get("ordning") in ordninger]
        report = impact(old, new, mine)
    except OSError as exc:
        print(f"flowrules: cannot read {args.calls}: {exc}", file=err)
        return EXIT_ERROR
    finally:
        old.close()
        new.close()
    skipped = len(calls) - len(mine)
    if args.format == "json":
        data = {
            **report.to_json(),
            "source": source,
            "skipped_other_ordninger": skipped,
        }
        out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render_impact(report) + "\n")
        out.write(f"Opkald fra: {source}")
        if skipped:
            names = ", ".join(sorted(ordninger))
            out.write(
                f"; {skipped} opkald til andre ordninger end {names} er ikke talt med"
            )
        out.write("\n")
    return EXIT_FINDINGS if report.changed else EXIT_OK
