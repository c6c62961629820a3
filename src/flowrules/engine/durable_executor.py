"""The durable-rules executor: the only module that imports durable-rules.

It follows the safe use measured in ``reference/durable-rules-notes.md``:

* rules are JSON rulesets built from data (never the ``durable.lang`` DSL);
* every rule tests the marker ``kind == "call"`` first; ``pri`` is the rule
  order, and a catch-all at ``pri`` 65535 stands for the fallback;
* the C extension is driven directly (``assert_event`` /
  ``start_action_for_state``), never through ``Host.post``, whose timer
  threads steal results; no Python actions run inside the engine, the
  decision is the *name* of the fired rule;
* one fixed session per ruleset, every call under that ruleset's lock;
* addenda (all matches) use ``assert_fact`` + drain + ``retract_fact``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from flowrules.engine.durable_ruleset import durable_json, durable_ruleset
from flowrules.engine.program import All, Atom, Event, Match, Node, Program
from flowrules.errors import EngineError

try:
    import durable_rules_engine as _dre
except ImportError:  # pragma: no cover - exercised on Python 3.13+ only
    _dre = None

#: Most sibling tests one node may have; durable-rules hangs or crashes above 511.
MAX_SIBLINGS = 256


def _event_encoder() -> Callable[[Event], str]:
    """Return a compact JSON encoder for events, built once.

    ``json.dumps`` sets up a new C encoder on every call; events are flat
    dicts of strings, numbers and booleans, so one C encoder serves them all
    (``json.encoder.c_make_encoder``; the public encoder where it is missing).
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has it
        return json.JSONEncoder(
            ensure_ascii=False, check_circular=False, separators=(",", ":")
        ).encode
    chunks = make(
        None, None, json.encoder.encode_basestring, None, ":", ",", False, False, True
    )
    return lambda event: "".join(chunks(event, 0))


_encode = _event_encoder()

_names = iter(range(1, 1 << 62))
_names_lock = threading.Lock()


def _required_facts(node: Node) -> frozenset[str]:
    """Facts that must be present for ``node`` to hold (from its top-level positive tests)."""
    items = node.items if isinstance(node, All) else (node,)
    return frozenset(
        item.fact
        for item in items
        if isinstance(item, Atom)
        and item.op in ("eq", "in", "lt", "lte", "gt", "gte", "exists", "neq", "nin")
    )


def available() -> bool:
    """Return whether the durable-rules extension imports on this interpreter."""
    return _dre is not None


def _unique_name(base: str) -> str:
    with _names_lock:
        return f"{base}_{next(_names)}"


def _check_limits(node: Any, where: str) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("$and", "$or") and len(value) > MAX_SIBLINGS:
                msg = f"{where}: a condition has {len(value)} sibling tests (limit {MAX_SIBLINGS})"
                raise EngineError(msg)
            _check_limits(value, where)
    elif isinstance(node, list):
        for item in node:
            _check_limits(item, where)


def refused_rules(spec: dict[str, Any]) -> list[str]:
    """Return the names of the rules in a ruleset spec that durable-rules refuses alone."""
    refused = []
    for name, rule in spec.items():
        try:
            _check_limits(rule, name)
            handle = _dre.create_ruleset(
                _unique_name("probe"), json.dumps({name: rule})
            )
        except (EngineError, _dre.error):
            refused.append(name)
        else:
            _dre.delete_ruleset(handle)
    return refused


def program_problems(program: Program) -> list[tuple[str, int]]:
    """Return ``(kind, index)`` of each rule or addendum durable-rules cannot compile.

    Empty when durable-rules is not importable (nothing to check against).
    """
    if _dre is None:
        return []
    problems = []
    for kind, rules in (("rules", program.rules), ("addenda", program.addenda)):
        spec = durable_ruleset(rules, catch_all=False)
        problems += [(kind, int(name[1:])) for name in refused_rules(spec)]
    return problems


def _fired_name(result: str) -> str:
    """The rule name in an action result ``{"r2":{"m":{...}}}``, without parsing the event."""
    return result[2 : result.index('"', 2)]


