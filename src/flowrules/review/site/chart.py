"""The flowchart of one call type, drawn from the pack data (no Graphviz here).

For a call type (a value of ``henvendelse``) the chart starts at the call, asks
the questions that the call type's rules ask, in first-match order, and ends
in outcomes drawn by kind (straksafklaring, henvisning, omstilling with its
unit, grænseflade, hand-off, fallback). It is built generically from the rules:

* the rules that can apply to the call type are kept, their ``henvendelse``
  conditions removed (a ``when_any`` group that names another call type is
  dropped; one remaining group joins the rule's conditions);
* the first condition of the first remaining rule becomes a question. For an
  enumerated or yes/no fact, every front rule that tests the same fact first
  shares the question, and each set of answers that leads to the same rules
  is one edge (``ellers`` for the answers no such rule takes); any other
  condition is a ja/nej question;
* identical sub-charts are drawn once, so "ellers" branches meet again.

The chart follows first-match semantics: a ``ja`` branch still continues to
the later rules, because they may match where the stripped rule does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flowrules.pack.schema import Conditions, Pack, Rule, Test
from flowrules.review.site.labels import SiteLabels
from flowrules.review.site.questions import ABSENT, Questions

#: A condition: the fact (or ``"*any*"`` for a when_any with several groups) and its test.
Cond = tuple[str, Any]
ANY_OF = "*any*"


@dataclass(frozen=True)
class Node:
    """A box of the chart: the start, a question or an outcome."""

    id: str
    kind: str
    label: str
    rule: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class Edge:
    """An arrow from one box to another, with the answer it stands for."""

    source: str
    target: str
    label: str = ""


@dataclass
class Chart:
    """The flowchart of one call type of one pack."""

    pack: str
    call_type: str
    title: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    #: The rules that can decide this call type, in order.
    rules: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Candidate:
    index: int
    conds: tuple[Cond, ...]


def call_types(pack: Pack) -> list[str]:
    """Return the pack's call types (the values of its ``henvendelse`` fact), in order."""
    fact = pack.facts.get("henvendelse")
    return list(fact.values) if fact is not None else []


def _admits(test: Any, value: object) -> bool:
    """Whether an enum test admits ``value`` (``ABSENT`` for a fact not given)."""
    if not isinstance(test, Test):
        return value is not ABSENT and value == test
    ok = True
    for op, operand in test.operators():
        if op == "eq":
            ok &= value is not ABSENT and value == operand
        elif op == "ne":
            ok &= value is ABSENT or value != operand
        elif op == "one_of":
            ok &= isinstance(operand, tuple) and value in operand
        elif op == "not_one_of":
            ok &= not isinstance(operand, tuple) or value not in operand
        elif op == "exists":
            ok &= (value is not ABSENT) == operand
    return ok


def _conds_for(when: Conditions, call_type: str) -> tuple[Cond, ...] | None:
    """The conditions other than henvendelse, or ``None`` if they exclude the call type."""
    test = when.get("henvendelse")
    if test is not None and not _admits(test, call_type):
        return None
    return tuple((k, v) for k, v in when.items() if k != "henvendelse")


def applicable(pack: Pack, rule: Rule, call_type: str) -> tuple[Cond, ...] | None:
    """Return a rule's conditions for one call type, or ``None`` if it cannot apply."""
    conds = _conds_for(rule.when, call_type)
    if conds is None or not rule.when_any:
        return conds
    groups = [
        g for g in (_conds_for(w, call_type) for w in rule.when_any) if g is not None
    ]
    if not groups:
        return None
    if any(not g for g in groups):
        return conds
    if len(groups) == 1:
        return conds + groups[0]
    return (*conds, (ANY_OF, tuple(groups)))


