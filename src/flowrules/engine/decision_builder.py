"""Build the :class:`~flowrules.decision.Decision` for a match: texts, steps, sources.

All wording comes from the pack; this module only fills placeholders and
joins the deciding rule's outcome with the addenda that apply.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flowrules.decision import Alternative, Decision, RuleTrace, Source
from flowrules.engine.event import Prepared
from flowrules.engine.program import Match
from flowrules.engine.text_values import format_parameter, format_value
from flowrules.pack.schema import Addendum, Citation, Fallback, Pack, Rule
from flowrules.pack.schema import Alternative as PackAlternative
from flowrules.template import placeholders, render
from flowrules.vocabulary import NOTICE, VALG_FIELD


class _Part:
    """The fixed part of one outcome (rule, fallback or chosen alternative), prepared once."""

    def __init__(
        self, pack: Pack, owner: Rule | Fallback, chosen: PackAlternative | None = None
    ) -> None:
        then = owner.then
        self.rule_id = (
            f"{pack.pack}.{owner.id}"
            if isinstance(owner, Rule)
            else f"{pack.pack}.fallback"
        )
        # A chosen alternative is the whole outcome; what it leaves out is the rule's.
        alt = chosen or then
        resolution = alt.resolution
        transfer_to, refer_to = alt.transfer_to, alt.refer_to
        self.fields: dict[str, Any] = {
            "pack": pack.pack,
            "pack_version": pack.version,
            "pack_digest": None,
            "rule_id": self.rule_id,
            "action": alt.action or then.action,
            "action_text": alt.action_text or then.action_text,
            "resolution": resolution,
            "transfer_to": transfer_to,
            "referral": refer_to is not None,
            "refer_to": refer_to,
            "notice": NOTICE,
        }
        self.alternatives = (
            []
            if chosen is not None
            else [_public_alternative(a) for a in then.alternatives]
        )
        self.action_text = self.fields["action_text"]
        self.templated = any("{" in a.criterion for a in self.alternatives)
        self.steps = list(then.steps if alt.steps is None else alt.steps)
        self.refer_to = refer_to
        self.sources = _sources(owner.citations)
        self.wording = pack.wordings[alt.wording or then.wording].text
        self.macro = pack.journal_macros[alt.journal_macro or then.journal_macro].text


def _public_alternative(alt: PackAlternative) -> Alternative:
    return Alternative(
        resolution=alt.resolution,
        criterion=alt.criterion,
        transfer_to=alt.transfer_to,
        refer_to=alt.refer_to,
        choice=alt.choice_id,
        label=alt.label,
    )


def _sources(citations: tuple[Citation, ...]) -> list[Source]:
    return [Source.model_validate(c.model_dump()) for c in citations]


class _Template:
    """A text with ``{name}`` placeholders, parsed once (renderings are memoised per outcome)."""

    def __init__(self, pack: Pack, text: str) -> None:
        self.pack = pack
        self.text = text
        self.names = tuple(dict.fromkeys(name for name, _ in placeholders(text)))

    def fill(self, raw: Any) -> str:
        """Render with ``raw(name)`` giving each placeholder's value (or the date, for parameters)."""
        if not self.names:
            return self.text
        return render(self.text, lambda name: self._show(name, raw(name)))

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


class _Outcome:
    """One match (a rule or the fallback, plus addenda): its fixed parts and texts.

    The texts depend only on the values of the placeholders they name; they
    are rendered once per distinct tuple of values (at most :attr:`LIMIT`
    kept) into the decision fields that do not depend on the rest of the call.
    """

    LIMIT = 64

    def __init__(
        self, builder: DecisionBuilder, part: _Part, addenda: list[_Addendum]
    ) -> None:
        template = builder.template
        self.wordings = [template(part.wording)] + [
            template(a.wording) for a in addenda if a.wording
        ]
        self.macros = [template(part.macro)] + [
            template(a.macro) for a in addenda if a.macro
        ]
        self.action_text = template(part.action_text)
        self.criteria = (
            [template(a.criterion) for a in part.alternatives] if part.templated else []
        )
        self.names = tuple(
            dict.fromkeys(
                name
                for t in (
                    *self.wordings,
                    *self.macros,
                    self.action_text,
                    *self.criteria,
                )
                for name in t.names
                if name != "wording"
            )
        )
        steps = part.steps
        sources = part.sources
        also: list[str] = []
        if addenda:
            steps = list(
                dict.fromkeys([*steps, *(s for a in addenda for s in a.steps)])
            )
            sources = [*sources, *(s for a in addenda for s in a.sources)]
            also = list(
                dict.fromkeys(
                    a.refer_to
                    for a in addenda
                    if a.refer_to and a.refer_to != part.refer_to
                )
            )
        self.part = part
        self.fixed: dict[str, Any] = {
            **part.fields,
            "alternatives": list(part.alternatives),
            "also_refer_to": also,
            "steps": list(steps),
            "wording": "",
            "journal_macro": "",
            "sources": list(sources),
            "addenda": [a.id for a in addenda],
        }
        self._cache: dict[tuple[object, ...], dict[str, Any]] = {}

    def fields(self, key: tuple[object, ...]) -> dict[str, Any]:
        """Return the decision fields for placeholder values ``key`` (do not mutate)."""
        fields = self._cache.get(key)
        if fields is None:
            fields = self._render(dict(zip(self.names, key, strict=True)))
            if len(self._cache) >= self.LIMIT:
                self._cache.clear()
            self._cache[key] = fields
        return fields

    def _render(self, raw: dict[str, object]) -> dict[str, Any]:
        wording = "\n\n".join(t.fill(raw.__getitem__) for t in self.wordings)
        raw["wording"] = wording
        fields = dict(self.fixed)
        fields["action_text"] = self.action_text.fill(raw.__getitem__)
        if self.criteria:
            fields["alternatives"] = [
                a.model_copy(update={"criterion": t.fill(raw.__getitem__)})
                for a, t in zip(self.part.alternatives, self.criteria, strict=True)
            ]
        fields["wording"] = wording
        fields["journal_macro"] = "\n".join(
            t.fill(raw.__getitem__) for t in self.macros
        )
        return fields