class _Ruleset:
    """One compiled ruleset in the C engine, with its own lock."""

    def __init__(self, name: str, ruleset_json: str) -> None:
        _check_limits(json.loads(ruleset_json), name)
        # Keep the name and definition with the handle: they identify the
        # ruleset in errors and are what a reload compares against.
        self.name = _unique_name(name)
        self.definition = ruleset_json
        try:
            self.handle = _dre.create_ruleset(self.name, self.definition)
        except _dre.error as exc:
            culprits = ", ".join(refused_rules(json.loads(ruleset_json))) or "?"
            msg = f"durable-rules refused ruleset {name} ({exc}); rules it refuses: {culprits}"
            raise EngineError(msg) from exc
        self.lock = threading.Lock()
        # Whether the session state exists: delete_state on a ruleset whose
        # state was never created crashes the process instead of raising 309.
        self.has_state = False
        self.closed = False

    def first(self, text: str) -> str | None:
        """Post ``text`` as an event; return the name of the rule that fired."""
        with self.lock:
            if self.closed:
                self._check_open()
            code, offset = _dre.assert_event(self.handle, text)
            if code == 1:
                return None
            self.has_state = True
            result = _dre.start_action_for_state(self.handle, offset)
            if result is None:
                msg = "durable-rules matched but offered no action"
                raise EngineError(msg)
            fired = _fired_name(result[1])
            while _dre.complete_and_start_action(self.handle, offset):
                pass
        return fired

    def every(self, text: str) -> list[str]:
        """Assert ``text`` as a fact; return every rule that fired, then retract it."""
        fired: list[str] = []
        with self.lock:
            self._check_open()
            code, offset = _dre.assert_fact(self.handle, text)
            if code == 1:
                # Nothing matched and nothing was stored. Retracting a fact that
                # was never stored corrupts the session (a later delete segfaults).
                return fired
            self.has_state = True
            try:
                result = _dre.start_action_for_state(self.handle, offset)
                if result is not None:
                    fired.append(_fired_name(result[1]))
                    while nxt := _dre.complete_and_start_action(self.handle, offset):
                        fired.append(_fired_name(nxt))
            finally:
                _dre.retract_fact(self.handle, text)
        return fired

    def _check_open(self) -> None:
        if self.closed:
            msg = f"ruleset {self.name} is closed; the engine was closed or reloaded"
            raise EngineError(msg)

    def close(self) -> None:
        with self.lock:
            if self.closed:
                return
            self.closed = True
            if self.has_state:
                _dre.delete_state(self.handle, None)
            _dre.delete_ruleset(self.handle)


class DurableExecutor:
    """Evaluate a :class:`~flowrules.ir.Program` with the durable-rules C engine.

    Raises:
        flowrules.errors.EngineError: If durable-rules is not importable or
            refuses the compiled ruleset.
    """

    name = "durable"

    def __init__(self, program: Program) -> None:
        if _dre is None:
            msg = (
                "durable-rules is not importable on this Python; use executor='native'"
            )
            raise EngineError(msg)
        base = f"{program.pack}_{program.version.replace('.', '_')}"
        self._rules = _Ruleset(base, durable_json(program.rules, catch_all=True))
        self._addenda = (
            _Ruleset(base + "_addenda", durable_json(program.addenda, catch_all=False))
            if program.addenda
            else None
        )
        # Facts each addendum needs present; when every addendum lacks one, the
        # addenda ruleset cannot fire and is not asked (it is asked otherwise).
        self._addenda_needs = [_required_facts(a.node) for a in program.addenda]

    def run(self, event: Event) -> Match:
        """Return the first matching rule and every matching addendum."""
        text = _encode(event)
        fired = self._rules.first(text)
        if fired is None:
            msg = "the durable catch-all did not fire; the event lacks its marker"
            raise EngineError(msg)
        rule = None if fired == "fallback" else int(fired[1:])
        addenda: tuple[int, ...] = ()
        if self._addenda is not None:
            keys = event.keys()
            for needs in self._addenda_needs:
                if needs <= keys:
                    fired_addenda = self._addenda.every(text)
                    addenda = tuple(sorted(int(n[1:]) for n in fired_addenda))
                    break
        return Match(rule, addenda)

    def close(self) -> None:
        """Free the rulesets in the C engine; the executor is unusable afterwards."""
        self._rules.close()
        if self._addenda is not None:
            self._addenda.close()
