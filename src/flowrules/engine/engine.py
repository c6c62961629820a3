"""The :class:`Engine`: validate a call, pick the pack version, run the executor.

The executors share one compiled form (:mod:`flowrules.engine.program`). ``durable`` is
the default where durable-rules imports; ``native`` serves elsewhere and
always produces ``explain=True`` traces.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import pydantic
import structlog

from flowrules.decision import Decision
from flowrules.engine.event import Prepared
from flowrules.engine.pack_versions import ExecutorName, Generation, Version
from flowrules.engine.program import trace
from flowrules.errors import CallError, CallProblem, EngineError
from flowrules.pack.load import bundled_rules_dir, load_packs
from flowrules.pack.schema import Pack
from flowrules.privacy import mask_cpr

_log = structlog.get_logger("flowrules")


class Engine:
    """Decide calls with a set of rule packs.

    Args:
        packs: Validated packs; several versions of one pack may be given if
            their validity periods do not overlap.
        executor: ``"durable"``, ``"native"`` or ``"auto"`` (durable where it
            imports, native elsewhere).

    Raises:
        flowrules.errors.EngineError: If ``executor="durable"`` is asked for
            where durable-rules does not import, or a pack is past one of its
            limits, or its trial build in a child process fails or times out.
        flowrules.errors.PackError: If two versions of one pack overlap in
            time (PK16, as when loading them from files).
    """

    def __init__(
        self, packs: Iterable[Pack], *, executor: ExecutorName = "auto"
    ) -> None:
        if executor not in ("auto", "durable", "native"):
            msg = f'"executor" must be "auto", "durable" or "native": {executor!r}'
            raise ValueError(msg)
        self._executor_choice: ExecutorName = executor
        self._source: str | os.PathLike[str] | None = None
        self._reload_lock = threading.Lock()
        self._generation = Generation(packs, executor)
        self.executor: str = self._generation.executor

    @classmethod
    def from_path(
        cls, path: str | os.PathLike[str], *, executor: ExecutorName = "auto"
    ) -> Engine:
        """Load every pack in a folder (or one pack file).

        Raises:
            flowrules.errors.PackError: With every diagnostic of every pack.
        """
        engine = cls(load_packs(path), executor=executor)
        engine._source = path
        return engine

    @classmethod
    def default(cls, *, executor: ExecutorName = "auto") -> Engine:
        """Return an engine with the packs bundled with flowrules."""
        return cls.from_path(bundled_rules_dir(), executor=executor)

    @property
    def packs(self) -> list[Pack]:
        """Every loaded pack version, by pack id and date."""
        return [v.pack for vs in self._generation.versions.values() for v in vs]

    def call_schemas(self) -> dict[str, dict[str, Any]]:
        """Return the JSON Schema of a call to each pack version (``pack@version``)."""
        return {
            v.pack.ref: v.model.model_json_schema()
            for vs in self._generation.versions.values()
            for v in vs
        }

    def decide(
        self, call: dict[str, Any] | pydantic.BaseModel, *, explain: bool = False
    ) -> Decision:
        """Decide one call.

        Args:
            call: A dict (JSON object) or a :class:`flowrules.Call`.
            explain: Add the trace: every rule tried, with each condition.

        Returns:
            The :class:`flowrules.Decision`; when no rule matches, the pack's
            explicit fallback outcome.

        Raises:
            flowrules.errors.CallError: If the call is invalid (field, value, allowed values).
            flowrules.errors.EngineError: If the executor fails.
        """
        started = time.perf_counter_ns()
        generation = self._generation
        while not generation.enter():
            if generation is self._generation:
                msg = "the engine is closed: build a new Engine (or reload()) to decide"
                raise EngineError(msg)
            generation = self._generation
        try:
            version, prepared = _prepare(generation, call)
            try:
                match = version.executor.run(prepared.event)
            except EngineError:
                raise
            except Exception as exc:  # the C engine's own errors, never the caller's
                raise EngineError(
                    _executor_failure(version.executor.name, version.pack.ref, exc)
                ) from None
            steps = trace(version.program, prepared.event) if explain else None
            decision = version.builder.build(match, prepared, steps)
        finally:
            generation.leave()
        _log.info(
            "decision_made",
            pack=decision.pack,
            pack_version=decision.pack_version,
            rule_id=decision.rule_id,
            action=decision.action,
            resolution=decision.resolution,
            addenda=decision.addenda,
            duration_ms=(time.perf_counter_ns() - started) // 1000 / 1000,
        )
        return decision

    def decide_many(
        self, calls: Iterable[dict[str, Any] | pydantic.BaseModel]
    ) -> Iterator[Decision | CallError | EngineError]:
        """Decide calls one by one, streaming: one result per call, in order.

        An invalid call yields its :class:`CallError`; a call the executor
        fails on yields its :class:`EngineError`, and the next call is decided.
        """
        for call in calls:
            try:
                yield self.decide(call)
            except (CallError, EngineError) as exc:
                yield exc

    def reload(self, path: str | os.PathLike[str] | None = None) -> None:
        """Load the packs again (from ``path`` or where they came from) and swap atomically.

        The new packs are loaded, checked and compiled completely before the
        swap; calls running meanwhile finish on the old packs, whose
        executors are then freed. If the new packs are broken, nothing
        changes and the working packs keep serving.

        With the durable executor, the new packs are first checked against
        durable-rules' known limits and built once in a child process with a
        timeout, so a pack that would hang or crash the C engine is refused
        like a broken one.

        Raises:
            flowrules.errors.PackError: With every diagnostic, if a pack is broken.
            flowrules.errors.EngineError: If durable-rules cannot build a pack
                (the rule and the limit are named).
            ValueError: If the engine was not loaded from a path and none is given.
        """
        source = path if path is not None else self._source
        if source is None:
            msg = '"path" is required: this engine was not loaded from a folder'
            raise ValueError(msg)
        with self._reload_lock:
            fresh = Generation(load_packs(source), self._executor_choice)
            old, self._generation = self._generation, fresh
            self._source = source
            self.executor = fresh.executor
        old.retire()
        _log.info("packs_reloaded", packs=[p.ref for p in self.packs])

    def close(self) -> None:
        """Free the executors' outside resources (durable-rules rulesets).

        Calls running now finish first; later calls raise
        :class:`~flowrules.errors.EngineError` until :meth:`reload`.
        """
        self._generation.retire()


def _prepare(generation: Generation, call: object) -> tuple[Version, Prepared]:
    """Validate a call; whatever the caller's objects raise becomes a :class:`CallError`."""
    try:
        return generation.prepare(call)
    except (CallError, EngineError):
        raise
    except Exception as exc:  # e.g. a value whose __eq__ or __hash__ raises
        problem = CallProblem(
            "",
            None,
            f"the call could not be read: validating it raised {type(exc).__name__}",
        )
        raise CallError([problem]) from None


#: What the durable-rules C error codes a post can give mean.
_C_ERRORS = {
    "303": "too many tests hold at once for this call (flowrules check reports it as PK17)",
    "302": "the call has more fields than durable-rules holds",
}


def _executor_failure(executor: str, pack: str, exc: Exception) -> str:
    """The message of an executor failure on one call: what, where, which C error."""
    text = mask_cpr(str(exc))[:200]
    code = text.rsplit(" ", 1)[-1] if text else ""
    meaning = f"; {_C_ERRORS[code]}" if code in _C_ERRORS else ""
    return (
        f"executor {executor} failed on a call to {pack}: {type(exc).__name__}: "
        f"{text}{meaning}; other calls are not affected (executor='native' has no such limit)"
    )


@functools.lru_cache(maxsize=1)
def default_engine() -> Engine:
    """Return the shared engine over the bundled packs (built on first use)."""
    return Engine.default()


def decide(
    call: dict[str, Any] | pydantic.BaseModel, *, explain: bool = False
) -> Decision:
    """Decide one call with the bundled packs (see :meth:`Engine.decide`)."""
    return default_engine().decide(call, explain=explain)
