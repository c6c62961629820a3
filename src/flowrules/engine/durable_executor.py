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
* addenda (all matches) use ``assert_fact`` + drain + ``retract_fact``;
* before a ruleset is created in this process, its known C limits are
  checked statically (:mod:`~flowrules.engine.durable_limits`) and it is
  built once in a child process with a timeout (:func:`trial_build`): a
  ruleset that would hang or crash the C engine never reaches this one;
* every ruleset lock is taken around ``fork()``
  (:mod:`~flowrules.engine.fork_locks`), so a child never inherits a lock
  held by a thread that does not exist there.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

from flowrules.engine import fork_locks
from flowrules.engine.durable_limits import ruleset_problems
from flowrules.engine.durable_ruleset import (
    describe_limits,
    durable_json,
    durable_ruleset,
    limit_problems,
)
from flowrules.engine.program import All, Atom, Event, Match, Node, Program
from flowrules.errors import EngineError
from flowrules.privacy import mask_cpr

try:
    import durable_rules_engine as _dre
except ImportError:  # pragma: no cover - exercised on Python 3.13+ only
    _dre = None

#: Seconds a trial build in a child process may take before the ruleset is refused.
TRIAL_TIMEOUT_S = 15.0


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
_names_lock = fork_locks.register_lock(threading.Lock())


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


def refused_rules(spec: dict[str, Any]) -> list[str]:
    """Return the names of the rules in a ruleset spec that durable-rules refuses alone.

    A rule past a known limit (:mod:`~flowrules.engine.durable_limits`) is
    refused without being built, since building it could hang the process.
    """
    refused = []
    for name, rule in spec.items():
        if ruleset_problems({name: rule}):
            refused.append(name)
            continue
        try:
            handle = _dre.create_ruleset(
                _unique_name("probe"), json.dumps({name: rule})
            )
        except _dre.error:
            refused.append(name)
        else:
            _dre.delete_ruleset(handle)
    return refused


def program_problems(program: Program) -> list[tuple[str, int]]:
    """Return ``(kind, index)`` of each rule or addendum durable-rules cannot compile alone.

    Empty when durable-rules is not importable (nothing to check against).
    """
    if _dre is None:
        return []
    problems = []
    for kind, rules in (("rules", program.rules), ("addenda", program.addenda)):
        spec = durable_ruleset(rules, catch_all=False)
        problems += [(kind, int(name[1:])) for name in refused_rules(spec)]
    return problems


_TRIAL_CODE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import durable_rules_engine as dre
for name, text in json.load(sys.stdin):
    handle = dre.create_ruleset(name, text)
    code, offset = dre.assert_event(handle, '{"kind":"call"}')
    if code == 0:
        if dre.start_action_for_state(handle, offset) is not None:
            while dre.complete_and_start_action(handle, offset):
                pass
        dre.delete_state(handle, None)
    dre.delete_ruleset(handle)
print("built")
"""

#: SHA-256 of every ruleset definition a trial built in this process.
_tried: set[str] = set()
_tried_lock = threading.Lock()


def trial_build(
    definitions: Iterable[tuple[str, str]], *, timeout: float | None = None
) -> None:
    """Build rulesets once in a child process, with a timeout, before building them here.

    Each ``(name, definition)`` is created, posted one marker event and
    deleted, in a fresh interpreter. A definition that built before in this
    process is not tried again.

    Raises:
        flowrules.errors.EngineError: If the child fails, crashes or does not
            finish within ``timeout`` seconds (:data:`TRIAL_TIMEOUT_S`).
    """
    todo = [
        (name, text, hashlib.sha256(text.encode("utf-8")).hexdigest())
        for name, text in definitions
    ]
    with _tried_lock:
        todo = [item for item in todo if item[2] not in _tried]
    if not todo:
        return
    limit = TRIAL_TIMEOUT_S if timeout is None else timeout
    names = ", ".join(name for name, _, _ in todo)
    where = os.path.dirname(_dre.__file__)
    payload = json.dumps([[n, t] for n, t, _ in todo], ensure_ascii=False)
    try:
        result = subprocess.run(
            [sys.executable, "-I", "-c", _TRIAL_CODE, where],
            input=payload,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=limit,
            check=False,
        )
    except subprocess.TimeoutExpired:
        msg = (
            f"durable-rules did not finish building {names} within {limit:g} s "
            "in a trial (it would hang this process); ruleset refused"
        )
        raise EngineError(msg) from None
    except OSError as exc:
        msg = f"cannot start the trial build of {names} ({exc.strerror}); use executor='native'"
        raise EngineError(msg) from None
    if result.returncode != 0 or result.stdout.strip() != "built":
        reason = (result.stderr.strip().splitlines() or [""])[-1][:200]
        how = f"signal {-result.returncode}" if result.returncode < 0 else reason
        msg = (
            f"durable-rules failed to build {names} in a trial ({how}); ruleset refused"
        )
        raise EngineError(mask_cpr(msg))
    with _tried_lock:
        _tried.update(digest for _, _, digest in todo)


def _fired_name(result: str) -> str:
    """The rule name in an action result ``{"r2":{"m":{...}}}``, without parsing the event."""
    return result[2 : result.index('"', 2)]


class _Ruleset:
    """One compiled ruleset in the C engine, with its own lock."""

    def __init__(self, name: str, ruleset_json: str) -> None:
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
        fork_locks.register(self)
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


def _checked_definitions(program: Program) -> list[tuple[str, str]]:
    """The program's ruleset definitions, after the static limit check.

    Raises:
        flowrules.errors.EngineError: Naming each rule past a durable-rules limit.
    """
    problems = limit_problems(program)
    if problems:
        raise EngineError(describe_limits(program, problems))
    base = f"{program.pack}_{program.version.replace('.', '_')}"
    definitions = [(base, durable_json(program.rules, catch_all=True))]
    if program.addenda:
        definitions.append(
            (base + "_addenda", durable_json(program.addenda, catch_all=False))
        )
    return definitions


def check_programs(programs: Iterable[Program]) -> None:
    """Check programs statically and trial-build them all in one child process.

    An engine loading several packs calls this first, so that one child
    process builds every ruleset; the executors then find them tried.

    Raises:
        flowrules.errors.EngineError: If a program is past a limit, or the
            trial fails or times out.
    """
    if _dre is None:
        return  # DurableExecutor says why it cannot run
    definitions = [d for program in programs for d in _checked_definitions(program)]
    trial_build(definitions)


class DurableExecutor:
    """Evaluate a :class:`~flowrules.ir.Program` with the durable-rules C engine.

    Args:
        program: The compiled pack.
        trial: Build the rulesets once in a child process first
            (:func:`trial_build`); only tests of tiny generated programs,
            already within the static limits, turn it off.

    Raises:
        flowrules.errors.EngineError: If durable-rules is not importable or
            refuses the compiled ruleset.
    """

    name = "durable"

    def __init__(self, program: Program, *, trial: bool = True) -> None:
        if _dre is None:
            msg = (
                "durable-rules is not importable on this Python; use executor='native'"
            )
            raise EngineError(msg)
        definitions = _checked_definitions(program)
        if trial:
            trial_build(definitions)
        self._rules = _Ruleset(*definitions[0])
        try:
            self._addenda = _Ruleset(*definitions[1]) if program.addenda else None
        except EngineError:
            self._rules.close()
            raise
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
