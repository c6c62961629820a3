"""The ``flowrules`` command: decide, explain, check and schema.

Exit codes: 0 success (or a clean pack), 1 findings or an invalid call,
2 usage, file or internal error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import structlog

from flowrules.decision import Call, Decision
from flowrules.diagnostics import (
    Severity,
    format_json,
    format_text,
    sort_diagnostics,
)
from flowrules.engine import Engine, bundled_rules_dir
from flowrules.errors import CallError, CallProblem, FlowrulesError, PackError
from flowrules.loader import load_all, version_overlaps
from flowrules.model import Pack
from flowrules.present import decision_text, trace_text

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flowrules",
        description="Jobcenter Københavns telefonflowdiagrammer som regelpakker: vejledning, ikke afgørelse.",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log decision events to stderr"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    for name, help_text in (
        ("decide", "decide a call"),
        ("explain", "decide a call and show every rule tried"),
    ):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument(
            "file", help="the call as a JSON file, or - for standard input"
        )
        cmd.add_argument(
            "--rules",
            default=None,
            help="a pack folder or file (default: the bundled packs)",
        )
        cmd.add_argument(
            "--executor", choices=("auto", "durable", "native"), default="auto"
        )
        if name == "decide":
            cmd.add_argument(
                "--batch",
                action="store_true",
                help="FILE holds one call per line (JSON Lines); print one decision per line",
            )
        cmd.add_argument(
            "--format",
            choices=("json", "text"),
            default="json" if name == "decide" else "text",
        )

    check = sub.add_parser(
        "check", help="validate packs; prints path:line:col: CODE message"
    )
    check.add_argument(
        "paths",
        nargs="*",
        default=None,
        help="pack folders or files (default: bundled packs)",
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--deep",
        action="store_true",
        help="also analyse each pack over its input domain: gaps, unreachable rules, unused texts",
    )

    lint = sub.add_parser("lint", help="lint wording, citations and structure of packs")
    lint.add_argument(
        "paths",
        nargs="*",
        default=None,
        help="pack folders or files (default: bundled packs)",
    )
    lint.add_argument("--format", choices=("text", "json"), default="text")
    lint.add_argument(
        "--seeds",
        default=None,
        help="folder of seed documents for verbatim citation checks",
    )

    render = sub.add_parser(
        "render", help="write Danish Markdown pages of the packs for reviewers"
    )
    render.add_argument(
        "paths",
        nargs="*",
        default=None,
        help="pack folders or files (default: bundled packs)",
    )
    render.add_argument(
        "--out", default="docs/packs", help="output folder (default docs/packs)"
    )
    render.add_argument(
        "--seeds", default=None, help="folder of seed documents for lint status"
    )

    diff = sub.add_parser(
        "diff", help="compare two versions of a pack (files or REV:PATH)"
    )
    diff.add_argument("old", help="old version: a file or a git revision REV:PATH")
    diff.add_argument("new", help="new version: a file or a git revision REV:PATH")
    diff.add_argument(
        "--scenarios", default=None, help="scenario suite to compare outcomes on"
    )
    diff.add_argument(
        "--format", choices=("markdown", "text", "json"), default="markdown"
    )

    impact = sub.add_parser(
        "impact",
        help="how many decisions change between two pack versions, over a call file",
    )
    impact.add_argument("old", help="old packs: a folder, a file or REV:PATH")
    impact.add_argument("new", help="new packs: a folder, a file or REV:PATH")
    impact.add_argument("calls", help="calls as JSON Lines (one call per line)")
    impact.add_argument("--format", choices=("text", "json"), default="text")

    schema = sub.add_parser(
        "schema", help="print JSON Schemas: pack file, call, decision"
    )
    schema.add_argument(
        "which", nargs="?", choices=("all", "pack", "call", "decision"), default="all"
    )
    schema.add_argument(
        "--rules", default=None, help="packs whose per-pack call schemas to include"
    )
    schema.add_argument(
        "--out", default=None, help="write one file per schema into this folder"
    )
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; return the exit code."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_ERROR
    structlog.configure(
        logger_factory=structlog.PrintLoggerFactory(err),
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.INFO if args.verbose else logging.WARNING
        ),
        cache_logger_on_first_use=False,
    )
    try:
        if args.command in ("decide", "explain"):
            return _decide(args, out, err)
        if args.command == "check":
            return _check(
                args.paths or [str(bundled_rules_dir())],
                args.format,
                out,
                deep=args.deep,
            )
        if args.command == "render":
            from flowrules.render import render_command

            paths = args.paths or [str(bundled_rules_dir())]
            return render_command(paths, args.out, args.seeds, stdout=out, stderr=err)
        if args.command == "diff":
            from flowrules.diff import diff_command

            return diff_command(
                args.old, args.new, args.scenarios, args.format, stdout=out, stderr=err
            )
        if args.command == "impact":
            return _impact(args, out, err)
        if args.command == "lint":
            return _lint(
                args.paths or [str(bundled_rules_dir())], args.format, args.seeds, out
            )
        return _schema(args, out)
    except PackError as exc:
        print(format_text(exc.diagnostics), file=err)
        return EXIT_ERROR
    except FlowrulesError as exc:
        print(f"flowrules: {exc}", file=err)
        return EXIT_ERROR


def _engine(rules: str | None, executor: str = "auto") -> Engine:
    path = rules or bundled_rules_dir()
    return Engine.from_path(path, executor=executor)  # type: ignore[arg-type]


def _read_call(file: str, err: TextIO) -> Any:
    try:
        text = (
            sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        )
        return json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"flowrules: cannot read {file}: {exc}", file=err)
    except json.JSONDecodeError as exc:
        print(
            f"flowrules: {file}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}",
            file=err,
        )
    return None


def _decide(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if getattr(args, "batch", False):
        return _batch(args, out, err)
    call = _read_call(args.file, err)
    if call is None:
        return EXIT_ERROR
    engine = _engine(args.rules, args.executor)
    try:
        decision = engine.decide(call, explain=args.command == "explain")
    except CallError as exc:
        print(f"flowrules: {exc}", file=err)
        return EXIT_FINDINGS
    finally:
        engine.close()
    out.write(
        _show(decision, args.format, explain_only=args.command == "explain") + "\n"
    )
    return EXIT_OK


PROGRESS_EVERY = 10_000


def _batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Decide a JSON Lines file, streaming; progress and a summary go to stderr."""
    from flowrules.impact import read_jsonl

    engine = _engine(args.rules, args.executor)
    decided = refused = 0
    try:
        stream = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        print(f"flowrules: cannot read {args.file}: {exc}", file=err)
        return EXIT_ERROR
    with stream:
        for number, call in read_jsonl(stream):
            try:
                if isinstance(call, json.JSONDecodeError):
                    bad = CallProblem("", None, f"not valid JSON: {call.msg}")
                    raise CallError([bad])
                decision = engine.decide(call)
            except CallError as exc:
                refused += 1
                row = {"line": number, "error": exc.to_json()}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                decided += 1
                out.write(
                    json.dumps(decision.model_dump(mode="json"), ensure_ascii=False)
                    + "\n"
                )
            if (decided + refused) % PROGRESS_EVERY == 0:
                print(f"{decided + refused} opkald behandlet", file=err, flush=True)
    engine.close()
    print(f"{decided} beslutninger, {refused} ugyldige opkald", file=err)
    return EXIT_FINDINGS if refused else EXIT_OK


