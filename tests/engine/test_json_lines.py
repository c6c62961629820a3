"""JSON Lines: lines split on \\n only, problems per line, strict one-line output."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowrules.engine.json_lines import LineProblem, dumps_line, input_lines, parse_line


def _strict(text: str) -> object:
    def refuse(name: str) -> object:
        raise AssertionError(name)

    return json.loads(text, parse_constant=refuse)


def test_input_is_split_on_newlines_only():
    """\\r\\n, a BOM and a last line without newline are handled; U+2028 splits nothing."""
    data = b'\xef\xbb\xbf{"a": 1}\r\n\n{"b": "x\xe2\x80\xa8y"}\n{"c": 3}'
    lines = list(input_lines(io.BytesIO(data)))
    assert [n for n, _ in lines] == [1, 2, 3, 4]
    assert lines[0][1] == b'{"a": 1}'
    assert lines[1][1] == b""
    assert parse_line(lines[2][1]) == {"b": "x\u2028y"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b'{"a": "\xff"}', "not valid UTF-8: byte 0xff"),
        (b'{"a": NaN}', "NaN is not JSON"),
        (b'{"a": -Infinity}', "-Infinity is not JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"a": ' + b"9" * 5000 + b"}", "too many digits"),
        (b'{"a": 1', "not valid JSON: Expecting"),
    ],
    ids=["utf8", "nan", "infinity", "deep", "huge-int", "truncated"],
)
def test_a_bad_line_is_a_line_problem_not_an_exception(line, message):
    """Each way a line can fail to be JSON gives a LineProblem naming it."""
    problem = parse_line(line)
    assert isinstance(problem, LineProblem)
    assert message in problem.message


def test_the_place_of_a_problem_is_its_line_and_column():
    """A problem in a multi-line document names line and column (1-based)."""
    problem = parse_line(b'{\n  "a": \xff}')
    assert isinstance(problem, LineProblem)
    assert problem.place("call.json") == "call.json:2:8"


@given(
    record=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3)
        ),
        max_leaves=10,
    )
)
def test_output_is_one_strict_line_that_reads_back(record):
    """Any JSON record becomes one line (by every splitter) that parses back equal."""
    text = dumps_line(record)
    assert len(text.splitlines()) == 1
    assert all(c not in text for c in "\x85\u2028\u2029\n\r")
    assert _strict(text) == record


def test_output_refuses_nan():
    """A NaN cannot slip into the output as a non-JSON literal."""
    with pytest.raises(ValueError, match="JSON compliant"):
        dumps_line({"x": float("nan")})
