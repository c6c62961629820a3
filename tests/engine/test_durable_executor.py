"""The durable-rules executor: contract with the C engine, threads, lifecycle."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from flowrules.engine.durable_ruleset import durable_ruleset
from flowrules.engine.program import Atom, CompiledRule, Program, all_of
from tests.conftest import ENGINE_PACK, requires_durable

pytestmark = requires_durable


def _program(
    *rules: tuple[str, object], addenda: tuple[tuple[str, object], ...] = ()
) -> Program:
    def compiled(items):
        return tuple(CompiledRule(name, node, ()) for name, node in items)

    return Program("p", "2026.1", compiled(rules), compiled(addenda))


def _executor(program: Program):
    from flowrules.engine.durable_executor import DurableExecutor

    return DurableExecutor(program)


def test_first_match_follows_rule_order():
    """With several matching rules, the earliest (lowest pri) decides."""
    program = _program(
        ("a", Atom("x", "eq", 1)),
        ("b", Atom("x", "gte", 0)),
        ("c", Atom("y", "exists")),
    )
    executor = _executor(program)
    try:
        assert executor.run({"kind": "call", "x": 1, "y": 1}).rule == 0
        assert executor.run({"kind": "call", "x": 5, "y": 1}).rule == 1
        assert executor.run({"kind": "call", "y": 1}).rule == 2
        assert executor.run({"kind": "call"}).rule is None
    finally:
        executor.close()


def test_types_are_not_coerced_by_the_compiled_form():
    """The string '1' does not match the integer 1 after validation built the event."""
    executor = _executor(_program(("a", Atom("x", "eq", "5"))))
    try:
        assert executor.run({"kind": "call", "x": "5"}).rule == 0
        assert executor.run({"kind": "call", "x": "6"}).rule is None
    finally:
        executor.close()


def test_all_matching_addenda_are_reported():
    """Addenda use all-matches: every matching one is returned, the fact is retracted."""
    program = _program(
        ("a", all_of()),
        addenda=(("s", Atom("s", "eq", True)), ("t", Atom("t", "eq", True))),
    )
    executor = _executor(program)
    try:
        for _ in range(3):  # the same fact again must not raise MessageObserved
            assert executor.run({"kind": "call", "s": True, "t": True}).addenda == (
                0,
                1,
            )
        assert executor.run({"kind": "call", "t": True}).addenda == (1,)
        assert executor.run({"kind": "call"}).addenda == ()
    finally:
        executor.close()


def test_ruleset_keeps_the_marker_first_and_pri_in_order():
    """Every compiled rule tests kind == call first; pri is the rule order; catch-all last."""
    spec = durable_ruleset(
        _program(("a", Atom("x", "eq", 1)), ("b", Atom("x", "eq", 2))).rules,
        catch_all=True,
    )
    assert [spec[k]["pri"] for k in ("r0", "r1", "fallback")] == [1, 2, 65535]
    assert spec["r0"]["all"][0]["m"]["$and"][0] == {"kind": "call"}


def test_close_after_unmatched_addenda_does_not_crash():
    """Regression: closing after an addenda call that matched nothing once killed the process."""
    code = """
import sys
import flowrules
e = flowrules.Engine.from_path(sys.argv[1], executor="durable")
d = e.decide({"ordning": "dagpenge", "henvendelse": "afmelding", "afmelding_aarsag": "efterloen",
              "afmelding_dato": "2017-04-03", "modtaget": "2017-03-06T10:30:00"})
assert d.addenda == [], d.addenda
e.close()
e2 = flowrules.Engine.from_path(sys.argv[1], executor="durable")
e2.close()
print("closed")
"""
    result = subprocess.run(
        [sys.executable, "-c", code, str(ENGINE_PACK)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip().endswith("closed")


@pytest.mark.stress
def test_threads_get_the_single_threaded_answers(own_durable_engine, own_engine):
    """8 threads deciding concurrently get exactly the answers of one thread."""
    calls = [
        {
            "ordning": "dagpenge",
            "henvendelse": "afbud",
            "grund": g,
            "modtaget": "2017-03-07T10:30:00",
        }
        for g in ("arbejde", "sygdom", "andet")
    ] + [
        {
            "ordning": "dagpenge",
            "henvendelse": "afmelding",
            "afmelding_aarsag": "efterloen",
            "afmelding_dato": f"2017-03-{d:02d}",
            "modtaget": "2017-03-06T10:30:00",
            "sociale_problemer": d % 2 == 0,
        }
        for d in range(6, 31)
    ]
    expected = [own_engine.decide(c) for c in calls]
    assert len({(d.rule_id, tuple(d.addenda)) for d in expected}) > 3
    failures: list[object] = []

    def work(offset: int) -> None:
        for i in range(400):
            k = (i + offset) % len(calls)
            if own_durable_engine.decide(calls[k]) != expected[k]:
                failures.append(k)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_unavailable_durable_is_an_engine_error(monkeypatch):
    """Asking for durable where it cannot import raises EngineError with the fix."""
    from flowrules import EngineError
    from flowrules.engine import durable_executor as _durable

    monkeypatch.setattr(_durable, "_dre", None)
    with pytest.raises(EngineError, match="native"):
        _durable.DurableExecutor(_program(("a", Atom("x", "eq", 1))))


def test_a_closed_engine_refuses_calls_instead_of_crashing():
    """After close(), a durable decide raises EngineError; closing twice is harmless."""
    import flowrules
    from flowrules import EngineError

    engine = flowrules.Engine.from_path(ENGINE_PACK, executor="durable")
    call = {
        "ordning": "dagpenge",
        "henvendelse": "afbud",
        "grund": "sygdom",
        "modtaget": "2017-03-07T10:30:00",
    }
    engine.decide(call)
    engine.close()
    engine.close()
    with pytest.raises(EngineError, match="closed"):
        engine.decide(call)