def _impact(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flowrules.impact import impact, read_jsonl, render_impact

    old, new = _engine_for(args.old), _engine_for(args.new)
    try:
        with open(args.calls, encoding="utf-8") as stream:
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
        from flowrules.diff import load_revision

        return Engine([load_revision(spec)], executor="native")
    return Engine.from_path(spec, executor="native")


def _show(decision: Decision, fmt: str, *, explain_only: bool) -> str:
    if fmt == "json":
        return json.dumps(
            decision.model_dump(mode="json"), ensure_ascii=False, indent=2
        )
    if explain_only:
        return (
            f"{decision.rule_id} ({decision.pack}@{decision.pack_version}): {decision.action}\n"
            + trace_text(decision)
        )
    return decision_text(decision)


def _check(paths: list[str], fmt: str, out: TextIO, *, deep: bool = False) -> int:
    from flowrules.analysis import analyse_pack, durable_problems

    packs, diagnostics = load_all(paths)
    loaded = [(str(file), pack) for file, pack, _ in packs]
    for _, pack, smap in packs:
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


def _lint(paths: list[str], fmt: str, seeds: str | None, out: TextIO) -> int:
    from flowrules.lint import default_seeds, lint_paths

    diagnostics = lint_paths(paths, seeds=seeds or default_seeds(paths))
    if fmt == "json":
        out.write(format_json(diagnostics) + "\n")
    elif diagnostics:
        out.write(format_text(diagnostics) + "\n")
        out.write(f"{len(diagnostics)} fund\n")
    else:
        out.write("ingen fund\n")
    return EXIT_FINDINGS if diagnostics else EXIT_OK


def schemas(rules: str | None = None) -> dict[str, Any]:
    """Return the JSON Schemas of the pack file, the generic call, the decision and each pack's call."""
    engine = _engine(rules, "native")
    try:
        return {
            "pack": Pack.model_json_schema(),
            "call": Call.model_json_schema(),
            "decision": Decision.model_json_schema(),
            "calls": engine.call_schemas(),
        }
    finally:
        engine.close()


def _schema(args: argparse.Namespace, out: TextIO) -> int:
    result = schemas(args.rules)
    chosen = result if args.which == "all" else {args.which: result[args.which]}
    if args.which == "call":
        chosen["calls"] = result["calls"]
    if args.out:
        folder = Path(args.out)
        folder.mkdir(parents=True, exist_ok=True)
        for name, schema in chosen.items():
            if name == "calls":
                for ref, call_schema in schema.items():
                    (folder / f"call.{ref}.schema.json").write_text(
                        json.dumps(call_schema, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8",
                    )
            else:
                (folder / f"{name}.schema.json").write_text(
                    json.dumps(schema, ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8",
                )
        return EXIT_OK
    out.write(json.dumps(chosen, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
