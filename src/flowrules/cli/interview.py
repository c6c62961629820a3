"""``flowrules interview``: the guided interview in the terminal, in Danish.

The command asks what :meth:`flowrules.Engine.interview` asks, one question
at a time, in the flowchart's order: the ordning, the call's time, the call
type, then each fact that can still change the decision, with numbered
answers ("0) ved ikke" where a fact is optional) and, at a grænseflade, the
employee's choice with each criterion. It then prints the decision as
``decide --format text`` does. ``--answers FILE.json`` answers from a JSON
object instead of the keyboard (a scripted run); an answer the file lacks is
an error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from flowrules.cli.decide import open_engine
from flowrules.cli.decision_text import decision_text
from flowrules.cli.exit_codes import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from flowrules.decision import Question
from flowrules.engine.datetimes import COPENHAGEN
from flowrules.errors import CallError

_NOT_GIVEN: Any = object()


class _Stop(Exception):
    """The interview cannot go on (input ended, or the answer file lacks an answer)."""


def interview_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``flowrules interview [--answers FILE] [--modtaget ISO]``."""
    answers: dict[str, Any] | None = None
    if args.answers:
        answers = _read_answers(args.answers, err)
        if answers is None:
            return EXIT_ERROR
    engine = open_engine(args.rules, args.executor)
    call: dict[str, Any] = {}
    if args.modtaget:
        call["modtaget"] = args.modtaget
    last: str | None = None
    try:
        while True:
            try:
                step = engine.interview(call)
            except CallError as exc:
                if answers is not None or last is None:
                    raise
                # A typed answer the pack does not accept: ask again.
                print(f"Svaret passer ikke: {exc.problems[0].message}.", file=err)
                del call[last]
                last = None
                continue
            if step.decision is not None:
                out.write("\n" + _result(step.decision, args.format) + "\n")
                return EXIT_OK
            assert step.question is not None
            last = step.question.fact
            call[last] = _answer(step.question, answers, sys.stdin, out)
    except _Stop as stop:
        print(f"flowrules: {stop}", file=err)
        return EXIT_ERROR
    except CallError as exc:
        print(f"flowrules: {exc}", file=err)
        return EXIT_FINDINGS
    finally:
        engine.close()


def _read_answers(path: str, err: TextIO) -> dict[str, Any] | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"flowrules: kan ikke læse svarfilen {path}: {exc}", file=err)
        return None
    except json.JSONDecodeError as exc:
        print(
            f"flowrules: {path}:{exc.lineno}:{exc.colno}: ugyldig JSON: {exc.msg}",
            file=err,
        )
        return None
    if not isinstance(data, dict):
        print(f"flowrules: svarfilen {path} skal være et JSON-objekt", file=err)
        return None
    return data


def _answer(
    question: Question, answers: dict[str, Any] | None, stdin: TextIO, out: TextIO
) -> Any:
    """Print the question; take the answer from the file or read it from the keyboard."""
    out.write(f"\n{question.text}\n")
    for n, answer in enumerate(question.answers, 1):
        criterion = f" – {answer.criterion}" if answer.criterion else ""
        out.write(f"  {n}) {answer.label}{criterion}\n")
    if question.unknown_allowed:
        out.write(f"  0) {question.unknown_label or 'ved ikke'}\n")
    if answers is not None:
        value = answers.get(question.fact, _NOT_GIVEN)
        if value is _NOT_GIVEN:
            msg = f"svarfilen mangler et svar på '{question.fact}' ({question.text})"
            raise _Stop(msg)
        out.write(f"> {_shown(question, value)}\n")
        return value
    while True:
        out.write(_prompt(question))
        out.flush()
        line = stdin.readline()
        if not line:
            msg = "interviewet blev afbrudt, før det var færdigt"
            raise _Stop(msg)
        value = _parse(question, line.strip())
        if value is not _NOT_GIVEN:
            return value
        out.write("Det svar kender jeg ikke; skriv et af tallene eller en værdi.\n")


def _prompt(question: Question) -> str:
    if question.answers:
        return "Svar (nummer): "
    hint = {
        "date": "dato, fx 2017-03-07 eller 07.03.2017",
        "datetime": "dato og klokkeslæt, fx 2017-03-07 10:30",
        "int": "et helt tal",
    }.get(question.type, "")
    unknown = ", tom for ved ikke" if question.unknown_allowed else ""
    if question.fact == "modtaget":
        unknown = ", tom for nu"
    return f"Svar ({hint}{unknown}): "


def _parse(question: Question, text: str) -> Any:
    """The value an answer line stands for, or ``_NOT_GIVEN`` when it stands for none."""
    if question.unknown_allowed and text in ("", "0"):
        return None
    if question.fact == "modtaget" and not text:
        # The call is happening now: its time in Copenhagen, to the second.
        return (
            dt.datetime.now(COPENHAGEN).replace(tzinfo=None, microsecond=0).isoformat()
        )
    if question.answers:
        if text.isdigit() and 1 <= int(text) <= len(question.answers):
            return question.answers[int(text) - 1].value
        return _NOT_GIVEN
    try:
        if question.type == "int":
            return int(text)
        if question.type == "date":
            return _date(text).isoformat()
        if question.type == "datetime":
            day, _, clock = text.replace("T", " ").partition(" ")
            moment = dt.datetime.combine(
                _date(day), dt.time.fromisoformat(clock or "00:00")
            )
            return moment.isoformat()
    except ValueError:
        return _NOT_GIVEN
    return text


def _date(text: str) -> dt.date:
    if "." in text:
        return dt.datetime.strptime(text, "%d.%m.%Y").date()
    return dt.date.fromisoformat(text)


def _shown(question: Question, value: Any) -> str:
    if value is None:
        return question.unknown_label or "ved ikke"
    label = next((a.label for a in question.answers if a.value == value), None)
    return label or str(value)


def _result(decision: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(
            decision.model_dump(mode="json"), ensure_ascii=False, indent=2
        )
    return decision_text(decision)
