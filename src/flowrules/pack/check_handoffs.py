"""Checks across the packs loaded together: hand-offs reach a real call type, no cycle.

A rule whose outcome is ``continue_with: {ordning, henvendelse}`` hands the
call on to another pack (SPEC "Hand-off between packs"). Each version of the
target pack that is in force while the source version is must exist and
have that call type, and following hand-offs from pack to pack must never
come back to a pack already passed (the check is by pack, so a possible loop
is refused even if no single call would take it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from flowrules.diagnostics import Diagnostic, Span, allowed_hint, did_you_mean
from flowrules.pack.schema import HandOff, Pack
from flowrules.pack.yaml_positions import SourceMap, YamlPath


class Checked(NamedTuple):
    """A pack version to check, with the path that names it and its positions if known."""

    path: str
    pack: Pack
    smap: SourceMap | None = None


def handoff_problems(packs: Iterable[Checked]) -> list[Diagnostic]:
    """Return a diagnostic for each hand-off to a missing target and for each cycle."""
    items = list(packs)
    problems = [d for item in items for d in _targets(item, items)]
    problems += _cycles(items)
    return problems


def _overlaps(a: Pack, b: Pack) -> bool:
    a_end, b_end = a.valid_to or dt.date.max, b.valid_to or dt.date.max
    return a.valid_from < b_end and b.valid_from < a_end


def _diag(item: Checked, index: int, key: str, message: str, hint: str) -> Diagnostic:
    loc: YamlPath = ("rules", index, "then", "continue_with", key)
    span = item.smap.span(loc) if item.smap is not None else Span(item.path)
    rule = f"{item.pack.pack}.{item.pack.rules[index].id}"
    return Diagnostic(span, "PK18", message, rule, item.pack.ref, hint)


def _targets(item: Checked, items: list[Checked]) -> Iterator[Diagnostic]:
    """The target pack has a version in force with the source, each with the call type."""
    for index, rule in enumerate(item.pack.rules):
        if not isinstance(rule.then, HandOff):
            continue
        target = rule.then.continue_with
        versions = [
            other.pack
            for other in items
            if other.pack.pack == target.ordning and _overlaps(item.pack, other.pack)
        ]
        if not versions:
            yield _diag(
                item,
                index,
                "ordning",
                f"continue_with: ingen version af pakken '{target.ordning}' er indlæst"
                f" for {item.pack.ref}'s gyldighedsperiode",
                "indlæs pakkerne sammen (fx 'flowrules check rules/')",
            )
            continue
        for version in versions:
            values = version.facts["henvendelse"].values
            if target.henvendelse not in values:
                yield _diag(
                    item,
                    index,
                    "henvendelse",
                    f"continue_with: {version.ref} har ingen opkaldstype"
                    f" '{target.henvendelse}'",
                    did_you_mean(target.henvendelse, values) or allowed_hint(values),
                )


def _cycles(items: list[Checked]) -> list[Diagnostic]:
    """One diagnostic per cycle of hand-offs between packs, at its first hand-off."""
    edges: dict[str, dict[str, tuple[Checked, int]]] = {}
    for item in items:
        for index, rule in enumerate(item.pack.rules):
            if isinstance(rule.then, HandOff):
                target = rule.then.continue_with.ordning
                edges.setdefault(item.pack.pack, {}).setdefault(target, (item, index))
    found: list[Diagnostic] = []
    reported: set[frozenset[str]] = set()
    for start in sorted(edges):
        for cycle in _paths_back(start, edges):
            if frozenset(cycle) in reported:
                continue
            reported.add(frozenset(cycle))
            item, index = edges[cycle[0]][cycle[1]]
            chain = " → ".join([*cycle, cycle[0]])
            found.append(
                _diag(
                    item,
                    index,
                    "ordning",
                    f"hand-offs danner en kreds: {chain}",
                    "et opkald må ikke kunne sendes tilbage til en pakke, det har"
                    " passeret; fjern en af hand-off'ene",
                )
            )
    return found


def _paths_back(
    start: str, edges: dict[str, dict[str, tuple[Checked, int]]]
) -> Iterator[list[str]]:
    """Every simple path of hand-offs from ``start`` that leads back to ``start``."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    while stack:
        node, path = stack.pop()
        for nxt in sorted(edges.get(node, {})):
            if nxt == start:
                yield path
            elif nxt not in path:
                stack.append((nxt, [*path, nxt]))
