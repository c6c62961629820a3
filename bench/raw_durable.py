"""Raw durable-rules calls: the bare C engine on flowrules' compiled rulesets.

:class:`RawDurable` is the same-job durable baseline: :mod:`floor`'s validation,
event and record, with these functions choosing the rule and the addenda. Each drives
``durable_rules_engine`` directly, as the durable executor does: one ruleset
per program, ``assert_event`` + ``start_action_for_state`` for the first
match (the catch-all stands for the fallback), ``assert_fact`` + drain +
``retract_fact`` for every matching addendum. The rulesets are exactly the
durable executor's (``flowrules.engine.durable_ruleset.durable_json``); the functions take
the event JSON and return rule *names* (``"r3"``, ``"fallback"``), read from
the action result without parsing it, as the durable executor does.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable
from typing import Any

import durable_rules_engine as dre
from floor import ADDENDA, PACKS, prepare, record

from flowrules.engine.compiler import compile_pack
from flowrules.engine.durable_ruleset import durable_json
from flowrules.engine.program import MARKER_FIELD, MARKER_VALUE, Program

_raw_names = itertools.count(1)


def _name(result: str) -> str:
    """The rule name in an action result ``{"r2":{"m":{...}}}``, read without parsing it."""
    return result[2 : result.index('"', 2)]


def raw_first(program: Program) -> Callable[[str], str | None]:
    """Return a first-match function on ``program``'s rules in the bare C engine.

    The ruleset is exactly the durable executor's
    (``durable_json(program.rules, catch_all=True)``); the function takes the
    event JSON and returns the name of the rule that fired.
    """
    handle = dre.create_ruleset(
        f"bench_raw_{program.pack}_{next(_raw_names)}",
        durable_json(program.rules, catch_all=True),
    )

    def first(
        text: str,
        _h: Any = handle,
        _assert: Any = dre.assert_event,
        _start: Any = dre.start_action_for_state,
        _complete: Any = dre.complete_and_start_action,
    ) -> str | None:
        code, offset = _assert(_h, text)
        if code == 1:
            return None
        fired = _name(_start(_h, offset)[1])
        while _complete(_h, offset):
            pass
        return fired

    return first


def raw_every(program: Program) -> Callable[[str], list[str]]:
    """Return an all-matches function on ``program``'s addenda in the bare C engine."""
    handle = dre.create_ruleset(
        f"bench_raw_{program.pack}_addenda_{next(_raw_names)}",
        durable_json(program.addenda, catch_all=False),
    )

    def every(
        text: str,
        _h: Any = handle,
        _assert: Any = dre.assert_fact,
        _start: Any = dre.start_action_for_state,
        _complete: Any = dre.complete_and_start_action,
        _retract: Any = dre.retract_fact,
    ) -> list[str]:
        fired: list[str] = []
        code, offset = _assert(_h, text)
        if code == 1:
            return fired
        result = _start(_h, offset)
        if result is not None:
            fired.append(_name(result[1]))
            while nxt := _complete(_h, offset):
                fired.append(_name(nxt))
        _retract(_h, text)
        return fired

    return every


class RawDurable:
    """:func:`floor.decide` with the bare durable-rules engine choosing rule and addenda.

    The validation, event and record are :mod:`floor`'s; the event goes as JSON to
    the durable executor's own two rulesets (compiled once, here, by flowrules),
    driven by :func:`raw_first` and :func:`raw_every`. As the durable executor does,
    the addenda ruleset is asked only when the event holds a fact an addendum tests.
    """

    def __init__(self, packs: Iterable[Any]) -> None:
        self.engines = {}
        for pack in packs:
            if pack.pack in PACKS:
                program = compile_pack(pack)
                names = [r.id.removeprefix(f"{pack.pack}.") for r in program.rules]
                self.engines[pack.pack] = (
                    raw_first(program),
                    raw_every(program),
                    names,
                )

    def decide(self, call: Any) -> dict[str, Any]:
        """Decide ``call``; return the record as a dict (``ValueError`` if invalid)."""
        p, e, rec = prepare(call)
        first, every, names = self.engines[p.pack]
        e[MARKER_FIELD] = MARKER_VALUE
        text = json.dumps(e)
        fired = first(text)
        rule = "fallback" if fired == "fallback" else names[int(str(fired)[1:])]
        adds = []
        if any(fact in e for _, fact in ADDENDA):
            adds = [p.addenda[i] for i in sorted(int(n[1:]) for n in every(text))]
        return record(p.outcome(rule, rec), adds, e, rec)
