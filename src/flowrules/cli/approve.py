"""``flowrules approve PACK --reviewer NAME --role ROLE``: sign off a pack version's content.

The command refuses a pack with lint or check errors, and a pack whose
content changed under a version string that was approved before (AP02:
bump the version first). It shows what changed since the last approved
version (found by its digest in the git history of the pack file), asks for
confirmation (or takes ``--yes``), and appends the approval to the register
``approvals.yaml`` in the packs' folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from collections.abc import Callable
from typing import TextIO

from flowrules.analysis.deep_check import analyse_pack
from flowrules.cli.exit_codes import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from flowrules.diagnostics import Diagnostic, Severity, format_text
from flowrules.lint import lint_pack
from flowrules.pack.approvals import (
    Approval,
    ApprovalRegister,
    approval_diagnostics,
    approvals_path,
    load_register,
    version_span,
)
from flowrules.pack.digest import pack_digest
from flowrules.pack.load import LoadedPack, bundled_rules_dir, load_all
from flowrules.review.diff_report import render_diff
from flowrules.review.pack_diff import diff_packs
from flowrules.review.revisions import find_in_history
from flowrules.review.sides import local_suite

Confirm = Callable[[str], bool]


def add_approve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``approve`` subcommand to the parser."""
    cmd = sub.add_parser(
        "approve",
        help="sign off a pack version's content in approvals.yaml (shows the diff first)",
    )
    cmd.add_argument("pack", help="pack id, e.g. dagpenge")
    cmd.add_argument("--reviewer", required=True, help="the reviewer's name")
    cmd.add_argument(
        "--role", required=True, help="the reviewer's role, e.g. juridisk konsulent"
    )
    cmd.add_argument("--note", default="", help="what was reviewed, or reservations")
    cmd.add_argument(
        "--rules", default=None, help="the pack folder (default: the bundled packs)"
    )
    cmd.add_argument(
        "--version", default=None, help="which version (default: the latest by date)"
    )
    cmd.add_argument(
        "--date", default=None, help="date of the sign-off, YYYY-MM-DD (default: today)"
    )
    cmd.add_argument(
        "--yes", action="store_true", help="write without asking after the diff"
    )


def approve_command(
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    confirm: Confirm | None = None,
) -> int:
    """Run ``flowrules approve``; return the exit code (0 written, 1 refused, 2 error)."""
    folder = args.rules or str(bundled_rules_dir())
    loaded, problems = load_all([folder])
    item = _pick(loaded, args.pack, args.version)
    if item is None:
        have = ", ".join(sorted({p.pack.ref for p in loaded})) or "ingen"
        print(
            f"flowrules: ingen pakke '{args.pack}'"
            + (f" i version {args.version}" if args.version else "")
            + f" i {folder} (har: {have})",
            file=err,
        )
        return EXIT_ERROR
    register = load_register(approvals_path(item.path))
    digest = pack_digest(item.pack)
    if register.of(item.pack, digest) is not None:
        print(f"{item.pack.ref} er allerede godkendt med dette indhold.", file=out)
        return EXIT_OK
    blocking = _blocking(item, register, problems)
    if blocking:
        print(format_text(blocking), file=err)
        print(
            f"flowrules: {item.pack.ref} godkendes ikke: ret de {len(blocking)} fejl først",
            file=err,
        )
        return EXIT_FINDINGS
    out.write(_changes_since_approval(item, register) + "\n")
    question = f"Godkend {item.pack.ref} (digest {digest[:12]}…) som {args.reviewer}?"
    if not args.yes and not (confirm or _ask)(question):
        print("Ikke godkendt; intet er skrevet.", file=out)
        return EXIT_FINDINGS
    approval = Approval(
        pack=item.pack.pack,
        version=item.pack.version,
        digest=digest,
        reviewer=args.reviewer,
        role=args.role,
        date=dt.date.fromisoformat(args.date) if args.date else dt.date.today(),
        note=args.note,
    )
    register.with_approval(approval).write()
    print(
        f"Godkendt: {item.pack.ref} ({digest[:12]}…) af {approval.reviewer}, "
        f"{approval.role}, {approval.date}; skrevet i {register.path}",
        file=out,
    )
    return EXIT_OK


def _pick(
    loaded: list[LoadedPack], pack: str, version: str | None
) -> LoadedPack | None:
    found = [p for p in loaded if p.pack.pack == pack]
    if version is not None:
        found = [p for p in found if p.pack.version == version]
    return max(found, key=lambda p: p.pack.valid_from, default=None)


def _blocking(
    item: LoadedPack, register: ApprovalRegister, problems: list[Diagnostic]
) -> list[Diagnostic]:
    """Everything that stops a sign-off: load, lint, deep-check and AP02 errors."""
    own = [d for d in problems if d.span.path == str(item.path)]
    found = [*own, *lint_pack(item.pack, item.smap)]
    found += analyse_pack(item.pack, item.smap)
    found += approval_diagnostics(
        [(version_span(item.smap, item.pack), item.pack)], register
    )
    return [d for d in found if d.severity == Severity.ERROR]


def _changes_since_approval(item: LoadedPack, register: ApprovalRegister) -> str:
    last = register.latest(item.pack.pack)
    if last is None:
        return (
            f"# {item.pack.ref}: første godkendelse\n\n"
            f"Ingen tidligere version af '{item.pack.pack}' er godkendt; hele pakken "
            f"godkendes ({len(item.pack.rules)} regler, {len(item.pack.addenda)} "
            "tillæg). Læs den på reviewersitet: flowrules site rules/ --out DIR"
        )
    found = find_in_history(item.path, last.digest)
    if found is None:
        return (
            f"# {item.pack.ref}: ændringer siden {item.pack.pack}@{last.version}\n\n"
            f"Den senest godkendte version ({last.version}, godkendt {last.date} af "
            f"{last.reviewer}) findes ikke i git-historikken for {item.path.name}; "
            "ændringerne kan ikke vises. Læs hele pakken før godkendelsen."
        )
    commit, old = found
    suite, source = local_suite(item.path, item.pack.pack)
    calls = (
        [{"id": s.id, "call": dict(s.call)} for s in suite.scenarios] if suite else None
    )
    diff = dataclasses.replace(
        diff_packs(old, item.pack, calls),
        scenario_sources=(source,) if source else (),
    )
    header = (
        f"Senest godkendt: {old.ref} den {last.date} af {last.reviewer} "
        f"({last.role}); fundet i commit {commit[:12]}.\n\n"
    )
    return header + render_diff(diff, sign_off=False)


def _ask(question: str) -> bool:
    if not sys.stdin.isatty():
        print(f"{question} Brug --yes, når der ikke er en terminal.", file=sys.stderr)
        return False
    return input(f"{question} [j/N] ").strip().casefold() in ("j", "ja", "y", "yes")