class _Addendum:
    """The fixed part of one addendum, prepared once per pack."""

    def __init__(self, pack: Pack, addendum: Addendum) -> None:
        then = addendum.then
        self.id = f"{pack.pack}.{addendum.id}"
        self.steps = then.steps
        self.refer_to = then.refer_to
        self.sources = _sources(addendum.citations)
        self.wording = pack.wordings[then.wording].text if then.wording else None
        self.macro = (
            pack.journal_macros[then.journal_macro].text if then.journal_macro else None
        )


class DecisionBuilder:
    """Assemble decisions for one pack; each outcome's fixed parts are prepared once."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._templates: dict[str, _Template] = {}
        self._rules = [_Part(pack, r) for r in pack.rules]
        self._fallback = _Part(pack, pack.fallback)
        #: Per rule with alternatives: each ``valg`` value and its outcome.
        self._chosen: dict[tuple[int, str], _Part] = {
            (i, alt.choice_id): _Part(pack, rule, alt)
            for i, rule in enumerate(pack.rules)
            for alt in rule.then.alternatives
        }
        self._addenda = [_Addendum(pack, a) for a in pack.addenda]
        self._outcomes: dict[Match | tuple[Match, str], _Outcome] = {}
        #: Every name a text of this pack fills in (facts, event facts, parameters).
        self.reads = frozenset(
            name
            for text in (
                *(w.text for w in pack.wordings.values()),
                *(m.text for m in pack.journal_macros.values()),
                *(
                    p.action_text
                    for p in (*self._rules, self._fallback, *self._chosen.values())
                ),
                *(
                    a.criterion
                    for p in (*self._rules, self._fallback)
                    for a in p.alternatives
                ),
            )
            for name, _ in placeholders(text)
        )

    def template(self, text: str) -> _Template:
        """Return the parsed template of ``text`` (shared by every outcome)."""
        template = self._templates.get(text)
        if template is None:
            template = self._templates[text] = _Template(self.pack, text)
        return template

    def _outcome(self, match: Match, choice: str | None = None) -> _Outcome:
        key: Match | tuple[Match, str] = match
        part = self._fallback if match.rule is None else self._rules[match.rule]
        if choice is not None and match.rule is not None:
            chosen = self._chosen.get((match.rule, choice))
            if chosen is not None:
                key, part = (match, choice), chosen
        outcome = self._outcomes.get(key)
        if outcome is None:
            addenda = [self._addenda[i] for i in match.addenda]
            outcome = self._outcomes.setdefault(key, _Outcome(self, part, addenda))
        return outcome

    def build(
        self,
        match: Match,
        prepared: Prepared,
        trace: list[dict[str, Any]] | None = None,
        missing: list[str] | None = None,
    ) -> Decision:
        """Assemble the decision for ``match`` on a prepared call.

        ``missing`` names, for a fallback, the absent facts that made it fall back.
        """
        values, event, call = prepared
        choice = values.get(VALG_FIELD)
        outcome = (
            self._outcome(match, choice)
            if choice is not None
            else self._outcomes.get(match) or self._outcome(match)
        )
        if outcome.names:
            # A placeholder names a fact of the call, a fact of the event, or
            # else a parameter, whose value depends on the call's date.
            day = values["modtaget"].date()
            key = tuple(
                values[name] if name in values else event.get(name, day)
                for name in outcome.names
            )
            fields = dict(outcome.fields(key))
        else:
            fields = dict(outcome.fields(()))
        # Fresh lists for every decision: a caller may change its own.
        fields["alternatives"] = [*fields["alternatives"]]
        fields["also_refer_to"] = [*fields["also_refer_to"]]
        fields["steps"] = [*fields["steps"]]
        fields["sources"] = [*fields["sources"]]
        fields["addenda"] = [*fields["addenda"]]
        fields["routed_from"] = []
        fields["call_id"] = None
        fields["call"] = call
        fields["missing"] = [] if missing is None else [*missing]
        fields["trace"] = (
            None if trace is None else [RuleTrace.model_validate(t) for t in trace]
        )
        # Every part comes from a validated pack and call: no need to validate again.
        return _construct(fields)


_DECISION_FIELDS = frozenset(Decision.model_fields)


def _construct(fields: dict[str, Any]) -> Decision:
    """Build a Decision from already valid fields without pydantic's per-field work.

    Equivalent to ``Decision.model_construct(**fields)`` when every field is
    given (a test compares the two and a validated copy); about ten times faster.
    """
    decision = _new(Decision)
    _set(decision, "__dict__", fields)
    _set(decision, "__pydantic_fields_set__", set(_DECISION_FIELDS))
    _set(decision, "__pydantic_extra__", None)
    _set(decision, "__pydantic_private__", None)
    return decision


_new = Decision.__new__
_set = object.__setattr__
