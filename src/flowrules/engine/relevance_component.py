"""One component of the interview's analysis: a product of unknown facts as bit sets.

A :class:`Component` holds the parts of a call's outcome that share unknown
facts (the rules, and any addendum reading one of their facts). It numbers
every completion of those facts (:class:`~flowrules.engine.completion_space.CompletionSpace`),
turns each residual test into the set of completions where it holds, and
partitions the completions into classes of one outcome: the deciding rule, the
alternative ``valg`` chooses, the values its texts show, and each addendum. With
a fingerprint, classes whose whole decisions are equal are merged.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from flowrules.engine.completion_space import CompletionSpace
from flowrules.engine.event import EventBuilder
from flowrules.engine.fact_domain import ABSENT, as_json, var_values
from flowrules.engine.outcome_texts import OutcomeTexts
from flowrules.engine.program import All, AnyOf, Atom, Node, Predicate
from flowrules.pack.schema import Pack
from flowrules.vocabulary import VALG_FIELD

#: The whole decision of a completion, given the values it adds to the call.
Fingerprint = Callable[[dict[str, Any]], Hashable]
Assigned = tuple[tuple[str, int], ...]
Classes = list[tuple[tuple[Hashable, ...], int]]


@dataclass
class Part:
    """One independent part of the outcome: the rules, or one addendum, and its facts."""

    kind: str
    nodes: list[tuple[int | None, Node]]
    facts: set[str]


@dataclass
class Completions:
    """What every component of one analysis shares: the known call and the pack's tables."""

    pack: Pack
    events: EventBuilder
    texts: OutcomeTexts
    sources: Mapping[str, frozenset[str]]
    predicates: Mapping[Atom, Predicate]
    values: Mapping[str, Any]
    received: dt.datetime
    choice: str | None
    fingerprint: Fingerprint | None
    _events: dict[Assigned, Mapping[str, Any]] = field(default_factory=dict)

    def event(
        self, assigned: Assigned, domains: Mapping[str, list[Any]]
    ) -> Mapping[str, Any]:
        """The event of the known values plus the assigned representatives (memoised)."""
        found = self._events.get(assigned)
        if found is None:
            values = dict(self.values)
            for name, index in assigned:
                value = domains[name][index]
                if value is ABSENT:
                    values.pop(name, None)
                else:
                    values[name] = value
            found = self._events[assigned] = self.events(values)
        return found


