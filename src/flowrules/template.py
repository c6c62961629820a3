"""Danish text templates with ``{fact}`` placeholders: parsing and rendering."""

from __future__ import annotations

import re
from collections.abc import Callable

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_BRACE = re.compile(r"[{}]")


def placeholders(text: str) -> list[tuple[str, int]]:
    """Return each ``{name}`` in ``text`` with its character offset.

    Examples:
        >>> placeholders("Afbud {grund} den {modtaget_dato}")
        [('grund', 6), ('modtaget_dato', 18)]
    """
    return [(m.group(1), m.start()) for m in _PLACEHOLDER.finditer(text)]


def malformed(text: str) -> list[tuple[str, int]]:
    """Return placeholders that are not plain names, and stray braces, with offsets."""
    problems = [
        (name, pos) for name, pos in placeholders(text) if not _NAME.match(name)
    ]
    stripped = _PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), text)
    problems += [(m.group(), m.start()) for m in _BRACE.finditer(stripped)]
    return sorted(problems, key=lambda p: p[1])


def render(text: str, value_of: Callable[[str], str]) -> str:
    """Fill every placeholder with ``value_of(name)``."""
    return _PLACEHOLDER.sub(lambda m: value_of(m.group(1)), text)
