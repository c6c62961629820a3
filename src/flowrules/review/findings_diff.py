"""The lint and deep-check findings a new pack version has that the old one did not.

``flowrules diff`` reports them, so that a change which makes a rule
unreachable (AN01) or a wording a verdict (WD01) shows in the report the
reviewer signs off, not only in a later ``check``. Findings are compared by
code, rule and message with numbers and example calls left out, so a
finding that only moved (another line, another count) is not new.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flowrules.analysis.deep_check import deep_check
from flowrules.diagnostics import Diagnostic
from flowrules.lint import lint_pack
from flowrules.pack.schema import Pack
from flowrules.pack.yaml_positions import SourceMap

_EXAMPLE = re.compile(r",? fx \{.*\}$")
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class NewFinding:
    """A finding of the new version that the old version did not have."""

    code: str
    severity: str
    rule: str | None
    message: str
    line: int


def _key(d: Diagnostic) -> tuple[str, str | None, str]:
    return d.code, d.rule, _NUMBER.sub("#", _EXAMPLE.sub("", d.message))


def findings(pack: Pack, smap: SourceMap) -> list[Diagnostic]:
    """Every lint finding and open deep-check finding of one pack version."""
    return [*lint_pack(pack, smap), *deep_check(pack, smap).open]


def new_findings(
    old: tuple[Pack, SourceMap] | None, new: tuple[Pack, SourceMap]
) -> list[NewFinding]:
    """Return the findings of ``new`` that ``old`` does not have (all, without ``old``)."""
    before = {_key(d) for d in findings(*old)} if old else set()
    return [
        NewFinding(d.code, d.severity.value, d.rule, d.message, d.span.line)
        for d in findings(*new)
        if _key(d) not in before
    ]
