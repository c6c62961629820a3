"""The compiled pack versions an engine serves, swapped whole on reload.

An :class:`~flowrules.engine.engine.Engine` serves calls from its current
generation. ``Engine.reload()`` builds a new generation completely (load,
compile, create executors) before swapping it in with one assignment; the
old generation is retired and its executors are closed as soon as no call
is running in it any more, so a call never meets a freed durable-rules
ruleset and repeated reloads do not accumulate rulesets.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import pydantic

import flowrules.engine.durable_executor as _durable
from flowrules.engine.call_schema import call_model
from flowrules.engine.call_validation import MAX_FIELDS, check_shape, validate_call
from flowrules.engine.compiler import compile_pack
from flowrules.engine.datetimes import local_time, parse_datetime
from flowrules.engine.decision_builder import DecisionBuilder
from flowrules.engine.event import EventBuilder, Prepared, call_record
from flowrules.engine.fast_path import FastPath
from flowrules.engine.native_executor import NativeExecutor
from flowrules.engine.program import Event, Match, Program, program_facts
from flowrules.engine.relevance import Relevance
from flowrules.errors import CallError, CallProblem, PackError
from flowrules.pack.load import version_overlaps
from flowrules.pack.schema import Pack

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
    fast: FastPath
    events: EventBuilder
    builder: DecisionBuilder
    executor: Executor
    native: NativeExecutor

    @functools.cached_property
    def model(self) -> type[pydantic.BaseModel]:
        """The pack's pydantic call model (built on first use: the fast path needs none)."""
        return call_model(self.pack)

    @functools.cached_property
    def relevance(self) -> Relevance:
        """The interview's analysis of this version (built on first use)."""
        return Relevance(self.pack, self.program, self.events)

    def missing(self, prepared: Prepared) -> list[str]:
        """The absent facts that could make a rule decide a call the fallback decided."""
        known = prepared.values.keys()
        return list(
            self.relevance.analyse(prepared.values, prepared.event, known).relevant
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
        flowrules.errors.PackError: If two versions of one pack overlap in time.
        flowrules.errors.EngineError: If an executor refuses a pack.
    """

    def __init__(self, packs: Iterable[Pack], executor: ExecutorName) -> None:
        packs = list(packs)
        overlaps = version_overlaps([(p.ref, p) for p in packs])
        if overlaps:
            raise PackError(overlaps)
        self.versions: dict[str, list[Version]] = {}
        self._lock = threading.Lock()
        # One item per running call: list.append and list.pop are atomic, so
        # entering and leaving take no lock; only closing does.
        self._running: list[None] = []
        self._retired = False
        self._closed = False
        try:
            for pack in sorted(packs, key=lambda p: (p.pack, p.valid_from)):
                program = compile_pack(pack)
                native = NativeExecutor(program)
                builder = DecisionBuilder(pack)
                events = EventBuilder(pack, program_facts(program) | builder.reads)
                version = Version(
                    pack,
                    program,
                    FastPath(pack, events),
                    events,
                    builder,
                    _make_executor(executor, program, native),
                    native,
                )
                self.versions.setdefault(pack.pack, []).append(version)
        except Exception:
            self._close_executors()
            raise
        #: Per ordning: ``(valid_from, valid_to or date.max, version)``.
        self._periods = {
            ordning: [
                (v.pack.valid_from, v.pack.valid_to or dt.date.max, v) for v in vs
            ]
            for ordning, vs in self.versions.items()
        }
        self.executor: str = next(
            (v.executor.name for vs in self.versions.values() for v in vs),
            "native" if executor == "auto" else executor,
        )

    def enter(self) -> bool:
        """Count a call as running here; ``False`` (and not counted) if retired.

        A call that read the generation just before a reload retired it must
        not start on executors that may already be closed: it gets ``False``
        and reads the engine's current generation again.
        """
        self._running.append(None)
        if self._retired:
            self.leave()
            return False
        return True

    def leave(self) -> None:
        """Count a call as finished; close a retired generation after its last call."""
        self._running.pop()
        # Leaving pops before it reads ``_retired``; retiring sets ``_retired``
        # before it reads the count: whichever comes last sees both and closes.
        if self._retired and not self._running:
            self._close_once()

    def retire(self) -> None:
        """Close the executors now, or after the last running call has left."""
        self._retired = True
        if not self._running:
            self._close_once()

    def _close_once(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._close_executors()

    def _close_executors(self) -> None:
        for versions in self.versions.values():
            for version in versions:
                if version.executor is not version.native:
                    version.executor.close()

    def prepare(self, call: object) -> tuple[Version, Prepared]:
        """Validate ``call``, pick its pack version and build its event.

        Raises:
            flowrules.errors.CallError: Naming every bad field, its value and
                what is allowed.
        """
        if call.__class__ is dict:
            fast = self._fast(call)
            if fast is not None:
                return fast
        data = check_shape(call)
        if (
            call.__class__ is not dict
        ):  # a Call model or other mapping: now a plain dict
            fast = self._fast(data)
            if fast is not None:
                return fast
        version, _ = self.version_for(data)
        values = validate_call(version.model, version.pack, data)
        event = version.events(values)
        return version, Prepared(
            values, event, call_record(version.pack, values, event)
        )

    def _fast(self, call: dict[str, Any]) -> tuple[Version, Prepared] | None:
        """The fast path for a plainly valid call; ``None`` for anything else."""
        if len(call) > MAX_FIELDS:
            return None
        ordning = call.get("ordning")
        periods = self._periods.get(ordning) if ordning.__class__ is str else None
        received = parse_datetime(call.get("modtaget"))
        if periods is None or received is None:
            return None
        day = received.date()
        for start, end, version in periods:
            if start <= day < end:
                prepared = version.fast(call, received)
                return None if prepared is None else (version, prepared)
        return None

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
        day = received.date()
        for start, end, version in self._periods[ordning]:
            if start <= day < end:
                return version, received
        versions = self.versions[ordning]
        periods = ", ".join(
            f"{v.pack.ref}: {v.pack.valid_from}–{v.pack.valid_to or ''}"
            for v in versions
        )
        message = f"no version of pack {ordning!r} is in force on {received.date()} ({periods})"
        raise CallError([CallProblem("modtaget", raw, message)])
