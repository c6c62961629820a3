"""The guided interview: from a partial call to the next question, or to the decision.

:func:`interview` validates what is known, asks :mod:`~flowrules.engine.relevance`
which unknown facts can still change the decision, and turns the greedy next
one into a :class:`~flowrules.decision.Question` with the pack's Danish text
and labels. Decisions are compared whole: each class of completions is decided
by the same machinery as :meth:`Engine.decide` (validation, executor, decision
builder). ``ordning``, ``modtaget`` and ``henvendelse`` are asked first, in that
order; the employee's ``valg`` at a grænseflade last, with each criterion.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Any

import pydantic

from flowrules.danish import yes_no
from flowrules.decision import Answer, Decision, InterviewStep, Question
from flowrules.engine.call_validation import accepted_fields
from flowrules.engine.pack_versions import Generation, Version
from flowrules.engine.relevance import Analysis
from flowrules.engine.routing import hand_on, route
from flowrules.errors import CallError, CallProblem
from flowrules.pack.core_fields import CoreFields
from flowrules.vocabulary import VALG_FIELD

#: Decision fields that record the call rather than the outcome.
_NOT_OUTCOME = frozenset({"call", "call_id", "missing", "trace"})


def interview_step(
    generation: Generation,
    partial: object,
    core: CoreFields,
    decide: Callable[[dict[str, Any]], Decision],
) -> InterviewStep:
    """Return the next step of the interview for ``partial`` (``null`` = "ved ikke").

    Raises:
        flowrules.errors.CallError: If a known value is invalid, as with ``decide()``.
    """
    data = _plain(partial)
    if data.get("ordning") is None:
        return _ask_core("ordning", core, tuple(sorted(generation.versions)))
    if data["ordning"] not in generation.versions:
        generation.version_for(data)  # raises the CallError naming the loaded packs
    if data.get("modtaget") is None:
        return _ask_core("modtaget", core, (), pack=data["ordning"])
    known = {k: v for k, v in data.items() if v is not None}
    version, _ = generation.version_for(known)
    pack = version.pack
    asked = set(data) - {"ordning", "modtaget"}  # every field answered, "ved ikke" too
    if "henvendelse" not in known:
        return _ask_henvendelse(generation, version, known, asked, core)
    original = known
    version, known, asked, analysis = _follow(generation, version, known, asked)
    pack = version.pack
    if not analysis.relevant:
        decision = decide(original)
        return InterviewStep(
            done=True,
            pack=pack.pack,
            pack_version=pack.version,
            decision=decision,
            possible=[decision.rule_id],
        )
    assert analysis.question is not None
    if analysis.question == VALG_FIELD:
        question = _ask_valg(core, _decide_quietly(generation, known))
    else:
        question = _ask_fact(version, analysis.question, core)
    return InterviewStep(
        done=False,
        pack=pack.pack,
        pack_version=pack.version,
        question=question,
        possible=_rule_ids(version, analysis.possible),
        missing=list(analysis.relevant),
    )


def _follow(
    generation: Generation, version: Version, known: dict[str, Any], asked: set[str]
) -> tuple[Version, dict[str, Any], set[str], Analysis]:
    """Analyse the call; once a hand-off is certain, go on in the target pack.

    A hand-off rule has no outcome of its own: when it is the only rule that
    can still decide, the rest of the interview is the target pack's, on the
    call handed on as :func:`~flowrules.engine.routing.hand_on` hands it on
    (facts answered "ved ikke" stay asked). A fact only the target declares
    cannot be sent with the call (the first pack refuses it), so it is
    decided as absent and never asked.
    """
    sendable = set(accepted_fields(version.pack))
    for _ in range(len(generation.versions) + 1):
        values, event = _known_values(generation, version, known)
        fingerprint = _fingerprint(generation, {**_stand_ins(version), **known})
        analysis = version.relevance.analyse(values, event, asked, fingerprint)
        only = analysis.possible[0] if len(analysis.possible) == 1 else None
        target = None if only is None else version.builder.handoffs.get(only)
        if target is None:
            break
        version, _ = generation.version_for(
            {"ordning": target.ordning, "modtaget": values["modtaget"]}
        )
        known = hand_on(values, target, version.pack)
        accepted = set(known) | set(version.pack.facts) | {VALG_FIELD}
        unsendable = {f for f in version.pack.facts if f not in sendable}
        asked = {f for f in asked if f in accepted} | set(known) | unsendable
    return version, known, asked, analysis


def _ask_henvendelse(
    generation: Generation,
    version: Version,
    known: dict[str, Any],
    asked: set[str],
    core: CoreFields,
) -> InterviewStep:
    """The call type comes first; what stays possible is the union over every call type.

    Two completions that differ only in a fact share their call type, so a
    fact is relevant exactly when it is relevant for one call type.
    """
    pack = version.pack
    possible: dict[int | None, None] = {}
    relevant: set[str] = set()
    for henvendelse in pack.facts["henvendelse"].values:
        call = {**_stand_ins(version), **known, "henvendelse": henvendelse}
        _, prepared = generation.prepare(call)
        found = version.relevance.analyse(
            prepared.values,
            prepared.event,
            {*asked, "henvendelse"},
            _fingerprint(generation, call),
        )
        possible.update(dict.fromkeys(found.possible))
        relevant.update(found.relevant)
    order = version.relevance.order
    return InterviewStep(
        done=False,
        pack=pack.pack,
        pack_version=pack.version,
        question=_ask_fact(version, "henvendelse", core),
        possible=_rule_ids(
            version, sorted(possible, key=lambda i: (i is None, i or 0))
        ),
        missing=["henvendelse", *sorted(relevant, key=order.__getitem__)],
    )


def _fingerprint(
    generation: Generation, base: dict[str, Any]
) -> Callable[[dict[str, Any]], Hashable]:
    """The whole outcome of ``base`` completed with the values a class adds."""

    def fingerprint(extra: dict[str, Any]) -> Hashable:
        return outcome_key(_decide_quietly(generation, {**base, **extra}))

    return fingerprint


def _rule_ids(version: Version, indices: Iterable[int | None]) -> list[str]:
    pack = version.pack
    return [
        f"{pack.pack}.{'fallback' if i is None else pack.rules[i].id}" for i in indices
    ]


def outcome_key(decision: Decision) -> Hashable:
    """Return what two decisions must share to be the same outcome (all but the call record)."""
    fields = {
        k: v
        for k, v in decision.model_dump(mode="json").items()
        if k not in _NOT_OUTCOME
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=False)


def _plain(partial: object) -> dict[str, Any]:
    """The partial call as a dict that keeps ``None`` (asked, not known)."""
    if isinstance(partial, pydantic.BaseModel):
        data = partial.model_dump(exclude_unset=True)
        data.update(partial.model_extra or {})
        return data
    if not isinstance(partial, Mapping):
        raise CallError(
            [CallProblem("", type(partial).__name__, "a call must be a JSON object")]
        )
    if not all(isinstance(k, str) for k in partial):
        bad = next(k for k in partial if not isinstance(k, str))
        raise CallError([CallProblem(repr(bad), bad, "field names must be strings")])
    return dict(partial)


def _stand_ins(version: Version) -> dict[str, Any]:
    """A value for each required enum fact (``henvendelse``), to complete a call with."""
    return {
        name: fact.values[0]
        for name, fact in version.pack.facts.items()
        if fact.required and fact.type == "enum" and fact.values
    }


def _known_values(
    generation: Generation, version: Version, known: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Validate the known facts (a required one not known yet as a stand-in, then dropped)."""
    stand_ins = {k: v for k, v in _stand_ins(version).items() if k not in known}
    _, prepared = generation.prepare({**known, **stand_ins})
    if not stand_ins:
        return prepared.values, prepared.event
    values = {k: v for k, v in prepared.values.items() if k not in stand_ins}
    return values, version.events(values)


