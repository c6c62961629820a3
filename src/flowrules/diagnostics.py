"""Diagnostics for pack authors: where, what, which rule, and one hint.

Every problem in a pack becomes a :class:`Diagnostic`. The text form is::

    rules/dagpenge.yaml:42:20: PK05 ukendt formulering 'afbud_registeret'
       = regel: dagpenge.afbud_gyldig_grund (dagpenge@2026.1)
       = hjælp: mente du 'afbud_registreret'?

Lines and columns are 1-based. Messages and hints are Danish: the readers are
the rules team and legal reviewers.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a diagnostic is: errors stop a pack from loading."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Span:
    """A 1-based position in a source file."""

    path: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a pack, with its place, its rule and one hint."""

    span: Span
    code: str
    message: str
    rule: str | None = None
    pack: str | None = None
    hint: str | None = None
    severity: Severity = Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        """Return the key diagnostics are sorted by: path, line, col, code."""
        return (self.span.path, self.span.line, self.span.col, self.code)

    def headline(self) -> str:
        """Return the greppable first line ``path:line:col: CODE message``."""
        s = self.span
        return f"{s.path}:{s.line}:{s.col}: {self.code} {self.message}"

    def render(self) -> str:
        """Render the full text form: headline, rule line and hint line."""
        lines = [self.headline()]
        if self.rule:
            where = f"{self.rule} ({self.pack})" if self.pack else self.rule
            lines.append(f"   = regel: {where}")
        elif self.pack:
            lines.append(f"   = pakke: {self.pack}")
        if self.hint:
            lines.append(f"   = hjælp: {self.hint}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, object]:
        """Return the JSON form: the same fields as keys."""
        data = asdict(self)
        span = data.pop("span")
        data["severity"] = self.severity.value
        return {**span, **data}


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Return diagnostics sorted by path, line, column and code, duplicates removed."""
    unique = {(d.sort_key(), d.message, d.rule): d for d in diagnostics}
    return [unique[k] for k in sorted(unique)]


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    """Render diagnostics as text, one block per diagnostic."""
    return "\n".join(d.render() for d in diagnostics)


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """Render diagnostics as a JSON list of objects."""
    return json.dumps([d.to_json() for d in diagnostics], ensure_ascii=False, indent=2)


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """Return a Danish "mente du" hint for a close match, or ``None``.

    Examples:
        >>> did_you_mean("sygdmo", ["sygdom", "arbejde"])
        "mente du 'sygdom'?"
    """
    matches = difflib.get_close_matches(word, list(options), n=1, cutoff=0.75)
    return f"mente du '{matches[0]}'?" if matches else None


def allowed_hint(options: Sequence[str]) -> str:
    """Return a hint listing the allowed values (at most 10), or a count."""
    if len(options) <= 10:
        return "tilladte værdier: " + ", ".join(options)
    return f"{len(options)} tilladte værdier, fx " + ", ".join(options[:5])
