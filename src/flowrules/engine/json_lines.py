r"""JSON Lines in and out: one record per input line, strict JSON, safe to split.

Input is read as bytes and split on ``\n`` only (as ``wc -l`` and ``sed``
count lines; a trailing ``\r`` is dropped), so a byte that is not UTF-8, a
stray U+2028 or a line nested too deep is a problem of that one line, and
every later line is still read. Output is strict JSON (no ``NaN`` or
``Infinity``), one record per line, with U+0085, U+2028 and U+2029
escaped so that no reader splits a record in two.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, TextIO

#: The UTF-8 byte order mark some editors write first; it is not part of line 1.
BOM = b"\xef\xbb\xbf"
#: Characters some readers take as line breaks; JSON leaves them raw, so escape them.
_LINE_BREAKS = str.maketrans(
    {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


@dataclass(frozen=True)
class LineProblem:
    """Why one input is not a JSON value: what (for the importing programmer) and where."""

    message: str
    line: int = 0
    col: int = 0
    kind: str = ""
    """``utf8``, ``json``, ``deep``, ``number`` or ``constant`` (NaN, Infinity)."""
    detail: str = ""
    """The parser's own words (``Expecting value``), or the constant refused."""

    def describe(self) -> str:
        """The message with its column (when it has one), for a record of one line."""
        return f"{self.message} at column {self.col}" if self.col else self.message

    def place(self, path: str) -> str:
        """``path:line:col`` (or ``path``) for a message about a whole file."""
        return f"{path}:{self.line}:{self.col}" if self.col else path


def input_lines(stream: IO[bytes] | TextIO) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line number, bytes)`` for every line of ``stream``, blank ones too.

    A text stream (a ``StringIO`` in tests) is encoded back to UTF-8.
    """
    for number, line in enumerate(_byte_lines(stream), 1):
        if number == 1 and line.startswith(BOM):
            line = line[len(BOM) :]
        yield number, line.rstrip(b"\n").removesuffix(b"\r")


def _byte_lines(stream: IO[bytes] | TextIO) -> Iterable[bytes]:
    raw = getattr(stream, "buffer", stream)
    for line in raw:
        yield (
            line.encode("utf-8", "surrogateescape") if isinstance(line, str) else line
        )


def _refuse_constant(name: str) -> Any:
    msg = f"{name} is not JSON"
    raise ValueError(msg)


def parse_line(line: bytes) -> Any:
    """Return the JSON value of one line, or a :class:`LineProblem` saying why not."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = line[: exc.start]
        return LineProblem(
            f"not valid UTF-8: byte 0x{line[exc.start]:02x}",
            before.count(b"\n") + 1,
            exc.start - (before.rfind(b"\n") + 1) + 1,
            "utf8",
        )
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        return LineProblem(
            f"not valid JSON: {exc.msg}", exc.lineno, exc.colno, "json", exc.msg
        )
    except RecursionError:
        return LineProblem("not valid JSON here: nested too deeply", kind="deep")
    except ValueError as exc:  # NaN/Infinity, or an integer of more than 4,300 digits
        if str(exc).endswith(" is not JSON"):
            constant = str(exc).removesuffix(" is not JSON")
            return LineProblem(
                f"not valid JSON here: {exc}", kind="constant", detail=constant
            )
        return LineProblem(
            "not valid JSON here: a number has too many digits", kind="number"
        )


def is_blank(line: bytes) -> bool:
    """Whether a line holds only whitespace (it gets a ``blank`` record)."""
    return not line.strip()


def dumps_line(record: Any) -> str:
    """Return ``record`` as one line of strict JSON (UTF-8 kept, line breaks escaped).

    Raises:
        ValueError: If ``record`` holds NaN or an infinity.
    """
    text = json.dumps(record, ensure_ascii=False, allow_nan=False)
    return text.translate(_LINE_BREAKS)


def read_jsonl(stream: IO[bytes] | TextIO) -> Iterator[tuple[int, Any]]:
    """Yield ``(line number, JSON value or LineProblem)`` for each non-blank line."""
    for number, line in input_lines(stream):
        if not is_blank(line):
            yield number, parse_line(line)
