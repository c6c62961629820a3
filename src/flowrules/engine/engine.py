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
from pathlib import Path
from typing import Any

import pydantic

from flowrules.decision import Decision, InterviewStep
from flowrules.engine import event_log
from flowrules.engine.pack_versions import ExecutorName, Generation
from flowrules.engine.program import trace
from flowrules.engine.routing import route
from flowrules.errors import CallError, EngineError
from flowrules.pack.approvals import (
    ApprovalRegister,
    PackInfo,
    approvals_path,
    load_register,
)
from flowrules.pack.load import bundled_rules_dir, load_packs
from flowrules.pack.schema import Pack


class Engine:
    """Decide calls with a set of rule packs.

    Args:
        packs: Validated packs; several versions of one pack may be given if
            their validity periods do not overlap.
        executor: ``"durable"``, ``"native"`` or ``"auto"`` (durable where it
            imports, native elsewhere).
        require_approved: Refuse pack versions whose content (digest) no
            reviewer has approved in the approval register.
        approvals: The approval register (``approvals.yaml``) or its path;
            by default the register of the bundled packs.

    Raises:
        flowrules.errors.EngineError: If ``executor="durable"`` is asked for
            where durable-rules does not import, or a pack is past one of its
            limits, or its trial build in a child process fails or times out.
        flowrules.errors.PackError: If two versions of one pack overlap in
            time (PK16, as when loading them from files), a hand-off reaches
            no loaded call type or hand-offs form a cycle (PK18), or the
            approval register is invalid (AP03).
        flowrules.errors.UnapprovedPackError: If ``require_approved`` and a
            pack version has no approval (AP01, naming the approve command).
    """

    def __init__(
        self,
        packs: Iterable[Pack],
        *,
        executor: ExecutorName = "auto",
        require_approved: bool = False,
        approvals: ApprovalRegister | str | os.PathLike[str] | None = None,
    ) -> None:
        if executor not in ("auto", "durable", "native"):
            msg = f'"executor" must be "auto", "durable" or "native": {executor!r}'
            raise ValueError(msg)
        self._executor_choice: ExecutorName = executor
        self._source: str | os.PathLike[str] | None = None
        self._approvals = approvals
        self.require_approved = require_approved
        self._reload_lock = threading.Lock()
        register = _register(approvals, approvals_path(bundled_rules_dir()))
        self._generation = Generation(
            packs, executor, register, require_approved=require_approved
        )
        self.executor: str = self._generation.executor

    @classmethod
    def from_path(
        cls,
        path: str | os.PathLike[str],
        *,
        executor: ExecutorName = "auto",
        require_approved: bool = False,
        approvals: ApprovalRegister | str | os.PathLike[str] | None = None,
    ) -> Engine:
        """Load every pack in a folder (or one pack file).

        The approval register is ``approvals.yaml`` in the packs' folder unless
        ``approvals`` names another.

        Raises:
            flowrules.errors.PackError: With every diagnostic of every pack.
            flowrules.errors.UnapprovedPackError: If ``require_approved`` and
                a pack version has no approval.
        """
        register = _register(approvals, approvals_path(path))
        engine = cls(
            load_packs(path),
            executor=executor,
            require_approved=require_approved,
            approvals=register,
        )
        engine._source = path
        engine._approvals = approvals
        return engine

    @classmethod
    def default(
        cls, *, executor: ExecutorName = "auto", require_approved: bool = False
    ) -> Engine:
        """Return an engine with the packs bundled with flowrules.

        Raises:
            flowrules.errors.UnapprovedPackError: If ``require_approved`` and a
                bundled pack version has no approval in the bundled register.
        """
        return cls.from_path(
            bundled_rules_dir(), executor=executor, require_approved=require_approved
        )

    def pack_info(self) -> list[PackInfo]:
        """Return every loaded pack version: id, version, validity, digest and approval.

        The records are :class:`flowrules.PackInfo` models (``model_dump(mode="json")``
        gives the JSON form), by pack id and date.
        """
        return self._generation.pack_info()

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
            explicit fallback outcome. A call that a rule hands on to another
            pack (``continue_with``) gives one decision, the target pack's,
            with ``routed_from``; with ``explain`` its trace covers every pack.

        Raises:
            flowrules.errors.CallError: If the call is invalid (field, value, allowed values).
            flowrules.errors.EngineError: If the executor fails.
        """
        started = time.perf_counter_ns()
        generation = self._enter("decide")
        try:
            hops = route(generation, call)
            final = hops.final
            steps = (
                [
                    step
                    for h in hops.hops
                    for step in trace(h.version.program, h.prepared.event)
                ]
                if explain
                else None
            )
            missing = (
                final.version.missing(final.prepared)
                if final.match.rule is None
                else None
            )
            decision = final.version.builder.build(
                final.match,
                final.prepared,
                steps,
                missing,
                routed_from=hops.routed_from,
                received=hops.hops[0].prepared.call if hops.routed_from else None,
            )
        finally:
            generation.leave()
        if event_log.enabled():
            event_log.info(
                "decision_made",
                pack=decision.pack,
                pack_version=decision.pack_version,
                rule_id=decision.rule_id,
                routed_from=decision.routed_from,
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
        # Imported on first use: `import flowrules` stays as cheap as before.
        from flowrules.engine.interview import interview_step
        from flowrules.pack.core_fields import load_core_fields

        generation = self._enter("interview")
        try:
            return interview_step(
                generation, partial_call, load_core_fields(), self.decide
            )
        finally:
            generation.leave()

    def _enter(self, what: str) -> Generation:
        """Enter the current generation (the next one if a reload retires it meanwhile).

        Raises:
            flowrules.errors.EngineError: If the engine is closed.
        """
        generation = self._generation
        while not generation.enter():
            if generation is self._generation:
                msg = (
                    f"the engine is closed: build a new Engine (or reload()) to {what}"
                )
                raise EngineError(msg)
            generation = self._generation
        return generation

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
        changes and the working packs keep serving. The approval register is
        read again too; with ``require_approved`` an unapproved new version is
        refused the same way.

        With the durable executor, the new packs are first checked against
        durable-rules' known limits and built once in a child process with a
        timeout, so a pack that would hang or crash the C engine is refused
        like a broken one.

        Raises:
            flowrules.errors.PackError: With every diagnostic, if a pack is broken
                (:class:`~flowrules.errors.UnapprovedPackError` if unapproved).
            flowrules.errors.EngineError: If durable-rules cannot build a pack
                (the rule and the limit are named).
            ValueError: If the engine was not loaded from a path and none is given.
        """
        source = path if path is not None else self._source
        if source is None:
            msg = '"path" is required: this engine was not loaded from a folder'
            raise ValueError(msg)
        with self._reload_lock:
            register = _register(self._approvals, approvals_path(source))
            fresh = Generation(
                load_packs(source),
                self._executor_choice,
                register,
                require_approved=self.require_approved,
            )
            old, self._generation = self._generation, fresh
            self._source = source
            self.executor = fresh.executor
        old.retire()
        event_log.info("packs_reloaded", packs=[p.ref for p in self.packs])

    def close(self) -> None:
        """Free the executors' outside resources (durable-rules rulesets).

        Calls running now finish first; later calls raise
        :class:`~flowrules.errors.EngineError` until :meth:`reload`.
        """
        self._generation.retire()


def _register(
    given: ApprovalRegister | str | os.PathLike[str] | None, default: Path
) -> ApprovalRegister:
    """The approval register given, read from the path given, or read from ``default``."""
    if isinstance(given, ApprovalRegister):
        return given
    return load_register(given if given is not None else default)


@functools.lru_cache(maxsize=1)
def default_engine() -> Engine:
    """Return the shared engine over the bundled packs (built on first use)."""
    return Engine.default()


def decide(
    call: dict[str, Any] | pydantic.BaseModel, *, explain: bool = False
) -> Decision:
    """Decide one call with the bundled packs (see :meth:`Engine.decide`)."""
    return default_engine().decide(call, explain=explain)
