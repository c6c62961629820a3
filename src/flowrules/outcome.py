"""Turn a match into a :class:`~flowrules.decision.Decision`: texts, steps, sources.

All wording comes from the pack; this module only fills placeholders and
joins the deciding rule's outcome with the addenda that apply.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flowrules.decision import Alternative, Decision, Source
from flowrules.ir import Match
from flowrules.model import Citation, Fallback, Pack, Parameter, Rule
from flowrules.template import render
from flowrules.vocabulary import NOTICE, WEEKDAY_NAMES, WEEKDAYS


def format_value(pack: Pack, name: str, value: object) -> str:
    """Render one fact value for Danish text: labels, dd.mm.åååå, ja/nej."""
    fact = pack.facts.get(name)
    if fact is not None and fact.labels and isinstance(value, str):
        return fact.labels.get(value, value)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y kl. %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str) and name.endswith("_tid"):
        return value[:5]
    if isinstance(value, str) and name.endswith("_dato"):
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    return str(value)


def format_parameter(param: Parameter, day: dt.date) -> str:
    """Render the value of ``param`` in force on ``day`` for Danish text."""
    value = param.value_on(day)
    if isinstance(value, dict):
        return _format_schedule(value)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return "" if value is None else str(value)


def _format_schedule(days: dict[str, tuple[str, str]]) -> str:
    """Group weekdays with the same hours: 'mandag, tirsdag og torsdag 08.30-16.00; …'."""
    groups: dict[tuple[str, str], list[str]] = {}
    for day in WEEKDAYS:
        if day in days:
            groups.setdefault(tuple(days[day]), []).append(WEEKDAY_NAMES[day])  # type: ignore[arg-type]
    parts = []
    for (start, end), names in groups.items():
        joined = (
            names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
        )
        parts.append(f"{joined} {start.replace(':', '.')}-{end.replace(':', '.')}")
    return "; ".join(parts)


def build_decision(
    pack: Pack,
    match: Match,
    values: dict[str, Any],
    event: dict[str, Any],
    trace: list[dict[str, Any]] | None = None,
) -> Decision:
    """Assemble the decision for ``match`` on a call with ``values``."""
    owner: Rule | Fallback = (
        pack.rules[match.rule] if match.rule is not None else pack.fallback
    )
    rule_id = (
        f"{pack.pack}.{owner.id}"
        if isinstance(owner, Rule)
        else f"{pack.pack}.fallback"
    )
    then = owner.then
    addenda = [pack.addenda[i] for i in match.addenda]

    def fill(name: str) -> str:
        if name not in values and name not in event and name in pack.parameters:
            return format_parameter(pack.parameters[name], values["modtaget"].date())
        source = values if name in values else event
        return format_value(pack, name, source[name])

    texts = [render(pack.wordings[then.wording].text, fill)]
    texts += [
        render(pack.wordings[a.then.wording].text, fill)
        for a in addenda
        if a.then.wording
    ]
    wording = "\n\n".join(texts)

    def fill_macro(name: str) -> str:
        return wording if name == "wording" else fill(name)

    macros = [render(pack.journal_macros[then.journal_macro].text, fill_macro)]
    macros += [
        render(pack.journal_macros[a.then.journal_macro].text, fill_macro)
        for a in addenda
        if a.then.journal_macro
    ]
    steps = list(
        dict.fromkeys([*then.steps, *(s for a in addenda for s in a.then.steps)])
    )
    also = [
        a.then.refer_to
        for a in addenda
        if a.then.refer_to and a.then.refer_to != then.refer_to
    ]
    citations: list[Citation] = [
        *owner.citations,
        *(c for a in addenda for c in a.citations),
    ]
    return Decision(
        pack=pack.pack,
        pack_version=pack.version,
        rule_id=rule_id,
        action=then.action,
        action_text=then.action_text,
        resolution=then.resolution,
        alternatives=[
            Alternative.model_validate(a.model_dump()) for a in then.alternatives
        ],
        transfer_to=then.transfer_to,
        referral=then.refer_to is not None,
        refer_to=then.refer_to,
        also_refer_to=list(dict.fromkeys(also)),
        steps=steps,
        wording=wording,
        journal_macro="\n".join(macros),
        notice=NOTICE,
        sources=[Source.model_validate(c.model_dump()) for c in citations],
        addenda=[f"{pack.pack}.{a.id}" for a in addenda],
        call=_json_call(pack, values),
        trace=trace,
    )


def _json_call(pack: Pack, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"ordning": pack.pack}
    for name, value in values.items():
        if isinstance(value, dt.datetime):
            out[name] = value.isoformat(timespec="seconds")
        elif isinstance(value, dt.date):
            out[name] = value.isoformat()
        else:
            out[name] = value
    return out
