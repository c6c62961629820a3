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

from flowrules.decision import Decision, InterviewStep
from flowrules.engine.interview import interview_step
from flowrules.engine.pack_versions import ExecutorName, Generation
from flowrules.engine.program import trace
from flowrules.errors import CallError, EngineError
from flowrules.pack.core_fields import load_core_fields
from flowrules.pack.load import bundled_rules_dir, load_packs
from flowrules.pack.schema import Pack

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
            where durable-rules does not import, or it refuses a ruleset.
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
            version, prepared = generation.prepare(call)
            try:
                match = version.executor.run(prepared.event)
            except EngineError:
                raise
            except (
                Exception
            ) as exc:  # the C engine's own errors, never the caller's fault
                name = version.executor.name
                msg = f"executor {name} failed on {version.pack.ref}: {type(exc).__name__}"
                raise EngineError(msg) from exc
            steps = trace(version.program, prepared.event) if explain else None
            missing = version.missing(prepared) if match.rule is None else None
            decision = version.builder.build(match, prepared, steps, missing)
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

    def interview(
        self, partial_call: dict[str, Any] | pydantic.BaseModel
    ) -> InterviewStep:
        """Return the next step of the guided interview for a partially known call.

        Args:
            partial_call: The facts known so far; a fact answered "ved ikke" is
                given as ``None`` (asked, not known, decided as absent).

        Returns:
            The :class:`flowrules.InterviewStep`: the next ``question`` with the
            rule ids still ``possible`` and every unknown fact that can still
            change the outcome (``missing``), or, once none can, the ``decision``,
            equal to :meth:`decide` of any completion of the call.

        Raises:
            flowrules.errors.CallError: If a known value is invalid.
            flowrules.errors.EngineError: If the engine is closed.
        """
        generation = self._generation
        while not generation.enter():
            if generation is self._generation:
                msg = "the engine is closed: build a new Engine (or reload()) to interview"
                raise EngineError(msg)
            generation = self._generation
        try:
            return interview_step(
                generation, partial_call, load_core_fields(), self.decide
            )
        finally:
            generation.leave()

    def decide_many(
        self, calls: Iterable[dict[str, Any] | pydantic.BaseModel]
    ) -> Iterator[Decision | CallError]:
        """Decide calls one by one, streaming; an invalid call yields its :class:`CallError`."""
        for call in calls:
            try:
                yield self.decide(call)
            except CallError as exc:
                yield exc

    def reload(self, path: str | os.PathLike[str] | None = None) -> None:
        """Load the packs again (from ``path`` or where they came from) and swap atomically.

        The new packs are loaded, checked and compiled completely before the
        swap; calls running meanwhile finish on the old packs, whose
        executors are then freed. If the new packs are broken, nothing
        changes and the working packs keep serving.

        Raises:
            flowrules.errors.PackError: With every diagnostic, if a pack is broken.
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


@functools.lru_cache(maxsize=1)
def default_engine() -> Engine:
    """Return the shared engine over the bundled packs (built on first use)."""
    return Engine.default()


def decide(
    call: dict[str, Any] | pydantic.BaseModel, *, explain: bool = False
) -> Decision:
    """Decide one call with the bundled packs (see :meth:`Engine.decide`)."""
    return default_engine().decide(call, explain=explain)
