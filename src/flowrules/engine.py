"""The :class:`Engine`: validate a call, pick the pack version, run the executor.

The executors share one compiled form (:mod:`flowrules.ir`). ``durable`` is
the default where durable-rules imports; ``native`` serves elsewhere and
always produces ``explain=True`` traces.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Protocol

import pydantic
import structlog

from flowrules import _durable
from flowrules.calls import (
    FastValidator,
    call_model,
    check_shape,
    local_time,
    parse_datetime,
    validate_call,
)
from flowrules.compiler import compile_pack
from flowrules.decision import Decision
from flowrules.diagnostics import Diagnostic
from flowrules.errors import CallError, CallProblem, EngineError, PackError
from flowrules.event import EventBuilder
from flowrules.ir import Event, Match, NativeExecutor, Program, trace
from flowrules.loader import discover, load_pack, version_overlaps
from flowrules.model import Pack
from flowrules.outcome import DecisionBuilder

ExecutorName = Literal["auto", "durable", "native"]

_log = structlog.get_logger("flowrules")
_DATETIME = pydantic.TypeAdapter(dt.datetime)


class Executor(Protocol):
    """What an executor does: run a program on an event."""

    name: str

    def run(self, event: Event) -> Match:
        """Return the first matching rule and every matching addendum."""

    def close(self) -> None:
        """Release outside resources."""


def bundled_rules_dir() -> Path:
    """Return the folder of the packs shipped with flowrules.

    From a wheel the packs sit inside the package (``flowrules/rules``); from a
    source checkout (editable install) they are the repository's ``rules/``.
    """
    packaged = resources.files("flowrules") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"


@dataclass(frozen=True)
class _Version:
    pack: Pack
    program: Program
    model: type[pydantic.BaseModel]
    fast: FastValidator
    events: EventBuilder
    builder: DecisionBuilder
    executor: Executor
    native: NativeExecutor

    def in_force(self, day: dt.date) -> bool:
        return self.pack.valid_from <= day and (
            self.pack.valid_to is None or day < self.pack.valid_to
        )


def _make_executor(
    name: ExecutorName, program: Program, native: NativeExecutor
) -> Executor:
    if name == "native" or (name == "auto" and not _durable.available()):
        return native
    return _durable.DurableExecutor(program)


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
        ValueError: If two versions of one pack overlap in time.
    """

    def __init__(
        self, packs: Iterable[Pack], *, executor: ExecutorName = "auto"
    ) -> None:
        if executor not in ("auto", "durable", "native"):
            msg = f'"executor" must be "auto", "durable" or "native": {executor!r}'
            raise ValueError(msg)
        packs = list(packs)
        overlaps = version_overlaps([(p.ref, p) for p in packs])
        if overlaps:
            raise ValueError(overlaps[0].message)
        self._versions: dict[str, list[_Version]] = {}
        for pack in sorted(packs, key=lambda p: (p.pack, p.valid_from)):
            program = compile_pack(pack)
            native = NativeExecutor(program)
            version = _Version(
                pack,
                program,
                call_model(pack),
                FastValidator(pack),
                EventBuilder(pack),
                DecisionBuilder(pack),
                _make_executor(executor, program, native),
                native,
            )
            self._versions.setdefault(pack.pack, []).append(version)
        self.executor: str = next(
            (v.executor.name for vs in self._versions.values() for v in vs),
            "native" if executor == "auto" else executor,
        )

    @classmethod
    def from_path(
        cls, path: str | os.PathLike[str], *, executor: ExecutorName = "auto"
    ) -> Engine:
        """Load every pack in a folder (or one pack file).

        Raises:
            flowrules.errors.PackError: With every diagnostic of every pack.
        """
        return cls(load_packs(path), executor=executor)

    @classmethod
    def default(cls, *, executor: ExecutorName = "auto") -> Engine:
        """Return an engine with the packs bundled with flowrules."""
        return cls.from_path(bundled_rules_dir(), executor=executor)

    @property
    def packs(self) -> list[Pack]:
        """Every loaded pack version, by pack id and date."""
        return [v.pack for vs in self._versions.values() for v in vs]

    def call_schemas(self) -> dict[str, dict[str, Any]]:
        """Return the JSON Schema of a call to each pack version (``pack@version``)."""
        return {
            v.pack.ref: v.model.model_json_schema()
            for vs in self._versions.values()
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
        started = time.perf_counter()
        data = check_shape(call)
        version = self._version_for(data)
        values = version.fast(data) or validate_call(version.model, version.pack, data)
        event = version.events(values)
        try:
            match = version.executor.run(event)
        except EngineError:
            raise
        except Exception as exc:  # the C engine's own errors, never the caller's fault
            msg = f"executor {version.executor.name} failed on {version.pack.ref}: {type(exc).__name__}"
            raise EngineError(msg) from exc
        steps = trace(version.program, event) if explain else None
        decision = version.builder.build(match, values, event, steps)
        _log.info(
            "decision_made",
            pack=decision.pack,
            pack_version=decision.pack_version,
            rule_id=decision.rule_id,
            action=decision.action,
            resolution=decision.resolution,
            addenda=decision.addenda,
            duration_ms=round((time.perf_counter() - started) * 1000, 3),
        )
        return decision

    def decide_many(
        self, calls: Iterable[dict[str, Any] | pydantic.BaseModel]
    ) -> Iterator[Decision | CallError]:
        """Decide calls one by one, streaming; an invalid call yields its :class:`CallError`."""
        for call in calls:
            try:
                yield self.decide(call)
            except CallError as exc:
                yield exc

    def close(self) -> None:
        """Free the executors' outside resources (durable-rules rulesets)."""
        for versions in self._versions.values():
            for version in versions:
                if version.executor is not version.native:
                    version.executor.close()
        self._versions = {}

    def _version_for(self, data: dict[str, Any]) -> _Version:
        ordning = data.get("ordning")
        known = tuple(sorted(self._versions))
        if ordning not in self._versions:
            message = "is required" if ordning is None else "has no loaded pack"
            raise CallError([CallProblem("ordning", ordning, message, known)])
        raw = data.get("modtaget")
        if raw is None:
            raise CallError(
                [CallProblem("modtaget", None, "is required (ISO 8601 date-time)")]
            )
        try:
            received = parse_datetime(raw) or local_time(_DATETIME.validate_python(raw))
        except pydantic.ValidationError:
            raise CallError(
                [
                    CallProblem(
                        "modtaget",
                        raw,
                        "must be an ISO 8601 date-time (YYYY-MM-DDTHH:MM:SS)",
                    )
                ]
            ) from None
        versions = self._versions[str(ordning)]
        for version in versions:
            if version.in_force(received.date()):
                return version
        periods = ", ".join(
            f"{v.pack.ref}: {v.pack.valid_from}–{v.pack.valid_to or ''}"
            for v in versions
        )
        raise CallError(
            [
                CallProblem(
                    "modtaget",
                    raw,
                    f"no version of pack {ordning!r} is in force on {received.date()} ({periods})",
                )
            ]
        )


def load_packs(path: str | os.PathLike[str]) -> list[Pack]:
    """Load every pack under ``path``, collecting the diagnostics of all files.

    Raises:
        flowrules.errors.PackError: With every diagnostic of every pack.
    """
    packs: list[tuple[str, Pack]] = []
    problems: list[Diagnostic] = []
    for file in discover(path):
        try:
            packs.append((str(file), load_pack(file)))
        except PackError as exc:
            problems.extend(exc.diagnostics)
    problems.extend(version_overlaps(packs))
    if problems:
        raise PackError(problems)
    return [p for _, p in packs]


@functools.lru_cache(maxsize=1)
def default_engine() -> Engine:
    """Return the shared engine over the bundled packs (built on first use)."""
    return Engine.default()


def decide(
    call: dict[str, Any] | pydantic.BaseModel, *, explain: bool = False
) -> Decision:
    """Decide one call with the bundled packs (see :meth:`Engine.decide`)."""
    return default_engine().decide(call, explain=explain)
