"""Engine.reload(): atomic swap, broken packs rejected, no growth, safe under load."""

from __future__ import annotations

import shutil
import threading

import pytest

import flowrules
from flowrules import PackError
from flowrules.engine.pack_versions import Generation
from tests.conftest import BASE_PACK, PACKS, RULES, executor_param, sample_calls

BASE = BASE_PACK
CALL = {
    "ordning": "dagpenge",
    "henvendelse": "afbud",
    "grund": "sygdom",
    "modtaget": "2017-03-07T10:30:00",
}
# Calls for the bundled packs, taken from their domains (no content hard-coded).
BUNDLED_CALLS = [c for p in PACKS for c in sample_calls(p, every=50, limit=5)]


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


@pytest.fixture
def folder(tmp_path):
    shutil.copy(BASE, tmp_path / "dagpenge.yaml")
    return tmp_path


@pytest.mark.parametrize("executor", ["native", "durable"])
def test_reload_swaps_in_the_new_pack(folder, executor):
    """After reload, decisions come from the edited pack."""
    engine = flowrules.Engine.from_path(folder, executor=executor_param(executor))
    assert engine.decide(CALL).action == "registrer_afbud"
    path = folder / "dagpenge.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "action: registrer_afbud", "action: noter_afbud"
        ),
        encoding="utf-8",
    )
    engine.reload()
    assert engine.decide(CALL).action == "noter_afbud"
    engine.close()


@pytest.mark.parametrize("executor", ["native", "durable"])
def test_broken_pack_is_rejected_and_the_old_packs_keep_serving(folder, executor):
    """A reload with a broken pack raises PackError with diagnostics; nothing changes."""
    engine = flowrules.Engine.from_path(folder, executor=executor_param(executor))
    before = engine.decide(CALL)
    path = folder / "dagpenge.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "wording: afbud_registreret", "wording: afbud_ukendt"
        ),
        encoding="utf-8",
    )
    with pytest.raises(PackError) as info:
        engine.reload()
    assert info.value.diagnostics[0].code == "PK05"
    assert engine.decide(CALL) == before
    engine.close()


def test_reload_needs_a_path_when_the_engine_had_none():
    """An engine built from Pack objects needs an explicit path to reload."""
    engine = flowrules.Engine(flowrules.Engine.from_path(BASE).packs, executor="native")
    with pytest.raises(ValueError, match="path"):
        engine.reload()
    engine.reload(BASE)
    assert engine.decide(CALL).rule_id == "dagpenge.afbud_gyldig_grund"


@pytest.mark.stress
@pytest.mark.parametrize("executor", ["native", "durable"])
def test_repeated_reloads_do_not_grow_memory(executor):
    """A hundred reloads of the bundled packs keep RSS within a few MB."""
    engine = flowrules.Engine.from_path(RULES, executor=executor_param(executor))
    for _ in range(10):
        engine.reload()
        decided = list(engine.decide_many(BUNDLED_CALLS))
    assert all(isinstance(d, flowrules.Decision) for d in decided)
    start = _rss_mb()
    for _ in range(100):
        engine.reload()
        list(engine.decide_many(BUNDLED_CALLS))
    assert _rss_mb() - start < 8
    engine.close()


@pytest.mark.stress
@pytest.mark.parametrize("executor", ["native", "durable"])
def test_reload_while_threads_decide(executor):
    """Reloading while 4 threads decide never fails a call and never mixes answers."""
    engine = flowrules.Engine.from_path(RULES, executor=executor_param(executor))
    expected = [engine.decide(c) for c in BUNDLED_CALLS]
    errors: list[object] = []
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            try:
                if [engine.decide(c) for c in BUNDLED_CALLS] != expected:
                    errors.append("mismatch")
            except Exception as exc:
                errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for _ in range(15):
        engine.reload()
    stop.set()
    for t in threads:
        t.join()
    engine.close()
    assert errors == []


@pytest.mark.parametrize("executor", ["native", "durable"])
def test_a_closed_engine_refuses_calls_until_it_is_reloaded(executor):
    """After close() decide raises EngineError with either executor; reload() revives it."""
    engine = flowrules.Engine.from_path(BASE, executor=executor_param(executor))
    before = engine.decide(CALL)
    engine.close()
    with pytest.raises(flowrules.EngineError, match="closed"):
        engine.decide(CALL)
    engine.reload()
    assert engine.decide(CALL) == before
    engine.close()


def test_a_call_that_meets_a_retired_generation_runs_on_the_new_one():
    """A call that read the generation just before a reload retired it moves on."""
    engine = flowrules.Engine.from_path(BASE, executor="native")
    old = engine._generation
    engine.reload()
    assert old.enter() is False  # retired: the call is not counted there
    assert old._running == []
    stale = engine._generation
    engine._generation = old
    entered: list[object] = []
    real_enter = old.enter

    def enter_then_swap() -> bool:
        # The reload lands between reading the generation and entering it.
        engine._generation = stale
        entered.append(old)
        return real_enter()

    def enter_new() -> bool:
        entered.append(stale)
        return Generation.enter(stale)

    old.enter = enter_then_swap  # type: ignore[method-assign]
    stale.enter = enter_new  # type: ignore[method-assign]
    assert engine.decide(CALL).rule_id == "dagpenge.afbud_gyldig_grund"
    assert entered == [old, stale]
    assert stale._running == []
    engine.close()
