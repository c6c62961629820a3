"""Read JSON Lines: one call per line, with the line number of each."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO


def read_jsonl(stream: TextIO) -> Iterator[tuple[int, Any]]:
    """Yield ``(line number, parsed JSON or the JSONDecodeError)`` for each non-empty line."""
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, exc
