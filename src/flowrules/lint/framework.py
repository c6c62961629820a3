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

from flowrules.lint.seeds import load_seeds
from flowrules.pack.schema import Pack
from flowrules.pack.yaml_positions import YamlPath

_REGISTRY: dict[str, type[Rule]] = {}


def module_rules(module: str) -> tuple[type[Rule], ...]:
    """Return the lint rules defined in ``module`` (a family module's export), in code order."""
    return tuple(
        _REGISTRY[code]
        for code in sorted(_REGISTRY)
        if _REGISTRY[code].__module__ == module
    )


@dataclass(frozen=True)
class Finding:
    """One problem a lint rule found: where in the pack, what, and one hint."""

    path: YamlPath
    message: str
    hint: str | None = None
    rule: str | None = None
    #: The offending words, when the finding is about a phrase in a text: the
    #: framework then points at the phrase's own line and column in the file.
    phrase: str | None = None


@dataclass
class LintContext:
    """What rules may need beyond the pack: the seed texts, normalised.

    By default the seeds are the documents shipped with flowrules; a citation
    of a document missing here is reported as not checked (LH03).
    """

    seeds: dict[str, str] = field(default_factory=load_seeds)


class Rule:
    """Base class of lint rules; subclasses set ``code`` and ``name`` and implement ``check``.

    A subclass that sets ``code`` is registered when its module is imported:
    adding a rule means writing its class in a family module and its case
    file ``tests/lint/cases/<CODE>.yaml``, nothing else.
    """

    code: ClassVar[str]
    name: ClassVar[str]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "code" in cls.__dict__:
            if cls.code in _REGISTRY and _REGISTRY[cls.code] is not cls:
                msg = f"lint code {cls.code} is used twice: {_REGISTRY[cls.code]} and {cls}"
                raise ValueError(msg)
            _REGISTRY[cls.code] = cls

    @classmethod
    def summary(cls) -> str:
        """Return the first line of the rule's (Danish) docstring."""
        return (cls.__doc__ or "").strip().splitlines()[0]

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield the findings of this rule on ``pack``."""
        raise NotImplementedError


def flatten(text: str) -> str:
    """Join hyphenation at line breaks and collapse whitespace, keeping case."""
    return " ".join(re.sub(r"(\w)-\n\s*(?=[a-zæøå])", r"\1", text).split())


def wordings(pack: Pack) -> Iterator[tuple[YamlPath, str, str]]:
    """Yield ``(path, id, text)`` for every citizen wording."""
    for key, wording in pack.wordings.items():
        yield ("wordings", key, "text"), key, wording.text


def macros(pack: Pack) -> Iterator[tuple[YamlPath, str, str]]:
    """Yield ``(path, id, text)`` for every journal macro."""
    for key, macro in pack.journal_macros.items():
        yield ("journal_macros", key, "text"), key, macro.text


def texts(pack: Pack) -> Iterator[tuple[YamlPath, str, str]]:
    """Yield every citizen wording and journal macro."""
    yield from wordings(pack)
    yield from macros(pack)
