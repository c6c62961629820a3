"""One generation of compiled pack versions, safe to swap while calls run.

An :class:`~flowrules.engine.Engine` serves calls from its current
generation. ``Engine.reload()`` builds a new generation completely (load,
compile, create executors) before swapping it in with one assignment; the
old generation is retired and its executors are closed as soon as no call
is running in it any more, so a call never meets a freed durable-rules
ruleset and repeated reloads do not accumulate rulesets.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import pydantic

from flowrules import _durable
from flowrules.calls import (
    FastValidator,
    call_model,
    local_time,
    parse_datetime,
)
from flowrules.compiler import compile_pack
from flowrules.errors import CallError, CallProblem
from flowrules.event import EventBuilder
from flowrules.ir import Event, Match, NativeExecutor, Program
from flowrules.loader import version_overlaps
from flowrules.model import Pack
from flowrules.outcome import DecisionBuilder

ExecutorName = Literal["auto", "durable", "native"]
_DATETIME = pydantic.TypeAdapter(dt.datetime)


class Executor(Protocol):
    """What an executor does: run a program on an event."""

    name: str

    def run(self, event: Event) -> Match:
        """Return the first matching rule and every matching addendum."""

    def close(self) -> None:
        """Release outside resources."""


@dataclass(frozen=True)
class Version:
    """One pack version, compiled, with its validators, builders and executors."""

    pack: Pack
    program: Program
    model: type[pydantic.BaseModel]
    fast: FastValidator
    events: EventBuilder
    builder: DecisionBuilder
    executor: Executor
    native: NativeExecutor

    def in_force(self, day: dt.date) -> bool:
        """Whether this version applies to a call on ``day``."""
        return self.pack.valid_from <= day and (
            self.pack.valid_to is None or day < self.pack.valid_to
        )


def _make_executor(
    name: ExecutorName, program: Program, native: NativeExecutor
) -> Executor:
    if name == "native" or (name == "auto" and not _durable.available()):
        return native
    return _durable.DurableExecutor(program)


class Generation:
    """The compiled versions of a set of packs, with a count of running calls.

    Raises:
        ValueError: If two versions of one pack overlap in time.
        flowrules.errors.EngineError: If an executor refuses a pack.
    """

    def __init__(self, packs: Iterable[Pack], executor: ExecutorName) -> None:
        packs = list(packs)
        overlaps = version_overlaps([(p.ref, p) for p in packs])
        if overlaps:
            raise ValueError(overlaps[0].message)
        self.versions: dict[str, list[Version]] = {}
        self._lock = threading.Lock()
        self._running = 0
        self._retired = False
        self._closed = False
        try:
            for pack in sorted(packs, key=lambda p: (p.pack, p.valid_from)):
                program = compile_pack(pack)
                native = NativeExecutor(program)
                version = Version(
                    pack,
                    program,
                    call_model(pack),
                    FastValidator(pack),
                    EventBuilder(pack),
                    DecisionBuilder(pack),
                    _make_executor(executor, program, native),
                    native,
                )
                self.versions.setdefault(pack.pack, []).append(version)
        except Exception:
            self._close_executors()
            raise
        self.executor: str = next(
            (v.executor.name for vs in self.versions.values() for v in vs),
            "native" if executor == "auto" else executor,
        )

    def enter(self) -> None:
        """Count a call as running in this generation."""
        with self._lock:
            self._running += 1

    def leave(self) -> None:
        """Count a call as finished; close a retired generation after its last call."""
        with self._lock:
            self._running -= 1
            close = self._retired and self._running == 0 and not self._closed
            if close:
                self._closed = True
        if close:
            self._close_executors()

    def retire(self) -> None:
        """Close the executors now, or after the last running call has left."""
        with self._lock:
            self._retired = True
            close = self._running == 0 and not self._closed
            if close:
                self._closed = True
        if close:
            self._close_executors()

    def _close_executors(self) -> None:
        for versions in self.versions.values():
            for version in versions:
                if version.executor is not version.native:
                    version.executor.close()

    def version_for(self, data: dict[str, Any]) -> tuple[Version, dt.datetime]:
        """Pick the pack version for a call's ``ordning`` and ``modtaget`` date.

        Returns:
            The version and the call time as naive Copenhagen time.

        Raises:
            flowrules.errors.CallError: If the ordning has no pack, the date is
                missing or invalid, or no version is in force on that date.
        """
        ordning = data.get("ordning")
        if not isinstance(ordning, str) or ordning not in self.versions:
            message = "is required" if ordning is None else "has no loaded pack"
            raise CallError(
                [CallProblem("ordning", ordning, message, tuple(sorted(self.versions)))]
            )
        raw = data.get("modtaget")
        if raw is None:
            raise CallError(
                [CallProblem("modtaget", None, "is required (ISO 8601 date-time)")]
            )
        try:
            received = parse_datetime(raw) or local_time(_DATETIME.validate_python(raw))
        except (pydantic.ValidationError, ValueError):
            raise CallError(
                [
                    CallProblem(
                        "modtaget",
                        raw,
                        "must be an ISO 8601 date-time (YYYY-MM-DDTHH:MM:SS)",
                    )
                ]
            ) from None
        versions = self.versions[str(ordning)]
        for version in versions:
            if version.in_force(received.date()):
                return version, received
        periods = ", ".join(
            f"{v.pack.ref}: {v.pack.valid_from}–{v.pack.valid_to or ''}"
            for v in versions
        )
        message = f"no version of pack {ordning!r} is in force on {received.date()} ({periods})"
        raise CallError([CallProblem("modtaget", raw, message)])
