"""Turn a match into a :class:`~flowrules.decision.Decision`: texts, steps, sources.

All wording comes from the pack; this module only fills placeholders and
joins the deciding rule's outcome with the addenda that apply.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flowrules.decision import Alternative, Decision, RuleTrace, Source
from flowrules.ir import Match
from flowrules.model import Citation, Fallback, Pack, Parameter, Rule
from flowrules.template import placeholders, render
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
    """Group weekdays with the same hours: 'mandag-torsdag 08.30-16.00; fredag 08.30-15.00'."""
    groups: dict[tuple[str, str], list[int]] = {}
    for index, day in enumerate(WEEKDAYS):
        if day in days:
            start, end = days[day]
            groups.setdefault((start, end), []).append(index)
    parts = []
    for (start, end), indexes in groups.items():
        parts.append(
            f"{_join_days(indexes)} {start.replace(':', '.')}-{end.replace(':', '.')}"
        )
    return "; ".join(parts)


def _join_days(indexes: list[int]) -> str:
    """'mandag-fredag' for runs of three or more days, else 'mandag, tirsdag og torsdag'."""
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    names: list[str] = []
    for run in runs:
        if len(run) >= 3:
            names.append(
                f"{WEEKDAY_NAMES[WEEKDAYS[run[0]]]}-{WEEKDAY_NAMES[WEEKDAYS[run[-1]]]}"
            )
        else:
            names.extend(WEEKDAY_NAMES[WEEKDAYS[i]] for i in run)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


class _Part:
    """The fixed part of one outcome (rule or fallback), prepared once per pack."""

    def __init__(self, pack: Pack, owner: Rule | Fallback) -> None:
        then = owner.then
        self.rule_id = (
            f"{pack.pack}.{owner.id}"
            if isinstance(owner, Rule)
            else f"{pack.pack}.fallback"
        )
        self.fields: dict[str, Any] = {
            "pack": pack.pack,
            "pack_version": pack.version,
            "rule_id": self.rule_id,
            "action": then.action,
            "action_text": then.action_text,
            "resolution": then.resolution,
            "transfer_to": then.transfer_to,
            "referral": then.refer_to is not None,
            "refer_to": then.refer_to,
            "notice": NOTICE,
        }
        self.alternatives = [
            Alternative.model_validate(a.model_dump()) for a in then.alternatives
        ]
        self.action_text = then.action_text
        self.templated = any("{" in a.criterion for a in then.alternatives)
        self.steps = list(then.steps)
        self.refer_to = then.refer_to
        self.sources = _sources(owner.citations)
        self.wording = pack.wordings[then.wording].text
        self.macro = pack.journal_macros[then.journal_macro].text


def _sources(citations: tuple[Citation, ...]) -> list[Source]:
    return [Source.model_validate(c.model_dump()) for c in citations]


class _Template:
    """A text with ``{name}`` placeholders, parsed once; renderings are memoised by value."""

    LIMIT = 4096

    def __init__(self, pack: Pack, text: str) -> None:
        self.pack = pack
        self.text = text
        self.names = tuple(dict.fromkeys(name for name, _ in placeholders(text)))
        self._cache: dict[tuple[object, ...], str] = {}

    def fill(self, raw: Any) -> str:
        """Render with ``raw(name)`` giving each placeholder's value (or the date, for parameters)."""
        if not self.names:
            return self.text
        key = tuple(raw(name) for name in self.names)
        rendered = self._cache.get(key)
        if rendered is None:
            shown = dict(zip(self.names, key, strict=True))
            rendered = render(self.text, lambda name: self._show(name, shown[name]))
            if len(self._cache) >= self.LIMIT:
                self._cache.clear()
            self._cache[key] = rendered
        return rendered

    def _show(self, name: str, value: object) -> str:
        if name == "wording" and isinstance(value, str):
            return value
        if (
            name in self.pack.parameters
            and name not in self.pack.facts
            and isinstance(value, dt.date)
        ):
            return format_parameter(self.pack.parameters[name], value)
        return format_value(self.pack, name, value)


