"""The static model of durable-rules' C limits, checked against the C engine itself."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from flowrules.engine.durable_limits import (
    MAX_STACK,
    fnv1a_32,
    ruleset_problems,
)
from tests.conftest import requires_durable


def _ruleset(tests: list[dict[str, object]]) -> dict[str, object]:
    spec: dict[str, object] = {
        f"r{i}": {"pri": i + 1, "all": [{"m": {"$and": [{"kind": "call"}, t]}}]}
        for i, t in enumerate(tests)
    }
    spec["fallback"] = {"pri": 65535, "all": [{"m": {"kind": "call"}}]}
    return spec


SHAPES = {
    "siblings": (lambda n: [{"x": i} for i in range(n)], {"x": 0}),
    "ranges": (lambda n: [{"$lt": {"d": i + 1}} for i in range(n)], {"d": 0}),
    "oneof": (
        lambda n: [
            {"$and": [{"h": "a"}, {"$or": [{"g": "s"}, {"g": "t"}]}]} for _ in range(n)
        ],
        {"h": "a", "g": "s"},
    ),
    "endings": (lambda n: [{"$and": [{"h": "a"}]} for _ in range(n)], {"h": "a"}),
    "absent": (lambda n: [{"$nex": {f"f{i}": 1}} for i in range(n)], {"h": "a"}),
}

#: (shape, rule count, whether the model reports a limit).
BOUNDARIES = [
    ("siblings", 511, False),
    ("siblings", 512, True),
    ("siblings", 513, True),
    ("ranges", 64, False),
    ("ranges", 65, True),
    ("oneof", 64, False),
    ("oneof", 65, True),
    ("oneof", 129, True),
    ("endings", 255, False),
    ("endings", 257, True),
    ("absent", 64, False),
    ("absent", 65, True),
    ("absent", 129, True),
]

_POST = """
import json, sys, durable_rules_engine as dre
spec, event = json.loads(sys.stdin.read())
handle = dre.create_ruleset("limits", json.dumps(spec))
dre.assert_event(handle, json.dumps(dict(event, kind="call")))
print("ran")
"""


def _durable_fails(spec: object, event: object) -> bool:
    """Whether durable-rules fails, crashes or hangs building ``spec`` and posting ``event``."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", _POST],
            input=json.dumps([spec, event]),
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return True
    return result.returncode != 0 or result.stdout.strip() != "ran"


@pytest.mark.parametrize(
    ("shape", "count", "limited"),
    BOUNDARIES,
    ids=[f"{s}-{n}" for s, n, _ in BOUNDARIES],
)
def test_model_finds_each_limit_at_its_boundary(shape, count, limited):
    """Each known limit is reported exactly from its measured boundary on."""
    make, _ = SHAPES[shape]
    assert bool(ruleset_problems(_ruleset(make(count)))) is limited


@requires_durable
@pytest.mark.parametrize(
    ("shape", "count", "limited"),
    BOUNDARIES,
    ids=[f"{s}-{n}" for s, n, _ in BOUNDARIES],
)
def test_model_agrees_with_the_c_engine(shape, count, limited):
    """Where the model reports a limit, durable-rules fails, crashes or hangs; elsewhere it runs."""
    make, event = SHAPES[shape]
    assert _durable_fails(_ruleset(make(count)), event) is limited


def test_the_rule_that_reaches_a_limit_is_named():
    """The problem names the first rule past the limit and the field it tests."""
    (problem,) = ruleset_problems(_ruleset([{"x": i} for i in range(600)]))
    assert (problem.limit, problem.rule, problem.fact) == ("siblings", "r511", "x")
    assert "511" in problem.describe()


def test_tests_that_cannot_hold_together_are_not_counted_together():
    """Ranges on opposite sides (d < i, d > 100 + i) need at most one side at once."""
    tests = [{"$lt": {"d": i + 1}} for i in range(40)]
    tests += [{"$gt": {"d": 100 + i}} for i in range(40)]
    tests += [{"e": i} for i in range(300)]  # equality on one field: one at a time
    assert ruleset_problems(_ruleset(tests)) == []


def test_the_stack_bound_adds_up_along_a_path():
    """Tests true at once under a shared test add to those beside it."""
    tests = [{"$lt": {"d": i + 1}} for i in range(MAX_STACK - 10)]
    tests += [{"$and": [{"h": "a"}, {"$lt": {"e": i + 1}}]} for i in range(20)]
    (problem,) = ruleset_problems(_ruleset(tests))
    assert problem.limit == "stack"
    assert problem.count > MAX_STACK


def test_fields_with_one_hash_and_reserved_names_are_reported():
    """Two field names with one FNV-1a-32 hash, and the reserved 'sid', are problems."""
    assert fnv1a_32("f_loczw") == fnv1a_32("f_vfbpa")
    problems = ruleset_problems(_ruleset([{"f_loczw": 1}, {"f_vfbpa": 1}, {"sid": 2}]))
    assert sorted(p.fact for p in problems) == ["f_vfbpa", "sid"]


@requires_durable
def test_fields_with_one_hash_are_one_field_to_the_c_engine():
    """durable-rules matches a test of f_loczw on an event that only has f_vfbpa."""
    code = """
import json, durable_rules_engine as dre
spec = {"r0": {"pri": 1, "all": [{"m": {"$and": [{"kind": "call"}, {"f_loczw": 1}]}}]}}
handle = dre.create_ruleset("hash", json.dumps(spec))
print(dre.assert_event(handle, json.dumps({"kind": "call", "f_vfbpa": 1}))[0])
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30
    )
    assert result.stdout.strip() == "0"  # 0: matched (1 would be: not handled)


def test_long_condition_chains_do_not_exhaust_recursion():
    """A rule with 5,000 tests in a chain is modelled without a RecursionError."""
    chain = {"$and": [{f"f{i}": 1} for i in range(5000)]}
    assert [p.limit for p in ruleset_problems(_ruleset([chain]))] == []
