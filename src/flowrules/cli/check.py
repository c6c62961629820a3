"""``flowrules check`` and ``flowrules lint``: diagnostics of packs."""

from __future__ import annotations

from typing import TextIO

from flowrules.analysis.deep_check import analyse_pack
from flowrules.analysis.executor_check import durable_problems
from flowrules.cli.exit_codes import EXIT_FINDINGS, EXIT_OK
from flowrules.diagnostics import Severity, format_json, format_text, sort_diagnostics
from flowrules.lint import default_seeds, lint_paths
from flowrules.pack.load import load_all, pack_warnings, version_overlaps


def check_command(
    paths: list[str], fmt: str, out: TextIO, *, deep: bool = False
) -> int:
    """Run ``flowrules check [--deep]``: every diagnostic; exit 1 on errors."""
    packs, diagnostics = load_all(paths)
    loaded = [(str(file), pack) for file, pack, _ in packs]
    for _, pack, smap in packs:
        diagnostics.extend(pack_warnings(pack, smap))
        diagnostics.extend(durable_problems(pack, smap))
        if deep:
            diagnostics.extend(analyse_pack(pack, smap))
    diagnostics.extend(version_overlaps(loaded))
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
    return EXIT_FINDINGS if errors else EXIT_OK


def lint_command(paths: list[str], fmt: str, seeds: str | None, out: TextIO) -> int:
    """Run ``flowrules lint``: every lint finding; exit 1 on findings."""
    diagnostics = lint_paths(paths, seeds=seeds or default_seeds(paths))
    if fmt == "json":
        out.write(format_json(diagnostics) + "\n")
    elif diagnostics:
        out.write(format_text(diagnostics) + "\n")
        out.write(f"{len(diagnostics)} fund\n")
    else:
        out.write("ingen fund\n")
    return EXIT_FINDINGS if diagnostics else EXIT_OK