class DecisionBuilder:
    """Assemble decisions for one pack; the fixed parts of each outcome are prepared once."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._templates: dict[str, _Template] = {}
        self._rules = [_Part(pack, r) for r in pack.rules]
        self._fallback = _Part(pack, pack.fallback)
        self._addenda = [
            (
                f"{pack.pack}.{a.id}",
                a.then,
                _sources(a.citations),
                pack.wordings[a.then.wording].text if a.then.wording else None,
                pack.journal_macros[a.then.journal_macro].text
                if a.then.journal_macro
                else None,
            )
            for a in pack.addenda
        ]

    def _template(self, text: str) -> _Template:
        template = self._templates.get(text)
        if template is None:
            template = self._templates[text] = _Template(self.pack, text)
        return template

    def build(
        self,
        match: Match,
        values: dict[str, Any],
        event: dict[str, Any],
        trace: list[dict[str, Any]] | None = None,
    ) -> Decision:
        """Assemble the decision for ``match`` on a call with ``values``."""
        pack = self.pack
        part = self._fallback if match.rule is None else self._rules[match.rule]
        addenda = [self._addenda[i] for i in match.addenda]

        day = values["modtaget"].date()

        def raw(name: str) -> object:
            if name in values:
                return values[name]
            if name in event:
                return event[name]
            return day  # a parameter: its value depends on the call's date

        texts = [self._template(part.wording).fill(raw)]
        texts += [
            self._template(text).fill(raw) for _, _, _, text, _ in addenda if text
        ]
        wording = "\n\n".join(texts)

        def raw_macro(name: str) -> object:
            return wording if name == "wording" else raw(name)

        macros = [self._template(part.macro).fill(raw_macro)]
        macros += [self._template(t).fill(raw_macro) for _, _, _, _, t in addenda if t]
        steps = part.steps
        sources = part.sources
        also: list[str] = []
        if addenda:
            steps = list(
                dict.fromkeys([*steps, *(s for a in addenda for s in a[1].steps)])
            )
            sources = [*sources, *(s for a in addenda for s in a[2])]
            also = list(
                dict.fromkeys(
                    a[1].refer_to
                    for a in addenda
                    if a[1].refer_to and a[1].refer_to != part.refer_to
                )
            )
        fields = {
            **part.fields,
            "action_text": self._template(part.action_text).fill(raw),
            "alternatives": [
                a.model_copy(
                    update={"criterion": self._template(a.criterion).fill(raw)}
                )
                for a in part.alternatives
            ]
            if part.templated
            else list(part.alternatives),
            "also_refer_to": also,
            "steps": list(steps),
            "wording": wording,
            "journal_macro": "\n".join(macros),
            "sources": list(sources),
            "addenda": [a[0] for a in addenda],
            "call": {
                "ordning": pack.pack,
                **{k: event.get(k, v) for k, v in values.items() if k != "ordning"},
            },
            "trace": None
            if trace is None
            else [RuleTrace.model_validate(t) for t in trace],
        }
        # Every part comes from a validated pack and call: no need to validate again.
        return _construct(fields)


_DECISION_FIELDS = frozenset(Decision.model_fields)


def _construct(fields: dict[str, Any]) -> Decision:
    """Build a Decision from already valid fields without pydantic's per-field work.

    Equivalent to ``Decision.model_construct(**fields)`` when every field is
    given (a test compares the two and a validated copy); about ten times faster.
    """
    decision = Decision.__new__(Decision)
    object.__setattr__(decision, "__dict__", fields)
    object.__setattr__(decision, "__pydantic_fields_set__", set(_DECISION_FIELDS))
    object.__setattr__(decision, "__pydantic_extra__", None)
    object.__setattr__(decision, "__pydantic_private__", None)
    return decision
