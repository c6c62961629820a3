"""The two executors agree over each pack's whole finite input domain."""

from __future__ import annotations

import pytest

from flowrules.analysis.input_domain import domain_size, enumerate_calls
from flowrules.engine.call_schema import call_model
from flowrules.engine.call_validation import check_shape, validate_call
from flowrules.engine.compiler import compile_pack
from flowrules.engine.event import build_event
from flowrules.engine.native_executor import NativeExecutor
from flowrules.pack.load import load_pack
from tests.conftest import ENGINE_PACK, PACK_IDS, PACKS, requires_durable

DOMAIN_PACKS = [load_pack(ENGINE_PACK), *PACKS]
DOMAIN_IDS = ["engine_pack", *(f"bundled-{i}" for i in PACK_IDS)]

LIMIT = 400_000


@pytest.mark.parametrize("pack", DOMAIN_PACKS, ids=DOMAIN_IDS)
def test_domain_is_enumerated_exhaustively(pack):
    """The enumeration covers the whole domain within the limit (no silent truncation)."""
    assert domain_size(pack) <= LIMIT
    assert sum(1 for _ in enumerate_calls(pack, limit=LIMIT)) == domain_size(pack)


@pytest.mark.parametrize("pack", DOMAIN_PACKS, ids=DOMAIN_IDS)
def test_domain_calls_are_valid_calls(pack):
    """Every enumerated call passes the pack's own call validation."""
    model = call_model(pack)
    for call in enumerate_calls(pack, limit=2_000):
        validate_call(model, pack, check_shape(call))


@requires_durable
@pytest.mark.parametrize("pack", DOMAIN_PACKS, ids=DOMAIN_IDS)
def test_executors_agree_on_the_whole_domain(pack):
    """durable-rules and the native evaluator pick the same rule and addenda everywhere."""
    from flowrules.engine.durable_executor import DurableExecutor

    program = compile_pack(pack)
    native, durable = NativeExecutor(program), DurableExecutor(program)
    model = call_model(pack)
    mismatches = []
    rules_hit = set()
    try:
        for call in enumerate_calls(pack, limit=LIMIT):
            event = build_event(pack, validate_call(model, pack, check_shape(call)))
            expected, actual = native.run(event), durable.run(event)
            rules_hit.add(expected.rule)
            if expected != actual:
                mismatches.append((call, expected, actual))
    finally:
        durable.close()
    assert mismatches[:5] == []
    assert len(rules_hit) > 1


@requires_durable
@pytest.mark.parametrize("pack", PACKS, ids=PACK_IDS)
def test_engines_give_identical_decisions_on_a_domain_sample(
    pack, native_engine, durable_engine
):
    """Whole decisions (texts, steps, sources) are identical for a sample of the domain."""
    for i, call in enumerate(enumerate_calls(pack, limit=LIMIT)):
        if i % 97 == 0:
            assert durable_engine.decide(call) == native_engine.decide(call), call


@requires_durable
@pytest.mark.parametrize("pack", PACKS, ids=PACK_IDS)
def test_engines_agree_on_every_routed_call_of_the_domain(
    pack, native_engine, durable_engine
):
    """Every domain call a hand-off rule routes gets identical decisions from both engines."""
    from flowrules.pack.schema import HandOff

    program = compile_pack(pack)
    native = NativeExecutor(program)
    model = call_model(pack)
    routed = 0
    for call in enumerate_calls(pack, limit=LIMIT):
        event = build_event(pack, validate_call(model, pack, check_shape(call)))
        match = native.run(event)
        if match.rule is None or not isinstance(pack.rules[match.rule].then, HandOff):
            continue
        routed += 1
        decision = native_engine.decide(call)
        assert decision.routed_from, call
        assert durable_engine.decide(call) == decision, call
    has_handoffs = any(isinstance(r.then, HandOff) for r in pack.rules)
    assert (routed > 0) == has_handoffs


def test_engines_give_identical_decisions_on_the_own_pack(
    own_engine, own_durable_engine
):
    """Whole decisions agree on every call of the engine test pack, addenda included."""
    pack = DOMAIN_PACKS[0]
    rules = set()
    for call in enumerate_calls(pack, limit=LIMIT):
        for extra in ({}, {"sociale_problemer": True, "behov_for_tolk": True}):
            native = own_engine.decide({**call, **extra})
            assert own_durable_engine.decide({**call, **extra}) == native, call
            rules.add(native.rule_id)
    assert len(rules) == len(pack.rules) + 1
