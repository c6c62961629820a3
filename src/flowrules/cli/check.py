"""``flowrules check`` and ``flowrules lint``: diagnostics of packs."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from flowrules.analysis.deep_check import deep_check
from flowrules.analysis.executor_check import durable_problems
from flowrules.cli.exit_codes import EXIT_FINDINGS, EXIT_OK
from flowrules.diagnostics import (
    Diagnostic,
    Severity,
    format_json,
    format_text,
    sort_diagnostics,
)
from flowrules.errors import PackError
from flowrules.lint import lint_run
from flowrules.pack.approvals import (
    approval_diagnostics,
    approvals_path,
    load_register,
    version_span,
)
from flowrules.pack.load import LoadedPack, across_packs, load_all, version_overlaps


def check_command(
    paths: list[str], fmt: str, out: TextIO, *, deep: bool = False
) -> int:
    """Run ``flowrules check [--deep]``: every diagnostic; exit 1 on errors.

    Besides the pack checks, each pack is compared with the approval register
    in its folder: AP01 warns about content without approval (exit 0), AP02
    is an error for content changed under an approved version string.
    """
    packs, diagnostics = load_all(paths)
    loaded = [(str(file), pack) for file, pack, _ in packs]
    acknowledged = 0
    for _, pack, smap in packs:
        diagnostics.extend(durable_problems(pack, smap))
        if deep:
            result = deep_check(pack, smap)
            diagnostics.extend(result.open)
            acknowledged += len(result.acknowledged)
    diagnostics.extend(version_overlaps(loaded))
    diagnostics.extend(across_packs(packs))
    diagnostics.extend(sign_off_problems(packs))
    diagnostics = sort_diagnostics(diagnostics)
    errors = [d for d in diagnostics if d.severity == Severity.ERROR]
    if fmt == "json":
        out.write(format_json(diagnostics) + "\n")
    elif diagnostics:
        out.write(format_text(diagnostics) + "\n")
        warnings = len(diagnostics) - len(errors)
        out.write(
            f"{len(errors)} fejl og {warnings} advarsel(er) i {len(loaded)} pakke(r)\n"
        )
    else:
        out.write(f"{len(loaded)} regelpakke(r) uden fejl\n")
    if acknowledged and fmt != "json":
        out.write(
            f"{acknowledged} kvitterede fund vises ikke (pakkernes acknowledged:, med "
            "begrundelse på reviewersitet)\n"
        )
    return EXIT_FINDINGS if errors else EXIT_OK


def sign_off_problems(packs: list[LoadedPack]) -> list[Diagnostic]:
    """AP01-AP03 for packs against the approval register in each pack's folder."""
    found: list[Diagnostic] = []
    by_register: dict[Path, list[LoadedPack]] = {}
    for item in packs:
        by_register.setdefault(approvals_path(item.path), []).append(item)
    for path, items in by_register.items():
        try:
            register = load_register(path)
        except PackError as exc:
            found.extend(exc.diagnostics)
            continue
        spans = [(version_span(i.smap, i.pack), i.pack) for i in items]
        found.extend(approval_diagnostics(spans, register))
    return found


def lint_command(paths: list[str], fmt: str, seeds: str | None, out: TextIO) -> int:
    """Run ``flowrules lint``: every lint finding; exit 1 on findings.

    The summary says how many citations were checked against how many seed
    documents, so a run that could not check a quote never reads as clean.
    """
    run = lint_run(paths, seeds=seeds)
    diagnostics = run.diagnostics
    if fmt == "json":
        out.write(format_json(diagnostics) + "\n")
        return EXIT_FINDINGS if diagnostics else EXIT_OK
    if diagnostics:
        out.write(format_text(diagnostics) + "\n")
    found = f"{len(diagnostics)} fund" if diagnostics else "ingen fund"
    checked = (
        f"{run.citations_checked} citater kontrolleret ordret mod "
        f"{run.seed_documents} kildedokumenter"
    )
    if run.citations_not_checked:
        checked += f"; {run.citations_not_checked} citater IKKE kontrolleret (LH03)"
    out.write(f"{found} ({checked})\n")
    return EXIT_FINDINGS if diagnostics else EXIT_OK
