"""Which unknown facts of a call can still change its decision: exact over the finite domain.

For a call with some facts known, :class:`Relevance` (one per pack version)
residualises every compiled rule and addendum on the known facts, so that only
tests of unknown facts remain. The unknown facts those tests, the texts of the
reachable outcomes and ``valg`` read span a product of representative values
(:func:`~flowrules.engine.fact_domain.var_values`: one per class of values no
test tells apart, dates and date-times as day offsets from the call's
``modtaget``). Each point of the product is a completion of the call.

:mod:`~flowrules.engine.relevance_component` holds sets of completions as bit
sets and partitions them into classes of one outcome; given a ``fingerprint``
(the whole decision of a completion), classes with equal decisions are merged.
A fact is relevant exactly when some class is not a cylinder along it: two
completions differing only in that fact lie in different classes. Parts that
share no unknown fact (an addendum on its own facts) form separate products.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flowrules.engine.event import EventBuilder
from flowrules.engine.fact_domain import ABSENT, candidates
from flowrules.engine.outcome_texts import OutcomeTexts
from flowrules.engine.program import (
    FALSE,
    TRUE,
    All,
    Atom,
    Node,
    Predicate,
    Program,
    all_of,
    any_of,
    compile_predicate,
)
from flowrules.engine.relevance_component import (
    Completions,
    Component,
    Fingerprint,
    Part,
)
from flowrules.pack.schema import Pack
from flowrules.vocabulary import VALG_FIELD

_MEMO_LIMIT = 4096


@dataclass(frozen=True)
class Analysis:
    """What the unknown facts of a call can still do to its decision."""

    relevant: tuple[str, ...]
    """Unknown facts that can change the outcome, in flowchart order."""
    possible: tuple[int | None, ...]
    """Indices of the rules that can still decide, in order (``None``: the fallback)."""
    outcomes: int
    """How many different outcomes are still possible."""
    question: str | None
    """The fact to ask next (fewest worst-case outcomes, then flowchart order)."""


class Relevance:
    """The interview's analysis for one pack version (shared by every call to it)."""

    def __init__(self, pack: Pack, program: Program, events: EventBuilder) -> None:
        self.pack = pack
        self.program = program
        self.events = events
        self.texts = OutcomeTexts(pack)
        self.inputs = [n for n, f in pack.facts.items() if f.derived is None]
        self.derived = {n for n, f in pack.facts.items() if f.derived is not None}
        self.sources: dict[str, frozenset[str]] = {}
        self.predicates: dict[Atom, Predicate] = {}
        for rule in (*program.rules, *program.addenda):
            self._index(rule.node)
        self.order = self._flowchart_order()
        self._memo: dict[Hashable, Analysis] = {}
        #: Date facts whose analysis depends on the call's own date and time: those
        #: with literal-date representatives or with tested parts (clock, weekday).
        self._dated_absolutely = {
            name
            for name in self.inputs
            if pack.facts[name].type in ("date", "datetime")
            and (
                any(
                    not isinstance(v, tuple)
                    for v in candidates(pack, name)
                    if v is not ABSENT
                )
                or any(
                    key != name and key not in self.derived and name in src
                    for key, src in self.sources.items()
                )
            )
        }

    def _index(self, node: Node) -> None:
        if isinstance(node, Atom):
            self.sources.setdefault(node.fact, self.texts.sources(node.fact))
            self.predicates.setdefault(node, compile_predicate(node))
            return
        for item in node.items:
            self._index(item)

    def _flowchart_order(self) -> dict[str, int]:
        """Facts in the order the rules first test them, then as declared; ``valg`` last."""
        seen: dict[str, None] = {}

        def walk(node: Node) -> None:
            if isinstance(node, Atom):
                seen.update(dict.fromkeys(sorted(self.sources[node.fact])))
            else:
                for item in node.items:
                    walk(item)

        for rule in (*self.program.rules, *self.program.addenda):
            walk(rule.node)
        seen.update(dict.fromkeys(self.inputs))
        names = [n for n in seen if n in self.inputs]
        return {name: i for i, name in enumerate([*names, VALG_FIELD])}

    def analyse(
        self,
        values: Mapping[str, Any],
        event: Mapping[str, Any],
        known: Iterable[str],
        fingerprint: Fingerprint | None = None,
    ) -> Analysis:
        """Analyse a call: the ``values`` and ``event`` of its present facts; ``known``: every fact asked.

        Without ``fingerprint`` only the deciding rule counts (what a fallback
        is missing); with it, whole decisions (rule, alternative, addenda, texts).
        """
        known_set = frozenset(known) | {"ordning", "modtaget"}
        residual = _Residual(self, values, event, known_set)
        rules = residual.rules()
        parts = [Part("rules", rules, residual.facts(n for _, n in rules))]
        choice = values.get(VALG_FIELD)
        if fingerprint is not None:
            parts[0].facts |= self._text_facts(rules, known_set, choice)
            parts += residual.addenda()
        received: dt.datetime = values["modtaget"]
        key = self._memo_key(parts, residual, received, choice, fingerprint is None)
        found = self._memo.get(key)
        if found is None:
            ctx = Completions(
                self.pack,
                self.events,
                self.texts,
                self.sources,
                self.predicates,
                values,
                received,
                choice,
                fingerprint,
            )
            found = self._run(ctx, parts)
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = found
        return found

    def _run(self, ctx: Completions, parts: list[Part]) -> Analysis:
        components = [Component(ctx, group, self.order) for group in _connected(parts)]
        total = math.prod(len(c.classes) for c in components)
        relevant = sorted(
            (f for c in components for f in c.relevant()), key=self.order.__getitem__
        )
        question = _next_question(components, relevant, self.order)
        return Analysis(tuple(relevant), components[0].possible, total, question)

    def _text_facts(
        self,
        rules: list[tuple[int | None, Node]],
        known: frozenset[str],
        choice: str | None,
    ) -> set[str]:
        """Unknown facts (and ``valg``) the texts of the reachable outcomes show."""
        facts: set[str] = set()
        for index, _ in rules:
            options = self.texts.choices(index)
            if options and VALG_FIELD not in known:
                facts.add(VALG_FIELD)
                for option in (None, *options):
                    facts |= self.texts.outcome_facts(index, option)
            else:
                picked = choice if choice in options else None
                facts |= self.texts.outcome_facts(index, picked)
        return {f for f in facts if f not in known}

    def _memo_key(
        self,
        parts: list[Part],
        residual: _Residual,
        received: dt.datetime,
        choice: str | None,
        rules_only: bool,
    ) -> Hashable:
        facts = sorted(set().union(*(p.facts for p in parts)))
        # Other date facts are represented by day offsets from the call's date,
        # which every test and every comparison of texts treats alike.
        dated = any(f in self._dated_absolutely for f in facts)
        return (
            rules_only,
            tuple((p.kind, tuple(p.nodes)) for p in parts),
            tuple(facts),
            residual.partly_known(),
            received if dated else None,
            choice,
        )


