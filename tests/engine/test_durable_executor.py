"""The durable-rules executor: contract with the C engine, threads, lifecycle."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time

import pytest

from flowrules import Engine, EngineError
from flowrules.engine.durable_ruleset import durable_ruleset
from flowrules.engine.program import Atom, CompiledRule, Program, all_of
from tests.conftest import ENGINE_PACK, TESTS, requires_durable
from tests.hostile_packs import write_hostile_pack

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


def test_durable_rules_imports_where_it_is_supported():
    """Below Python 3.13 durable-rules must import, so no durable test skips here (or in CI)."""
    from flowrules.engine import durable_executor

    if sys.version_info >= (3, 13):
        pytest.skip("durable-rules does not import on Python 3.13+ (documented)")
    assert durable_executor.available()


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


def _run_script(code: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter from the repository root, with a timeout."""
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=TESTS.parent,
        check=False,
    )


def test_a_pack_past_the_sibling_limit_is_refused_not_hung(tmp_path):
    """513 rules differing in their second test: an EngineError naming the rule, no hang."""
    path = write_hostile_pack(tmp_path, "siblings", 513)
    code = f"""
import flowrules
try:
    flowrules.Engine.from_path({str(path)!r}, executor="durable")
except flowrules.EngineError as exc:
    print("refused:", exc)
"""
    result = _run_script(code, timeout=60)
    assert "refused:" in result.stdout, result.stderr[-500:]
    assert "dagpenge.r511" in result.stdout
    assert "511" in result.stdout


def test_reload_to_a_hanging_pack_keeps_the_old_packs_serving(tmp_path):
    """reload() to a pack that would hang durable-rules raises; threads keep deciding."""
    path = write_hostile_pack(tmp_path, "siblings", 600)
    code = f"""
import threading, time, structlog, flowrules
structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(40))
engine = flowrules.Engine.from_path("tests/data/base_pack.yaml", executor="durable")
call = {{"ordning": "dagpenge", "henvendelse": "afbud", "grund": "sygdom",
         "modtaget": "2017-03-07T10:30:00"}}
done, stop = [], threading.Event()
def work():
    while not stop.is_set():
        done.append(engine.decide(call).rule_id)
threads = [threading.Thread(target=work) for _ in range(4)]
for t in threads: t.start()
try:
    engine.reload({str(path)!r})
except flowrules.EngineError as exc:
    print("refused")
before = len(done)
time.sleep(0.3)
stop.set()
for t in threads: t.join()
print("served", len(done) - before, set(done))
"""
    result = _run_script(code, timeout=60)
    lines = result.stdout.splitlines()
    assert lines[0] == "refused", result.stderr[-500:]
    served = lines[1].split(" ", 2)
    assert int(served[1]) > 0
    assert served[2] == "{'dagpenge.afbud_gyldig_grund'}"


def test_trial_build_stops_a_hanging_definition_at_its_timeout():
    """A ruleset that spins durable-rules forever is refused after the timeout, in time."""
    from flowrules.engine.durable_executor import trial_build

    spec = {
        f"r{i}": {"pri": i + 1, "all": [{"m": {"$and": [{"kind": "call"}, {"x": i}]}}]}
        for i in range(513)
    }
    started = time.monotonic()
    with pytest.raises(EngineError, match="did not finish"):
        trial_build([("hangs", json.dumps(spec))], timeout=3)
    assert time.monotonic() - started < 20


def test_trial_build_reports_a_definition_durable_refuses():
    """A definition the C engine rejects (error 102) is an EngineError with its reason."""
    from flowrules.engine.durable_executor import trial_build

    spec = {"r0": {"pri": 1, "all": [{"m": {"$lt": 5}}]}}
    with pytest.raises(EngineError, match=r"failed to build bad.*error code"):
        trial_build([("bad", json.dumps(spec))])


def test_an_executor_failure_on_one_call_is_an_error_for_that_call(
    tmp_path, monkeypatch
):
    """With the limit check bypassed, the calls durable fails on raise EngineError; others decide."""
    from flowrules.engine import durable_executor

    monkeypatch.setattr(durable_executor, "limit_problems", lambda program: [])
    engine = Engine.from_path(
        write_hostile_pack(tmp_path, "ranges", 70), executor="durable"
    )
    call = {
        "ordning": "dagpenge",
        "henvendelse": "afbud",
        "modtaget": "2017-03-07T10:30:00",
    }
    try:
        with pytest.raises(EngineError, match=r"error code: 303; too many tests hold"):
            engine.decide({**call, "afmelding_dato": "2016-12-01"})
        assert engine.decide({**call, "afmelding_dato": "2017-12-01"}).rule_id == (
            "dagpenge.afbud_anden_grund"
        )
        results = list(
            engine.decide_many([{**call, "afmelding_dato": "2016-12-01"}, call])
        )
        assert isinstance(results[0], EngineError)
        assert results[1].rule_id == "dagpenge.afbud_anden_grund"
    finally:
        engine.close()


FORK_SCRIPT = """
import os, signal, sys, threading, time, structlog, flowrules
structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(40))
sys.setswitchinterval(1e-6)
engine = flowrules.Engine.from_path("tests/data/base_pack.yaml", executor="durable")
call = {"ordning": "dagpenge", "henvendelse": "afbud", "grund": "sygdom",
        "modtaget": "2017-03-07T10:30:00"}
stop = threading.Event()
def work():
    while not stop.is_set():
        engine.decide(call)
threads = [threading.Thread(target=work) for _ in range(8)]
for t in threads: t.start()
stuck = wrong = 0
for _ in range(FORKS):
    time.sleep(0.002)
    pid = os.fork()
    if pid == 0:
        ok = engine.decide(call).rule_id == "dagpenge.afbud_gyldig_grund"
        os._exit(0 if ok else 1)
    deadline = time.monotonic() + 5
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            wrong += os.waitstatus_to_exitcode(status) != 0
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            stuck += 1
            break
        time.sleep(0.005)
stop.set()
for t in threads: t.join()
print("stuck", stuck, "wrong", wrong)
"""


def test_fork_while_threads_decide_gives_a_working_child():
    """fork() while 8 threads decide with durable: every child decides (no inherited lock)."""
    result = _run_script(FORK_SCRIPT.replace("FORKS", "20"), timeout=300)
    assert result.stdout.strip() == "stuck 0 wrong 0", result.stderr[-500:]