def _decide_quietly(generation: Generation, call: dict[str, Any]) -> Decision:
    """Decide like ``decide()`` (validation, hand-offs, executor, builder), without logging."""
    hops = route(generation, call)
    final = hops.final
    return final.version.builder.build(
        final.match,
        final.prepared,
        routed_from=hops.routed_from,
        received=hops.hops[0].prepared.call if hops.routed_from else None,
    )


def _ask_core(
    name: str, core: CoreFields, values: tuple[str, ...], *, pack: str | None = None
) -> InterviewStep:
    """Ask a field every call needs before a pack version is known."""
    entry = core.fields[name]
    question = Question(
        fact=name,
        text=entry.question or entry.description,
        type="enum" if values else "datetime",
        description=entry.description,
        answers=[Answer(value=v, label=entry.labels.get(v, v)) for v in values],
        unknown_allowed=False,
    )
    return InterviewStep(done=False, pack=pack, question=question, missing=[name])


def _ask_fact(version: Version, name: str, core: CoreFields) -> Question:
    """Ask a fact of the pack with its Danish question, type and labelled answers."""
    fact = version.pack.facts[name]
    entry = core.fields.get(name)
    text = fact.question or (entry.question if entry else None) or fact.description
    answers: list[Answer] = []
    if fact.type == "enum":
        answers = [
            Answer(value=v, label=fact.labels.get(v) or core.label(name, v) or v)
            for v in fact.values
        ]
    elif fact.type == "bool":
        answers = [Answer(value=b, label=yes_no(b)) for b in (True, False)]
    return Question(
        fact=name,
        text=text,
        type=fact.type,
        description=fact.description,
        answers=answers,
        unknown_allowed=not fact.required,
        unknown_label=None if fact.required else core.unknown_label,
    )


def _ask_valg(core: CoreFields, graenseflade: Decision) -> Question:
    """Ask the employee's choice at a grænseflade, each answer with its criterion."""
    entry = core.fields[VALG_FIELD]
    return Question(
        fact=VALG_FIELD,
        text=entry.question or entry.description,
        type="enum",
        description=entry.description,
        answers=[
            Answer(
                value=a.choice or a.resolution,
                label=a.label
                or core.label(VALG_FIELD, a.choice or a.resolution)
                or a.resolution,
                criterion=a.criterion,
            )
            for a in graenseflade.alternatives
        ],
        unknown_allowed=True,
        unknown_label=core.unknown_label,
    )