class _Builder:
    def __init__(self, pack: Pack, questions: Questions, labels: SiteLabels) -> None:
        self.pack, self.questions, self.labels = pack, questions, labels
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self._memo: dict[tuple[tuple[int, tuple[Cond, ...]], ...], str] = {}
        self._conds_ids: dict[str, int] = {}

    def build(self, candidates: Sequence[_Candidate]) -> str:
        key = tuple((c.index, c.conds) for c in candidates)
        try:
            return self._memo[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable operand: build without sharing
            key = ()
        node = self._build(list(candidates))
        if key:
            self._memo[key] = node
        return node

    def _build(self, candidates: list[_Candidate]) -> str:
        if not candidates:
            return self._outcome(None)
        first = candidates[0]
        if not first.conds:
            return self._outcome(first.index)
        fact, test = first.conds[0]
        if self.questions.is_choice(fact, test):
            return self._choice(fact, candidates)
        return self._yes_no(fact, test, candidates)

    def _yes_no(self, fact: str, test: Any, candidates: list[_Candidate]) -> str:
        group: list[_Candidate] = []
        while len(group) < len(candidates) and candidates[len(group)].conds[:1] == (
            (fact, test),
        ):
            group.append(candidates[len(group)])
        rest = candidates[len(group) :]
        node = self._node("question", self.questions.yes_no(fact, test))
        stripped = [_Candidate(c.index, c.conds[1:]) for c in group]
        self._edge(node, self.build(stripped + rest), self.labels.answer("yes"))
        self._edge(node, self.build(rest), self.labels.answer("no"))
        return node

    def _choice(self, fact: str, candidates: list[_Candidate]) -> str:
        group: list[_Candidate] = []
        while len(group) < len(candidates):
            conds = candidates[len(group)].conds
            if (
                not conds
                or conds[0][0] != fact
                or not self.questions.is_choice(*conds[0])
            ):
                break
            group.append(candidates[len(group)])
        rest = candidates[len(group) :]
        branches: dict[tuple[int, ...], list[object]] = {}
        for value in self.questions.answers(fact):
            admitted = tuple(
                i for i, c in enumerate(group) if _admits(c.conds[0][1], value)
            )
            branches.setdefault(admitted, []).append(value)
        node = self._node("question", self.questions.ask(fact))
        for admitted, values in branches.items():
            if not admitted:
                continue
            chosen = [_Candidate(group[i].index, group[i].conds[1:]) for i in admitted]
            self._edge(
                node,
                self.build(chosen + rest),
                self.questions.answer_text(fact, values),
            )
        if () in branches:
            self._edge(node, self.build(rest), self.labels.answer("otherwise"))
        return node

    def _outcome(self, index: int | None) -> str:
        owner = self.pack.fallback if index is None else self.pack.rules[index]
        node_id = "fallback" if index is None else f"r{index}"
        if node_id not in self.nodes:
            kind, detail = self.labels.outcome_kind(owner.then, fallback=index is None)
            rule = "fallback" if index is None else self.pack.rules[index].id
            self.nodes[node_id] = Node(node_id, kind, owner.title, rule, detail)
        return node_id

    def _node(self, kind: str, label: str) -> str:
        node_id = f"q{len(self.nodes)}"
        self.nodes[node_id] = Node(node_id, kind, label)
        return node_id

    def _edge(self, source: str, target: str, label: str) -> None:
        self.edges.append(Edge(source, target, label))


def call_type_chart(pack: Pack, call_type: str, labels: SiteLabels) -> Chart:
    """Return the flowchart of one call type: start, its questions, its outcomes."""
    questions = Questions(pack, labels)
    candidates = []
    for i, rule in enumerate(pack.rules):
        conds = applicable(pack, rule, call_type)
        if conds is not None:
            candidates.append(_Candidate(i, conds))
    builder = _Builder(pack, questions, labels)
    top = builder.build(candidates)
    title = questions.value_label("henvendelse", call_type)
    start = Node("start", "start", f"{labels.answer('start')} {title}")
    chart = Chart(pack.pack, call_type, title, [start], [Edge("start", top)])
    chart.nodes += builder.nodes.values()
    chart.edges += builder.edges
    chart.rules = [pack.rules[c.index].id for c in candidates]
    return chart
