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
from flowrules.errors import EngineError
from flowrules.pack.digest import pack_digest
from flowrules.pack.schema import (
    Addendum,
    Citation,
    ContinueWith,
    Fallback,
    HandOff,
    Outcome,
    Pack,
    Rule,
)
from flowrules.template import placeholders, render
from flowrules.vocabulary import NOTICE


class _Part:
    """The fixed part of one outcome (rule or fallback), prepared once per pack."""

    def __init__(
        self, pack: Pack, owner: Rule | Fallback, then: Outcome, digest: str
    ) -> None:
        self.rule_id = (
            f"{pack.pack}.{owner.id}"
            if isinstance(owner, Rule)
            else f"{pack.pack}.fallback"
        )
        self.fields: dict[str, Any] = {
            "pack": pack.pack,
            "pack_version": pack.version,
            "pack_digest": digest,
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
        self.action_text = template(
            " ".join(
                [part.action_text, *(a.action_text for a in addenda if a.action_text)]
            )
        )
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
        self.action_text = then.action_text
        self.steps = then.steps
        self.refer_to = then.refer_to
        self.sources = _sources(addendum.citations)
        self.wording = pack.wordings[then.wording].text if then.wording else None
        self.macro = (
            pack.journal_macros[then.journal_macro].text if then.journal_macro else None
        )


class DecisionBuilder:
    """Assemble decisions for one pack; each outcome's fixed parts are prepared once."""

    def __init__(self, pack: Pack, digest: str | None = None) -> None:
        self.pack = pack
        #: The digest every decision of this pack carries (``pack_digest``).
        self.digest = digest or pack_digest(pack)
        self._templates: dict[str, _Template] = {}
        self._rules = [
            None if isinstance(r.then, HandOff) else _Part(pack, r, r.then, self.digest)
            for r in pack.rules
        ]
        #: Per rule index: where a hand-off rule sends the call (``continue_with``).
        self.handoffs: dict[int, ContinueWith] = {
            i: r.then.continue_with
            for i, r in enumerate(pack.rules)
            if isinstance(r.then, HandOff)
        }
        self._fallback = _Part(pack, pack.fallback, pack.fallback.then, self.digest)
        self._addenda = [_Addendum(pack, a) for a in pack.addenda]
        self._outcomes: dict[Match, _Outcome] = {}
        parts = [p for p in (*self._rules, self._fallback) if p is not None]
        #: Every name a text of this pack fills in (facts, event facts, parameters).
        self.reads = frozenset(
            name
            for text in (
                *(w.text for w in pack.wordings.values()),
                *(m.text for m in pack.journal_macros.values()),
                *(p.action_text for p in parts),
                *(a.action_text for a in self._addenda if a.action_text),
                *(a.criterion for p in parts for a in p.alternatives),
            )
            for name, _ in placeholders(text)
        )

    def template(self, text: str) -> _Template:
        """Return the parsed template of ``text`` (shared by every outcome)."""
        template = self._templates.get(text)
        if template is None:
            template = self._templates[text] = _Template(self.pack, text)
        return template

    def _outcome(self, match: Match) -> _Outcome:
        outcome = self._outcomes.get(match)
        if outcome is None:
            part = self._fallback if match.rule is None else self._rules[match.rule]
            if part is None:
                msg = (
                    f"rule {match.rule} of {self.pack.ref} hands the call on; route it"
                )
                raise EngineError(msg)
            addenda = [self._addenda[i] for i in match.addenda]
            outcome = self._outcomes.setdefault(match, _Outcome(self, part, addenda))
        return outcome

    def build(
        self,
        match: Match,
        prepared: Prepared,
        trace: list[dict[str, Any]] | None = None,
        *,
        routed_from: tuple[str, ...] = (),
        received: dict[str, Any] | None = None,
    ) -> Decision:
        """Assemble the decision for ``match`` on a prepared call.

        ``routed_from`` lists the hand-off rules the call passed through and
        ``received`` is then the call record as the first pack received it.
        """
        values, event, call = prepared
        outcome = self._outcomes.get(match) or self._outcome(match)
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
        fields["routed_from"] = list(routed_from)
        fields["call_id"] = values.get("call_id")
        fields["call"] = call if received is None else received
        fields["missing"] = []
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