class Component:
    """The completions of some unknown facts, partitioned into classes of one outcome."""

    def __init__(self, ctx: Completions, parts: list[Part], order: Mapping[str, int]):
        self.ctx = ctx
        self.facts = sorted(
            set().union(*(p.facts for p in parts)), key=order.__getitem__
        )
        self.domains = {
            f: var_values(ctx.pack, f, ctx.received, ctx.values) for f in self.facts
        }
        self.space = CompletionSpace([len(self.domains[f]) for f in self.facts])
        self.axis = {f: i for i, f in enumerate(self.facts)}
        self._masks: dict[Node, int] = {}
        self.possible: tuple[int | None, ...] = ()
        partition: Classes = [((), self.space.full)]
        for part in parts:
            found = (
                self._rule_classes(part)
                if part.kind == "rules"
                else self._addendum_classes(part)
            )
            partition = [
                ((*k1, k2), m1 & m2)
                for k1, m1 in partition
                for k2, m2 in found
                if m1 & m2
            ]
        self.classes = self._merge(partition)

    def relevant(self) -> list[str]:
        """The facts along which some class is not a cylinder: they change the outcome."""
        return [
            f
            for f in self.facts
            if any(not self.space.is_cylinder(c, self.axis[f]) for c in self.classes)
        ]

    def worst(self, fact: str) -> int:
        """The most classes that remain possible after any one answer to ``fact``."""
        axis = self.axis[fact]
        return max(
            sum(1 for c in self.classes if c & self.space.where(axis, v))
            for v in range(self.space.sizes[axis])
        )

    def _rule_classes(self, part: Part) -> Classes:
        remaining = self.space.full
        found: Classes = []
        possible: list[int | None] = []
        for index, node in part.nodes:
            first = self.mask(node) & remaining
            remaining &= ~first
            if not first:
                continue
            possible.append(index)
            if self.ctx.fingerprint is None:
                found.append((("rule", index), first))
                continue
            for choice, chosen in self._by_choice(index, first):
                shown = [
                    f
                    for f in self.ctx.texts.outcome_facts(index, choice)
                    if f in self.axis
                ]
                for assigned, points in self._split(chosen, shown):
                    found.append((("rule", index, choice, assigned), points))
        self.possible = tuple(possible)
        return found

    def _by_choice(
        self, index: int | None, points: int
    ) -> Iterator[tuple[str | None, int]]:
        options = self.ctx.texts.choices(index)
        if not options:
            yield None, points
            return
        if VALG_FIELD not in self.axis:
            yield (self.ctx.choice if self.ctx.choice in options else None), points
            return
        axis = self.axis[VALG_FIELD]
        grouped: dict[str | None, int] = {}
        for v, value in enumerate(self.domains[VALG_FIELD]):
            choice = value if value in options else None
            grouped[choice] = grouped.get(choice, 0) | (
                points & self.space.where(axis, v)
            )
        yield from ((c, m) for c, m in grouped.items() if m)

    def _addendum_classes(self, part: Part) -> Classes:
        ((index, node),) = part.nodes
        assert index is not None
        applies = self.mask(node)
        shown = [f for f in self.ctx.texts.addendum_facts(index) if f in self.axis]
        found: Classes = [
            (("addendum", index, assigned), points)
            for assigned, points in self._split(applies, shown)
        ]
        if self.space.full & ~applies:
            found.append((("addendum", index, None), self.space.full & ~applies))
        return found

    def _split(self, points: int, facts: list[str]) -> Iterator[tuple[Assigned, int]]:
        parts: list[tuple[Assigned, int]] = [((), points)]
        for f in facts:
            axis = self.axis[f]
            parts = [
                ((*a, (f, v)), m & self.space.where(axis, v))
                for a, m in parts
                for v in range(self.space.sizes[axis])
                if m & self.space.where(axis, v)
            ]
        return iter(parts)

    def mask(self, node: Node) -> int:
        """The set of completions where residual ``node`` holds."""
        found = self._masks.get(node)
        if found is not None:
            return found
        if isinstance(node, Atom):
            found = self._atom(node)
        elif isinstance(node, All):
            found = self.space.full
            for item in node.items:
                found &= self.mask(item)
        else:
            assert isinstance(node, AnyOf)
            found = 0
            for item in node.items:
                found |= self.mask(item)
        self._masks[node] = found
        return found

    def _atom(self, atom: Atom) -> int:
        facts = sorted(
            self.ctx.sources[atom.fact] & self.axis.keys(), key=self.axis.__getitem__
        )
        test = self.ctx.predicates[atom]
        found = 0
        for combo in itertools.product(*(range(len(self.domains[f])) for f in facts)):
            assigned = tuple(zip(facts, combo, strict=True))
            if test(self.ctx.event(assigned, self.domains)):
                points = self.space.full
                for f, v in assigned:
                    points &= self.space.where(self.axis[f], v)
                found |= points
        return found

    def _merge(self, partition: Classes) -> list[int]:
        if self.ctx.fingerprint is None:
            return [m for _, m in partition]
        merged: dict[Hashable, int] = {}
        for _, points in partition:
            coords = self.space.point(points)
            extra = {
                f: as_json(self.domains[f][v])
                for f, v in zip(self.facts, coords, strict=True)
                if self.domains[f][v] is not ABSENT
            }
            key = self.ctx.fingerprint(extra)
            merged[key] = merged.get(key, 0) | points
        return list(merged.values())
