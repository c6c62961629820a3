"""flowrules decide --batch: one output line per input line, exit codes, closed output, Ctrl-C."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import structlog
from hypothesis import given, settings
from hypothesis import strategies as st

from flowrules.cli import main
from tests.conftest import TESTS, requires_durable
from tests.hostile_packs import write_hostile_pack

ROOT = TESTS.parent
BASE = str(TESTS / "data" / "base_pack.yaml")
CALL = {
    "ordning": "dagpenge",
    "henvendelse": "afbud",
    "grund": "sygdom",
    "modtaget": "2017-03-07T10:30:00",
}
GOOD = json.dumps(CALL).encode()


@pytest.fixture(autouse=True)
def _reset_structlog():
    """The CLI may configure structlog for a run; start and end each test unconfigured."""
    structlog.reset_defaults()
    yield
    structlog.reset_defaults()


def _strict(text: str) -> object:
    def refuse(name: str) -> object:
        raise AssertionError(name)

    return json.loads(text, parse_constant=refuse)


def batch(data: bytes, *extra: str) -> tuple[int, list[dict[str, object]], str]:
    """Run decide --batch over ``data`` in-process; return code, parsed lines, stderr."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "calls.jsonl"
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        code = main(
            ["decide", "--batch", str(path), "--executor", "native", *extra],
            stdout=out,
            stderr=err,
        )
    text = out.getvalue()
    assert text == "" or text.endswith("\n")
    return code, [_strict(line) for line in text.split("\n")[:-1]], err.getvalue()


HOSTILE_LINES = [
    GOOD,
    b'{"ordning": "dagpenge", "grund": "\xff"}',
    b"",
    b"[" * 5000 + b"]" * 5000,
    b'{"ordning": "dagpenge", "antal": ' + b"9" * 5000 + b"}",
    b'{"ordning": "dagpenge", "grund": NaN}',
    json.dumps({**CALL, "grund": "x\u2028y\x85"}, ensure_ascii=False).encode(),
    b"   ",
    b"not json",
    GOOD,
]


def test_every_input_line_gets_one_output_line_in_order():
    """Bad bytes, blank lines, deep nesting and huge numbers each get their own line."""
    code, lines, err = batch(b"\n".join(HOSTILE_LINES) + b"\n")
    assert [row["line"] for row in lines] == list(range(1, len(HOSTILE_LINES) + 1))
    assert lines[0]["rule_id"] == lines[9]["rule_id"] == "dagpenge.afbud_gyldig_grund"
    assert lines[2] == {"line": 3, "blank": True}
    assert lines[7] == {"line": 8, "blank": True}
    messages = {
        row["line"]: row["error"][0]["message"] for row in lines if "error" in row
    }
    assert "not valid UTF-8" in messages[2]
    assert "nested too deeply" in messages[4]
    assert "too many digits" in messages[5]
    assert "NaN is not JSON" in messages[6]
    assert "not an allowed value" in messages[7]
    assert code == 1
    assert "2 beslutninger, 6 ugyldige opkald, 2 tomme linjer" in err


@settings(max_examples=40)
@given(
    lines=st.lists(
        st.one_of(
            st.binary(max_size=40),
            st.text(max_size=40).map(lambda t: t.encode("utf-8", "surrogatepass")),
            st.just(GOOD),
            st.dictionaries(
                st.sampled_from([*CALL, "afmelding_dato", "behov_for_tolk", "x"]),
                st.none() | st.booleans() | st.integers() | st.text(max_size=8),
            ).map(lambda d: json.dumps({**CALL, **d}).encode()),
        ).map(lambda line: line.replace(b"\n", b" ")),
        max_size=30,
    )
)
def test_batch_fuzz_counts_one_output_line_per_input_line(lines):
    """Arbitrary bytes, text and calls: as many output lines as input lines, numbered in order."""
    code, rows, _ = batch(b"".join(line + b"\n" for line in lines), "--rules", BASE)
    assert [row["line"] for row in rows] == list(range(1, len(lines) + 1))
    assert code in (0, 1)


def test_decisions_and_errors_carry_the_line_number_and_a_valid_call_id():
    """Error lines echo a well-formed call_id for correlation; a CPR-like one is not echoed."""
    data = b"\n".join(
        [
            json.dumps({**CALL, "henvendelse": "nope", "call_id": "A-17.x:2"}).encode(),
            json.dumps(
                {**CALL, "henvendelse": "nope", "call_id": "0103851234"}
            ).encode(),
        ]
    )
    _, lines, _ = batch(data)
    assert lines[0]["call_id"] == "A-17.x:2"
    assert "call_id" not in lines[1]
    assert "0103851234" not in json.dumps(lines)


