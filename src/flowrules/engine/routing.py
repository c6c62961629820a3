"""Follow hand-offs between packs: from a call to the pack version and rule that decide it.

A rule whose outcome is ``continue_with: {ordning, henvendelse}`` hands the
call on (SPEC "Hand-off between packs"): the same call is decided in the
target pack with ``ordning`` and ``henvendelse`` replaced and every other
field it accepts kept; ``implies`` fills core facts the call does not carry.
:func:`route` does this until a rule (or a fallback) with its own outcome
decides, and returns every hop, so one phone call gives one decision with
``routed_from``. Both executors are driven the same way, hop by hop.

:func:`hand_on` is the one step from a call to the next pack's call; a
guided interview follows the same function.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flowrules.engine.event import Prepared
from flowrules.engine.pack_versions import Generation, Version
from flowrules.engine.program import Match
from flowrules.errors import CallError, CallProblem, EngineError
from flowrules.pack.schema import ContinueWith, Pack
from flowrules.privacy import mask_cpr
from flowrules.vocabulary import CORE_FIELDS


@dataclass(frozen=True)
class Hop:
    """One pack a call passed through: the version, the prepared call, what matched."""

    version: Version
    prepared: Prepared
    match: Match

    @property
    def rule_id(self) -> str:
        """The matched rule as ``pack.rule`` (``pack.fallback`` when none matched)."""
        rules = self.version.pack.rules
        name = "fallback" if self.match.rule is None else rules[self.match.rule].id
        return f"{self.version.pack.pack}.{name}"


@dataclass(frozen=True)
class Route:
    """Every hop of one call, in order; the last one decides."""

    hops: tuple[Hop, ...]

    @property
    def final(self) -> Hop:
        """The hop whose rule (or fallback) gives the decision."""
        return self.hops[-1]

    @property
    def routed_from(self) -> tuple[str, ...]:
        """The hand-off rules passed through, in order (empty: not routed)."""
        return tuple(h.rule_id for h in self.hops[:-1])


def handoff_of(version: Version, match: Match) -> ContinueWith | None:
    """Where the matched rule hands the call on, or ``None`` if it decides itself."""
    if match.rule is None:
        return None
    return version.builder.handoffs.get(match.rule)


def hand_on(values: dict[str, Any], target: ContinueWith, pack: Pack) -> dict[str, Any]:
    """Return the call for the target ``pack`` of a hand-off from validated ``values``.

    ``ordning`` and ``henvendelse`` are replaced; every core field and every
    fact the target declares is kept; a fact only the source pack knows is
    left out (it stays in the decision's call record); ``implies`` fills core
    facts the call does not carry.
    """
    accepted = set(CORE_FIELDS) | {
        name for name, fact in pack.facts.items() if fact.derived is None
    }
    data = {k: v for k, v in values.items() if k in accepted}
    data.update(ordning=target.ordning, henvendelse=target.henvendelse)
    for name, value in target.implies.items():
        data.setdefault(name, value)
    return data


def run(version: Version, prepared: Prepared) -> Match:
    """Run the version's executor on a prepared call.

    Raises:
        flowrules.errors.EngineError: If the executor fails on this call (with
            durable-rules' error code and what it means); other calls are not
            affected.
    """
    try:
        return version.executor.run(prepared.event)
    except EngineError:
        raise
    except Exception as exc:  # the C engine's own errors, never the caller's fault
        msg = _executor_failure(version.executor.name, version.pack.ref, exc)
        raise EngineError(msg) from None


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
        f"{text}{meaning}; other calls are not affected "
        "(executor='native' has no such limit)"
    )


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


def route(generation: Generation, call: object) -> Route:
    """Validate ``call`` and follow its hand-offs to the rule that decides it.

    Raises:
        flowrules.errors.CallError: If the call (or the call handed on) is invalid.
        flowrules.errors.EngineError: If an executor fails or hand-offs loop.
    """
    version, prepared = _prepare(generation, call)
    hops = [Hop(version, prepared, run(version, prepared))]
    while (target := handoff_of(hops[-1].version, hops[-1].match)) is not None:
        if len(hops) > len(generation.versions):
            chain = " → ".join(h.rule_id for h in hops)
            msg = f"hand-offs loop: {chain}"
            raise EngineError(msg)
        next_version, _ = generation.version_for(
            {"ordning": target.ordning, "modtaget": prepared.values["modtaget"]}
        )
        data = hand_on(hops[-1].prepared.values, target, next_version.pack)
        version, prepared = generation.prepare(data)
        hops.append(Hop(version, prepared, run(version, prepared)))
    return Route(tuple(hops))
