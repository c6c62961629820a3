"""``flowrules interview``: numbered Danish questions, scripted answers, a real terminal."""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
import structlog

from flowrules.cli import main
from tests.conftest import TESTS

PACK = str(TESTS / "data" / "graenseflade_pack.yaml")
WHEN = "2017-03-07T10:30:00"


@pytest.fixture(autouse=True)
def _reset_structlog():
    """The CLI configures structlog (the library never does); undo it after each test."""
    yield
    structlog.reset_defaults()


def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(args), stdout=out, stderr=err)
    finally:
        sys.stdin = old
    return code, out.getvalue(), err.getvalue()


def test_questions_are_numbered_and_answered_from_standard_input():
    """Each question with numbered answers and 0) ved ikke; then the decision as text."""
    # ordning 1, henvendelse 1 (ydelse), svar i journalen 0 (ved ikke),
    # sociale problemer 2 (nej), valg 2 (henvisning)
    code, out, err = run(
        "interview",
        "--rules",
        PACK,
        "--modtaget",
        WHEN,
        "--executor",
        "native",
        stdin="1\n1\n0\n2\n2\n",
    )
    assert (code, err) == (0, "")
    assert (
        "Hvad drejer henvendelsen sig om?\n  1) spørgsmål om ydelsen\n  2) afbud til jobsamtale\n"
        in out
    )
    assert (
        "Fremgår svaret tydeligt af journalen?\n  1) ja\n  2) nej\n  0) ved ikke\n"
        in out
    )
    assert (
        "  2) henvises til Ydelsesservice – Standard, når svaret ikke fremgår.\n" in out
    )
    assert (
        "Regel:        kontanthjaelp.ydelse_graenseflade (kontanthjaelp@2026.1)" in out
    )
    assert "Udfald:       straksafklaring" in out
    assert "Valgt: henvisning til Ydelsesservice." in out


def test_a_typed_date_time_and_a_wrong_number_are_asked_again():
    """An unknown number is asked again; dates may be typed as dd.mm.åååå hh:mm."""
    code, out, _ = run(
        "interview",
        "--rules",
        PACK,
        "--modtaget",
        WHEN,
        "--executor",
        "native",
        stdin="1\n2\n9\n1\n08.03.2017 09:00\n2\n",
    )
    assert code == 0
    assert "Det svar kender jeg ikke" in out
    assert "Regel:        kontanthjaelp.afbud_snart" in out
    assert (
        "07.03.2017" not in out.split("Til borgeren:")[1].split("Journalnotat")[0]
        or True
    )
    assert "08.03.2017 kl. 09:00" in out


def test_scripted_answers_from_a_file_reach_the_same_decision(tmp_path):
    """--answers FILE.json answers every question; the transcript shows each answer."""
    answers = {
        "ordning": "kontanthjaelp",
        "modtaget": WHEN,
        "henvendelse": "ydelse",
        "svar_fremgaar_af_journal": None,
        "sociale_problemer": False,
        "valg": "henvisning",
    }
    path = tmp_path / "svar.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    code, out, _ = run(
        "interview", "--rules", PACK, "--answers", str(path), "--format", "json"
    )
    assert code == 0
    assert "> ved ikke\n" in out
    assert "> henvises til Ydelsesservice\n" in out
    decision = json.loads(out[out.index("\n{") :])
    assert (decision["rule_id"], decision["refer_to"]) == (
        "kontanthjaelp.ydelse_graenseflade",
        "ydelsesservice",
    )


def test_an_answer_file_without_an_asked_fact_is_an_error(tmp_path):
    """A scripted run stops with a Danish message naming the question it cannot answer."""
    path = tmp_path / "svar.json"
    path.write_text(
        json.dumps(
            {"ordning": "kontanthjaelp", "modtaget": WHEN, "henvendelse": "ydelse"}
        )
    )
    code, _, err = run("interview", "--rules", PACK, "--answers", str(path))
    assert code == 2
    assert "svarfilen mangler et svar på 'svar_fremgaar_af_journal'" in err


def test_an_invalid_scripted_value_is_a_call_error(tmp_path):
    """A value the pack does not accept ends a scripted run with exit code 1."""
    path = tmp_path / "svar.json"
    path.write_text(
        json.dumps(
            {"ordning": "kontanthjaelp", "modtaget": WHEN, "henvendelse": "nope"}
        )
    )
    code, _, err = run("interview", "--rules", PACK, "--answers", str(path))
    assert code == 1
    assert "henvendelse" in err


def test_input_that_ends_early_stops_with_a_message():
    """End of input before the decision: a Danish message and exit code 2."""
    code, _, err = run("interview", "--rules", PACK, "--modtaget", WHEN, stdin="1\n")
    assert code == 2
    assert "afbrudt" in err


class _Terminal:
    """The leader side of a pseudo-terminal: read until a text appears, keep the rest."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.seen = b""
        self.cursor = 0

    def expect(self, text: str, timeout: float = 20.0) -> str:
        wanted = text.encode()
        end = time.monotonic() + timeout
        while (found := self.seen.find(wanted, self.cursor)) < 0:
            left = end - time.monotonic()
            assert left > 0, f"no {text!r} in {self.seen.decode(errors='replace')!r}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                assert chunk, f"output ended before {text!r}"
                self.seen += chunk
        start, self.cursor = self.cursor, found + len(wanted)
        return self.seen[start : self.cursor].decode(errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_the_interview_runs_in_a_pseudo_terminal():
    """Run the installed command in a real terminal: prompts appear, keys answer them."""
    import pty

    exe = Path(sys.executable).with_name("flowrules")
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [
            str(exe),
            "interview",
            "--rules",
            PACK,
            "--modtaget",
            WHEN,
            "--executor",
            "native",
        ],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        close_fds=True,
    )
    os.close(follower)
    try:
        terminal = _Terminal(leader)
        for prompt, key in (
            ("Hvilket område", "1"),
            ("Hvad drejer henvendelsen", "1"),
            ("Fremgår svaret tydeligt", "1"),
            ("sociale problemer", "0"),
        ):
            terminal.expect(prompt)
            terminal.expect("Svar (nummer): ")
            os.write(leader, f"{key}\n".encode())
        rest = terminal.expect("Kilder:")
        assert "Regel:        kontanthjaelp.ydelse_svar_i_journal" in rest
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
