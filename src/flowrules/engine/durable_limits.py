"""Know durable-rules' C limits statically: model the network it would build.

durable-rules 2.0.28 builds a Rete alpha network from a JSON ruleset. Its
tables have fixed sizes, and overflowing some of them does not raise: 513
tests hanging off one node make ``create_ruleset`` spin forever holding the
GIL, 256 rules ending on one node crash the first post, more than 64 tests
that can hold at once make posts fail with error 303 (measured in
``reference/durable-rules-notes.md``, sections 5 and 8; the C source is
``src/rules/rete.c`` and ``events.c``). This module builds the same network
in Python, from the same JSON, without importing durable-rules, and reports
each limit a ruleset would reach, naming the rule that reaches it:

* ``rules``: at most :data:`MAX_ACTIONS` rules per ruleset (error 106);
* ``siblings``: at most :data:`MAX_HASHSET` tests hanging off one node
  (``NEXT_BUCKET_LENGTH`` 512: 512 breaks every post, 513 hangs);
* ``joins``: at most :data:`MAX_NEXT_LIST` ``$or`` joins and absence tests
  hanging off one node (``NEXT_LIST_LENGTH`` 128, error 107 above it);
* ``endings``: at most :data:`MAX_BETA_LIST` rules ending on one node
  (``BETA_LIST_LENGTH`` 256: 256 segfaults, 257 is error 108);
* ``stack``: at most :data:`MAX_STACK` tests pending at once while one event
  is evaluated (``MAX_STACK_SIZE`` 64 in ``handleAlpha``, error 303);
* ``fields``: no two field names with the same FNV-1a-32 hash (the engine
  tells fields apart by hash only), and none of its reserved names.

The stack bound is conservative: tests on one field are counted as true at
once where some value makes them so; ``$or`` joins and absence tests always.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

#: Rules per ruleset (``MAX_ACTIONS`` in rete.c; 4,097 is error 106).
MAX_ACTIONS: Final = 4096
#: Tests on one node (``NEXT_BUCKET_LENGTH`` 512 in rules.h, probed linearly).
MAX_HASHSET: Final = 511
#: ``$or`` joins and absence tests on one node (``NEXT_LIST_LENGTH`` 128).
MAX_NEXT_LIST: Final = 127
#: Rules ending on one node (``BETA_LIST_LENGTH`` 256).
MAX_BETA_LIST: Final = 255
#: Tests pending at once during one evaluation (``MAX_STACK_SIZE`` 64).
MAX_STACK: Final = 64
#: Field names the engine reserves in every event.
RESERVED_FIELDS: Final = frozenset({"sid", "id", "$s"})

_COMPARISON_OPS: Final = ("$lt", "$lte", "$gt", "$gte", "$neq")
_FORWARD: Final = ("$forward",)


@dataclass(frozen=True)
class LimitProblem:
    """One limit of durable-rules a ruleset reaches.

    Attributes:
        limit: Which limit: ``rules``, ``siblings``, ``joins``, ``endings``,
            ``stack`` or ``fields``.
        rule: The name of the rule in the ruleset that reaches it (``r12``).
        count: How many the ruleset needs where the limit is ``maximum``.
        maximum: The most durable-rules handles.
        fact: The field involved, when one is.
    """

    limit: str
    rule: str
    count: int
    maximum: int
    fact: str | None = None

    def describe(self) -> str:
        """Return the problem as English words for an error message."""
        about = f" on field {self.fact!r}" if self.fact else ""
        return (
            f"{self.count} {_WHAT[self.limit]}{about} "
            f"(durable-rules handles at most {self.maximum})"
        )


_WHAT: Final = {
    "rules": "rules in one ruleset",
    "siblings": "different tests after the same preceding tests",
    "joins": "alternatives (one_of, when_any, negations) ending on the same test",
    "endings": "rules ending on the same tests",
    "stack": "tests that can hold at the same time",
    "fields": "field names the engine cannot tell apart",
}


@dataclass(eq=False)
class _Alpha:
    """One alpha node as rete.c builds it, with the rule that created each link."""

    key: tuple[Any, ...]
    tests: dict[tuple[Any, ...], _Alpha] = field(default_factory=dict)
    joins: list[_Alpha] = field(default_factory=list)
    endings: list[str] = field(default_factory=list)
    creator: str = ""


class _Network:
    """The alpha network of one ruleset, built the way ``createAlpha`` does."""

    def __init__(self) -> None:
        self.root = _Alpha(("$root",))
        self.problems: dict[tuple[str, int], LimitProblem] = {}

    def add_rule(self, name: str, expression: Mapping[str, Any]) -> None:
        end = self._create(expression, self.root, name)
        end.endings.append(name)
        if len(end.endings) == MAX_BETA_LIST + 1:
            self._report("endings", end, name, MAX_BETA_LIST, _field(end))

    def _create(self, expr: Mapping[str, Any], parent: _Alpha, rule: str) -> _Alpha:
        ((key, value),) = expr.items()
        if key == "$and":
            node = parent
            for item in value:
                node = self._create(item, node, rule)
            return node
        if key == "$or":
            # rete.c: a fresh "forward" node joins the branches; it hangs off
            # the last node of every branch, never off the parent.
            join = _Alpha(_FORWARD, creator=rule)
            for item in value:
                self._link_join(self._create(item, parent, rule), join, rule)
            return join
        if key == "$nex":
            ((fact, _),) = value.items()
            return self._find(parent, ("$nex", fact, None), rule, join=True)
        if key in (*_COMPARISON_OPS, "$ex"):
            ((fact, operand),) = value.items()
            operand = None if key == "$ex" else operand
            return self._find(parent, (key, fact, _typed(operand)), rule, join=False)
        return self._find(parent, ("$eq", key, _typed(value)), rule, join=False)

    def _find(
        self, parent: _Alpha, key: tuple[Any, ...], rule: str, *, join: bool
    ) -> _Alpha:
        if join:
            for node in parent.joins:
                if node.key == key:
                    return node
            node = _Alpha(key, creator=rule)
            self._link_join(parent, node, rule)
            return node
        found = parent.tests.get(key)
        if found is None:
            found = parent.tests[key] = _Alpha(key, creator=rule)
            if len(parent.tests) == MAX_HASHSET + 1:
                self._report("siblings", parent, rule, MAX_HASHSET, key[1])
        return found

    def _link_join(self, parent: _Alpha, node: _Alpha, rule: str) -> None:
        parent.joins.append(node)
        if len(parent.joins) == MAX_NEXT_LIST + 1:
            self._report("joins", parent, rule, MAX_NEXT_LIST, _field(parent))

    def _report(
        self, limit: str, node: _Alpha, rule: str, maximum: int, fact: str | None
    ) -> None:
        """Record the first rule that takes ``node`` past ``maximum``."""
        self.problems[(limit, id(node))] = LimitProblem(
            limit, rule, maximum + 1, maximum, fact
        )


def _field(node: _Alpha) -> str | None:
    """The field a node tests (``None`` for the root and ``$or`` joins)."""
    return node.key[1] if len(node.key) > 1 else None


def _typed(value: object) -> tuple[str, object]:
    """A value with its JSON type: rete.c compares ``1`` and ``true`` as different."""
    return (type(value).__name__, value)


def ruleset_problems(spec: Mapping[str, Any]) -> list[LimitProblem]:
    """Return every durable-rules limit that the ruleset ``spec`` reaches.

    ``spec`` is a ruleset as :func:`~flowrules.engine.durable_ruleset.durable_ruleset`
    makes it: ``{name: {"pri": n, "all": [{"m": expression}]}}``. Rules are
    added in priority order, as durable-rules orders its actions.

    Returns:
        The problems, at most one per limit and node, in the order found.
    """
    network = _Network()
    names = sorted(spec, key=lambda n: (spec[n].get("pri", 0), n))
    for name in names:
        network.add_rule(name, spec[name]["all"][0]["m"])
    problems = list({(p.limit, p.rule): p for p in network.problems.values()}.values())
    if len(names) > MAX_ACTIONS:
        problems.insert(
            0, LimitProblem("rules", names[MAX_ACTIONS], len(names), MAX_ACTIONS)
        )
    problems.extend(_stack_problems(network.root))
    facts = _facts(spec[name] for name in names)
    problems.extend(field_problems(facts, rule=names[0] if names else ""))
    return problems


def _facts(rules: Iterable[Mapping[str, Any]]) -> set[str]:
    facts: set[str] = set()

    def walk(expr: Mapping[str, Any]) -> None:
        for key, value in expr.items():
            if key in ("$and", "$or"):
                for item in value:
                    walk(item)
            elif key.startswith("$"):
                facts.update(value)
            else:
                facts.add(key)

    for rule in rules:
        walk(rule["all"][0]["m"])
    return facts


def field_problems(names: Iterable[str], *, rule: str = "") -> list[LimitProblem]:
    """Return a problem for reserved field names and for names sharing a hash.

    durable-rules finds an event's fields by their FNV-1a-32 hash alone, so
    two names with one hash are one field to it.
    """
    seen: dict[int, str] = {}
    problems = []
    for name in sorted(names):
        digest = fnv1a_32(name)
        if name in RESERVED_FIELDS or digest in seen:
            problems.append(LimitProblem("fields", rule, 2, 1, name))
        seen.setdefault(digest, name)
    return problems


def fnv1a_32(name: str) -> int:
    """Return the FNV-1a-32 hash durable-rules computes for a field name.

    rete.c hashes the bytes as signed ``char`` (sign-extended above 0x7F).

    Examples:
        >>> hex(fnv1a_32("kind"))
        '0xa9cc2a4d'
    """
    digest = 0x811C9DC5
    for byte in name.encode("utf-8"):
        signed = byte - 256 if byte > 0x7F else byte
        digest = ((digest ^ (signed & 0xFFFFFFFF)) * 0x01000193) & 0xFFFFFFFF
    return digest


def _at_once(tests: Iterable[tuple[Any, ...]]) -> int:
    """The most tests of one node's children that one event can make true.

    Per field: the largest number of its tests one value satisfies (tried at
    each operand and between operands); the fields' counts add up.
    """
    by_fact: dict[str, list[tuple[str, tuple[str, object]]]] = {}
    for op, fact, operand in tests:
        by_fact.setdefault(fact, []).append((op, operand))
    return sum(_most_true(items) for items in by_fact.values())


def _most_true(items: list[tuple[str, tuple[str, object]]]) -> int:
    """The most of one field's tests that one value of it satisfies.

    A sweep over the positions a value can take relative to the sorted
    operands: below them all (0), at operand ``j`` (``2j+1``), just above it
    (``2j+2``); each test holds on one range of positions (``$neq``: all
    but one).
    """
    operands = {o for op, o in items if op != "$ex"}
    if len({kind for kind, _ in operands}) > 1:
        return len(items)  # mixed types: count every test (conservative)
    index = {o: j for j, o in enumerate(sorted(operands, key=lambda o: o[1]))}  # type: ignore[arg-type,return-value]  # one comparable type, checked above
    last = 2 * len(index)
    delta = [0] * (last + 2)
    for op, operand in items:
        at = 2 * index[operand] + 1 if op != "$ex" else 0
        low, high = {
            "$ex": (0, last),
            "$neq": (0, last),
            "$eq": (at, at),
            "$lt": (0, at - 1),
            "$lte": (0, at),
            "$gt": (at + 1, last),
            "$gte": (at, last),
        }[op]
        delta[low] += 1
        delta[high + 1] -= 1
        if op == "$neq":
            delta[at] -= 1
            delta[at + 1] += 1
    return max(itertools.accumulate(delta[: last + 1]))


def _stack_problems(root: _Alpha) -> list[LimitProblem]:
    """The ``stack`` limit: the most tests pending at once, bounded from above.

    When a node is taken off the stack, every child that can hold is pushed
    (``handleAlpha``); the deepest need is, along some path, the sum of
    (children at once - 1) plus one.
    """
    need: dict[int, int] = {}
    order: list[_Alpha] = []
    stack: list[tuple[_Alpha, bool]] = [(root, False)]
    while stack:  # iterative post-order: chains can be longer than Python's recursion
        node, done = stack.pop()
        if id(node) in need:
            continue
        children = [*node.tests.values(), *node.joins]
        if done or not children:
            at_once = len(node.joins) + _at_once(node.tests)
            deepest = max((need[id(c)] for c in children), default=1)
            need[id(node)] = max(1, at_once - 1 + deepest) if at_once else 1
            order.append(node)
            continue
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in need)
    if need[id(root)] <= MAX_STACK:
        return []
    worst = max(order, key=lambda n: len(n.joins) + _at_once(n.tests))
    rule, fact = _blame(worst, need[id(root)] - MAX_STACK)
    return [LimitProblem("stack", rule, need[id(root)], MAX_STACK, fact)]


def _blame(node: _Alpha, excess: int) -> tuple[str, str | None]:
    """The rule whose test on ``node`` first takes the need ``excess`` past the limit.

    Children are taken in rule order; the first prefix that needs more than
    the children at once minus ``excess`` ends with the culprit.
    """
    children = sorted(
        [
            *((key, child, False) for key, child in node.tests.items()),
            *((join.key, join, True) for join in node.joins),
        ],
        key=lambda item: _rule_order(item[1].creator),
    )

    def at_once(count: int) -> int:
        prefix = children[:count]
        tests = [key for key, _, is_join in prefix if not is_join]
        return len(prefix) - len(tests) + _at_once(tests)

    allowed = at_once(len(children)) - excess
    low, high = 1, len(children)
    while low < high:  # the shortest prefix that needs more than allowed
        middle = (low + high) // 2
        if at_once(middle) > allowed:
            high = middle
        else:
            low = middle + 1
    return children[low - 1][1].creator, _busiest_field(node)


def _busiest_field(node: _Alpha) -> str | None:
    """The field with the most tests true at once below ``node`` (its own for joins)."""
    by_fact: dict[str, list[tuple[str, str, tuple[str, object]]]] = {}
    for key in node.tests:
        by_fact.setdefault(key[1], []).append(key)
    counts = {fact: _at_once(keys) for fact, keys in by_fact.items()}
    if not counts or len(node.joins) >= max(counts.values()):
        return _field(node)
    return max(counts, key=lambda fact: counts[fact])


def _rule_order(name: str) -> tuple[int, str]:
    digits = "".join(itertools.takewhile(str.isdigit, name[1:]))
    return (int(digits) if digits else 1 << 30, name)