@requires_durable
def test_an_executor_failure_is_an_error_line_and_exit_2(tmp_path, monkeypatch):
    """A call durable-rules fails on gets an engine_error line; the batch goes on; exit 2."""
    from flowrules.engine import durable_executor

    monkeypatch.setattr(durable_executor, "limit_problems", lambda program: [])
    pack = write_hostile_pack(tmp_path, "ranges", 70)
    early = json.dumps({**CALL, "afmelding_dato": "2016-12-01"}).encode()
    data = b"\n".join([early, GOOD, early]) + b"\n"
    path = tmp_path / "calls.jsonl"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["decide", "--batch", str(path), "--rules", str(pack), "--executor", "durable"],
        stdout=out,
        stderr=err,
    )
    rows = [_strict(line) for line in out.getvalue().splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3]
    assert "error code: 303" in rows[0]["engine_error"]
    assert rows[1]["rule_id"] == "dagpenge.afbud_gyldig_grund"
    assert "engine_error" in rows[2]
    assert code == 2
    assert "2 opkald motoren fejlede på" in err.getvalue()


SCRIPT = "import sys; from flowrules.cli import main; sys.exit(main())"


def _shell(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture(scope="module")
def many_calls(tmp_path_factory):
    path = tmp_path_factory.mktemp("batch") / "many.jsonl"
    path.write_bytes(b"\n".join([GOOD] * 3000) + b"\n")
    return path


def _flowrules(path: Path) -> str:
    return f"{sys.executable} -c '{SCRIPT}' decide --batch {path} --executor native"


def test_a_reader_that_stops_early_ends_the_run_quietly_with_exit_3(many_calls):
    """| head -1: the first line arrives, then exit 3 and nothing on stderr."""
    run = _shell(
        f"{_flowrules(many_calls)} 2>err.txt | head -1; echo ${{PIPESTATUS[0]}}; cat err.txt; rm err.txt"
    )
    first, code, *rest = run.stdout.splitlines()
    assert _strict(first)["line"] == 1
    assert code == "3"
    assert rest == []


@pytest.mark.parametrize(
    ("redirect", "message"),
    [(">&-", "standard output is closed"), ("> /dev/full", "No space left on device")],
    ids=["closed", "full"],
)
def test_closed_or_full_output_ends_with_exit_3_and_one_line(
    many_calls, redirect, message
):
    """>&- and > /dev/full end with exit 3 and one message on stderr, no traceback."""
    run = _shell(f"{_flowrules(many_calls)} {redirect}")
    assert run.returncode == 3
    assert message in run.stderr
    assert "Traceback" not in run.stderr
    assert len(run.stderr.splitlines()) == 1


def test_ctrl_c_ends_a_batch_with_the_summary_and_exit_130():
    """SIGINT while a batch waits for input: the summary on stderr, exit 130, no traceback."""
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, "decide", "--batch", "-", "--rules", BASE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        assert process.stdin is not None
        assert process.stdout is not None
        process.stdin.write(GOOD + b"\n")
        process.stdin.flush()
        first = process.stdout.readline()  # answered at once: stdin streams
        assert _strict(first.decode())["line"] == 1
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, err.decode()[-500:]
    assert "afbrudt efter 1 linjer: 1 beslutninger, 0 ugyldige opkald" in err.decode()
    assert b"Traceback" not in err


@pytest.mark.parametrize(
    "content",
    [b"[" * 100_000 + b"]" * 100_000, b'{"a": ' + b"9" * 5000 + b"}"],
    ids=["deep", "huge-int"],
)
def test_one_call_file_that_cannot_be_read_exits_2_with_a_message(tmp_path, content):
    """Deep nesting or a huge integer in a single call file: exit 2 and a message."""
    path = tmp_path / "call.json"
    path.write_bytes(content)
    err = io.StringIO()
    assert main(["decide", str(path)], stdout=io.StringIO(), stderr=err) == 2
    assert "ikke gyldig JSON her" in err.getvalue()
    assert "Traceback" not in err.getvalue()


def test_main_in_process_keeps_the_applications_structlog_configuration():
    """An application's structlog setup is exactly the same after main() as before."""
    structlog.configure(
        processors=[structlog.processors.JSONRenderer()],
        logger_factory=structlog.ReturnLoggerFactory(),
        wrapper_class=structlog.make_filtering_bound_logger(10),
    )
    before = structlog.get_config()
    main(["check", BASE], stdout=io.StringIO(), stderr=io.StringIO())
    after = structlog.get_config()
    assert all(after[key] is value for key, value in before.items())


def test_main_in_process_leaves_structlog_unconfigured_when_it_was():
    """main() configures structlog for its run only, when nothing had configured it."""
    main(["check", BASE], stdout=io.StringIO(), stderr=io.StringIO())
    assert not structlog.is_configured()
