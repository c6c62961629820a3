"""``flowrules decide`` and ``flowrules explain``: one call, or a JSON Lines batch."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

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
    except (OSError, UnicodeDecodeError) as exc:
        print(f"flowrules: cannot read {file}: {exc}", file=err)
    except json.JSONDecodeError as exc:
        print(
            f"flowrules: {file}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}",
            file=err,
        )
    return None


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
