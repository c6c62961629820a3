"""Markdown and Mermaid text for the reviewer documents (pack pages, version diffs).

Free text from a pack is escaped so that it shows verbatim; :func:`word_diff`
marks a changed text word by word (``~~fjernet~~ **tilføjet**``).
"""

from __future__ import annotations

import difflib
import re

_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~])|(?<!\w)_|_(?!\w)")
_LINE_START = re.compile(r"^(\d+(?=[.)])|(?=[#+=-]))")


def escape_md(text: str) -> str:
    """Escape Markdown syntax so that ``text`` is shown verbatim (one line)."""
    text = " ".join(text.split())
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    return _LINE_START.sub(lambda m: m.group(0) + "\\", text, count=1)


def escape_mermaid(text: str) -> str:
    """Escape a Mermaid node label (used inside ``"…"``) with entity codes."""
    text = text.replace("#", "#35;")
    for char, code in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text.replace("&", "#amp;").replace("`", "#96;")


def quote_block(text: str) -> str:
    """Return ``text`` as a Markdown blockquote, verbatim (lines kept)."""
    lines = [escape_md(line) for line in text.strip().splitlines()]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def word_diff(old: str, new: str, *, escape: bool = True) -> str:
    """Mark the words of ``old`` removed in ``new`` as ``~~ord~~`` and added as ``**ord**``.

    Examples:
        >>> word_diff("Jeg har registreret dit afbud", "Jeg har noteret dit afbud")
        'Jeg har ~~registreret~~ **noteret** dit afbud'
    """
    a = [escape_md(w) if escape else w for w in old.split()]
    b = [escape_md(w) if escape else w for w in new.split()]
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, a, b, autojunk=False
    ).get_opcodes():
        if op == "equal":
            out += a[i1:i2]
            continue
        if i2 > i1:
            out.append(f"~~{' '.join(a[i1:i2])}~~")
        if j2 > j1:
            out.append(f"**{' '.join(b[j1:j2])}**")
    return " ".join(out)
