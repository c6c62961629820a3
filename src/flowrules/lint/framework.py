"""The lint framework: a rule is one class with a code, a kebab name and a check.

A rule yields :class:`Finding` objects that name a YAML path in the pack; the
framework turns the path into a ``path:line:col`` span through the source map
(sqlfluff's anchors). Messages and hints are Danish.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from flowrules.model import Pack
from flowrules.source import Path


@dataclass(frozen=True)
class Finding:
    """One problem a lint rule found: where in the pack, what, and one hint."""

    path: Path
    message: str
    hint: str | None = None
    rule: str | None = None
    #: The offending words, when the finding is about a phrase in a text: the
    #: framework then points at the phrase's own line and column in the file.
    phrase: str | None = None


@dataclass
class LintContext:
    """What rules may need beyond the pack: the seed texts, normalised."""

    seeds: dict[str, str] = field(default_factory=dict)


class Rule:
    """Base class of lint rules; subclasses set ``code`` and ``name`` and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]

    @classmethod
    def summary(cls) -> str:
        """Return the first line of the rule's (Danish) docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0]

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield the findings of this rule on ``pack``."""
        raise NotImplementedError


def normalise(text: str) -> str:
    """Fold case, whitespace, line-break hyphenation and typographic quotes for matching."""
    text = re.sub(r"-\s*\n\s*", "", text)
    text = text.replace("”", '"').replace("“", '"').replace("–", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


def wordings(pack: Pack) -> Iterator[tuple[Path, str, str]]:
    """Yield ``(path, id, text)`` for every citizen wording."""
    for key, wording in pack.wordings.items():
        yield ("wordings", key, "text"), key, wording.text


def macros(pack: Pack) -> Iterator[tuple[Path, str, str]]:
    """Yield ``(path, id, text)`` for every journal macro."""
    for key, macro in pack.journal_macros.items():
        yield ("journal_macros", key, "text"), key, macro.text


def texts(pack: Pack) -> Iterator[tuple[Path, str, str]]:
    """Yield every citizen wording and journal macro."""
    yield from wordings(pack)
    yield from macros(pack)
