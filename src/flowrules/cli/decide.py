"""``flowrules decide`` and ``flowrules explain``: one call, or a JSON Lines batch."""

from __future__ import annotations

import argparse
import errno
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from flowrules.cli.call_errors import danish_call_error
from flowrules.cli.decision_text import decision_text, trace_text
from flowrules.cli.exit_codes import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from flowrules.cli.jsonl import read_jsonl
from flowrules.decision import Decision
from flowrules.engine.engine import Engine
from flowrules.errors import CallError, CallProblem
from flowrules.pack.load import bundled_rules_dir


def open_engine(rules: str | None, executor: str = "auto") -> Engine:
    """Return an engine over ``rules`` (a folder or file), or the bundled packs."""
    path = rules or bundled_rules_dir()
    return Engine.from_path(path, executor=executor)  # type: ignore[arg-type]


def _read_call(file: str, err: TextIO) -> Any:
    try:
        text = (
            sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        )
        return json.loads(text)
    except OSError as exc:
        reason = _OS_PROBLEMS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
        print(f"flowrules: {file}: filen kan ikke læses ({reason})", file=err)
        print("   = hjælp: tjek stien, eller brug - for standard input", file=err)
    except UnicodeDecodeError:
        print(f"flowrules: {file}: filen er ikke UTF-8", file=err)
        print("   = hjælp: gem opkaldet som UTF-8", file=err)
    except json.JSONDecodeError as exc:
        print(
            f"flowrules: {file}:{exc.lineno}:{exc.colno}: ikke gyldig JSON"
            f" ({_JSON_PROBLEMS.get(exc.msg, exc.msg)})",
            file=err,
        )
        print(
            '   = hjælp: et opkald er ét JSON-objekt, fx {"ordning": "dagpenge", …}',
            file=err,
        )
    return None


#: The usual reasons a file cannot be read, in Danish.
_OS_PROBLEMS = {
    errno.ENOENT: "den findes ikke",
    errno.EACCES: "ingen adgang",
    errno.EISDIR: "det er en mappe",
}

#: Python's JSON messages in Danish (the common ones; others are shown as they are).
_JSON_PROBLEMS = {
    "Expecting value": "der mangler en værdi",
    "Expecting property name enclosed in double quotes": (
        "feltnavne skal stå i dobbelte anførselstegn"
    ),
    "Expecting ',' delimiter": "der mangler et komma",
    "Expecting ':' delimiter": "der mangler et kolon",
    "Extra data": "der står mere efter objektet",
    "Unterminated string starting at": "en tekst mangler sit afsluttende anførselstegn",
    "Invalid control character at": "ugyldigt styretegn i en tekst",
}


def decide_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``flowrules decide`` or ``explain`` on one call or a batch."""
    if getattr(args, "batch", False):
        return _batch(args, out, err)
    call = _read_call(args.file, err)
    if call is None:
        return EXIT_ERROR
    engine = open_engine(args.rules, args.executor)
    try:
        decision = engine.decide(call, explain=args.command == "explain")
    except CallError as exc:
        shown = "standard input" if args.file == "-" else args.file
        print(danish_call_error(exc, shown), file=err)
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
    engine = open_engine(args.rules, args.executor)
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
