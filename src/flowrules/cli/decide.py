"""``flowrules decide`` and ``flowrules explain``: one call, or a JSON Lines batch."""

from __future__ import annotations

import argparse
import errno
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from flowrules.cli.call_errors import danish_call_error
from flowrules.cli.decision_text import decision_text, trace_text
from flowrules.cli.exit_codes import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
)
from flowrules.decision import Decision
from flowrules.engine.batch_line import Outcome, batch_line
from flowrules.engine.engine import Engine
from flowrules.engine.json_lines import (
    LineProblem,
    input_lines,
    parse_line,
)
from flowrules.errors import CallError
from flowrules.pack.load import bundled_rules_dir


def open_engine(rules: str | None, executor: str = "auto") -> Engine:
    """Return an engine over ``rules`` (a folder or file), or the bundled packs."""
    path = rules or bundled_rules_dir()
    return Engine.from_path(path, executor=executor)  # type: ignore[arg-type]


def _read_call(file: str, err: TextIO) -> Any:
    """The call in ``file`` (``-``: standard input), or ``None`` after saying why not."""
    try:
        if file == "-":
            raw = b"".join(line + b"\n" for _, line in input_lines(sys.stdin))
        else:
            raw = Path(file).read_bytes()
    except OSError as exc:
        print(f"flowrules: {file}: {_os_problem(exc)}", file=err)
        print("   = hjælp: tjek stien, eller brug - for standard input", file=err)
        return None
    call = parse_line(raw.removeprefix(b"\xef\xbb\xbf"))
    if isinstance(call, LineProblem):
        message, hint = _danish_line_problem(call)
        print(f"flowrules: {call.place(file)}: {message}", file=err)
        print(f"   = hjælp: {hint}", file=err)
        return None
    return call


def _os_problem(exc: OSError) -> str:
    reason = _OS_PROBLEMS.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return f"filen kan ikke læses ({reason})"


def _danish_line_problem(problem: LineProblem) -> tuple[str, str]:
    """The Danish message and hint for a call file that is not one JSON value."""
    if problem.kind == "utf8":
        return "filen er ikke UTF-8", "gem opkaldet som UTF-8"
    json_hint = 'et opkald er ét JSON-objekt, fx {"ordning": "dagpenge", …}'
    if problem.kind == "json":
        reason = _JSON_PROBLEMS.get(problem.detail, problem.detail)
        return f"ikke gyldig JSON ({reason})", json_hint
    if problem.kind == "deep":
        return "ikke gyldig JSON her: for dybt indlejret", json_hint
    if problem.kind == "number":
        return "ikke gyldig JSON her: et tal har for mange cifre", "ret tallet"
    return f"ikke gyldig JSON her: {problem.detail} er ikke JSON", json_hint


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


@dataclass
class _Tally:
    """What a batch did, line by line."""

    decided: int = 0
    refused: int = 0
    failed: int = 0
    blank: int = 0

    def count(self, outcome: Outcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def total(self) -> int:
        return self.decided + self.refused + self.failed + self.blank

    def summary(self) -> str:
        text = f"{self.decided} beslutninger, {self.refused} ugyldige opkald"
        if self.failed:
            text += f", {self.failed} opkald motoren fejlede på"
        if self.blank:
            text += f", {self.blank} tomme linjer"
        return text

    def exit_code(self) -> int:
        if self.failed:
            return EXIT_ERROR
        return EXIT_FINDINGS if self.refused else EXIT_OK


def _batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Decide a JSON Lines file: one output line per input line, in order.

    Each output line is strict JSON with the input line number: a decision,
    ``error`` (an invalid line or call), ``engine_error`` (the executor failed
    on that call) or ``blank``. Progress and the summary go to stderr.
    """
    try:
        stream = sys.stdin if args.file == "-" else open(args.file, "rb")  # noqa: SIM115
    except OSError as exc:
        print(f"flowrules: {args.file}: {_os_problem(exc)}", file=err)
        return EXIT_ERROR
    engine = open_engine(args.rules, args.executor)
    tally = _Tally()
    # From standard input, answer each line at once: a program that writes a
    # call and waits for its decision must not wait for a full buffer.
    streaming = stream is sys.stdin
    try:
        try:
            for number, line in input_lines(stream):
                out.write(_record(engine, number, line, tally) + "\n")
                if streaming:
                    out.flush()
                if tally.total % PROGRESS_EVERY == 0:
                    print(f"{tally.total} linjer behandlet", file=err, flush=True)
        finally:
            engine.close()
            if stream is not sys.stdin:
                stream.close()
    except KeyboardInterrupt:  # Python may raise it at any point, cleaning up included
        print(f"afbrudt efter {tally.total} linjer: {tally.summary()}", file=err)
        return EXIT_INTERRUPTED
    print(tally.summary(), file=err)
    return tally.exit_code()


def _record(engine: Engine, number: int, line: bytes, tally: _Tally) -> str:
    """The output line for one input line; never raises for what the line holds."""
    outcome, record = batch_line(engine, number, line)
    tally.count(outcome)
    return record


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