class _Residual:
    """The rules and addenda of a program with every test of known facts evaluated."""

    def __init__(
        self,
        relevance: Relevance,
        values: Mapping[str, Any],
        event: Mapping[str, Any],
        known: frozenset[str],
    ) -> None:
        self.r = relevance
        self.values = values
        self.event = event
        self.known = known
        self._partly: dict[str, Any] = {}

    def node(self, node: Node) -> Node:
        """Return ``node`` with the tests of known facts replaced by TRUE or FALSE."""
        if isinstance(node, Atom):
            sources = self.r.sources[node.fact]
            decided = sources <= self.known or (
                node.fact in self.r.derived
                and any(s in self.known and s not in self.values for s in sources)
            )
            if decided:
                return TRUE if self.r.predicates[node](self.event) else FALSE
            for source in sources & self.known - {"modtaget"}:
                self._partly[source] = self.values.get(source, ABSENT)
            return node
        # Short-circuit: most rules fail on their first test (the call type).
        stop, skip = (FALSE, TRUE) if isinstance(node, All) else (TRUE, FALSE)
        items = []
        for item in node.items:
            done = self.node(item)
            if done == stop:
                return stop
            if done != skip:
                items.append(done)
        if not items:
            return skip
        return all_of(*items) if isinstance(node, All) else any_of(*items)

    def rules(self) -> list[tuple[int | None, Node]]:
        """The rules that can still decide, in order, ending with one that surely matches."""
        found: list[tuple[int | None, Node]] = []
        for i, rule in enumerate(self.r.program.rules):
            node = self.node(rule.node)
            if node == FALSE:
                continue
            found.append((i, node))
            if node == TRUE:
                return found
        found.append((None, TRUE))
        return found

    def addenda(self) -> list[Part]:
        """One part per addendum that can still apply, with the facts it and its texts read."""
        parts = []
        for j, addendum in enumerate(self.r.program.addenda):
            node = self.node(addendum.node)
            if node == FALSE:
                continue
            shown = self.r.texts.addendum_facts(j) - self.known
            parts.append(Part(f"addendum:{j}", [(j, node)], self.facts([node]) | shown))
        return parts

    def facts(self, nodes: Iterable[Node]) -> set[str]:
        """The unknown input facts the residual ``nodes`` read."""
        found: set[str] = set()

        def walk(node: Node) -> None:
            if isinstance(node, Atom):
                found.update(self.r.sources[node.fact] - self.known)
            else:
                for item in node.items:
                    walk(item)

        for node in nodes:
            walk(node)
        return found

    def partly_known(self) -> tuple[tuple[str, Any], ...]:
        """Known values that residual tests combine with unknown facts (day counts)."""
        return tuple(sorted(self._partly.items(), key=lambda kv: kv[0]))


def _next_question(
    components: list[Component], relevant: list[str], order: Mapping[str, int]
) -> str | None:
    """The relevant fact whose worst answer leaves the fewest outcomes (ties: flowchart order).

    The flowchart's own questions (the component with the rules) come first,
    then those of cross-cutting addenda; the employee's choice at a grænseflade
    (``valg``) is always the last question.
    """
    for component in components:
        asked = [f for f in relevant if f in component.axis and f != VALG_FIELD]
        if asked:
            return min(asked, key=lambda f: (component.worst(f), order[f]))
    return VALG_FIELD if VALG_FIELD in relevant else None


def _connected(parts: list[Part]) -> list[list[Part]]:
    """Group parts that share an unknown fact; the group with the rules comes first."""
    groups: list[list[Part]] = []
    for part in parts:
        joined = [g for g in groups if any(part.facts & p.facts for p in g)]
        merged = [*(p for g in joined for p in g), part]
        groups = [g for g in groups if g not in joined] + [merged]
    groups.sort(key=lambda g: not any(p.kind == "rules" for p in g))
    return groups
