"""Which input facts each outcome's texts show, and which facts an event fact comes from.

A decision's texts fill placeholders from the call, so two completions with
the same deciding rule still give different decisions when a text shows a fact
on which they differ. The guided interview therefore needs, per outcome (a
rule, a rule's chosen alternative, the fallback, an addendum), the input facts
its texts read, and, per event fact a test reads, the input facts it is built
from (a day count from its two dates, a datetime's parts from the datetime, a
parameter from the call's date).
"""

from __future__ import annotations

from collections.abc import Iterable

from flowrules.pack.schema import Alternative, Outcome, Pack
from flowrules.template import placeholders

_PARTS = ("_dato", "_tid", "_ugedag")


class OutcomeTexts:
    """The facts behind event facts and texts of one pack."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self._datetimes = {
            "modtaget",
            *(n for n, f in pack.facts.items() if f.type == "datetime"),
        }
        self._rules = [rule.then for rule in pack.rules]
        self._choices = [
            tuple(a.choice_id for a in then.alternatives) for then in self._rules
        ]

    def sources(self, key: str) -> frozenset[str]:
        """Return the input facts (``modtaget`` included) event fact ``key`` is built from."""
        fact = self.pack.facts.get(key)
        if fact is not None:
            if fact.derived is not None:
                return frozenset(fact.derived.days_between)
            return frozenset((key,))
        base = key.split("@", 1)[0]
        for suffix in _PARTS:
            stem = base[: -len(suffix)]
            if base.endswith(suffix) and stem in self._datetimes:
                base = stem
                break
        if base == "modtaget" or base in self.pack.parameters:
            return frozenset(("modtaget",))
        if base in self.pack.facts:
            return frozenset((base,))
        return frozenset()

    def choices(self, rule: int | None) -> tuple[str, ...]:
        """Return the ``valg`` values rule ``rule`` answers to (none for the fallback)."""
        return () if rule is None else self._choices[rule]

    def outcome_facts(self, rule: int | None, choice: str | None) -> frozenset[str]:
        """Return the input facts shown by the texts of a rule's outcome (or a chosen alternative)."""
        then = self.pack.fallback.then if rule is None else self._rules[rule]
        alt = next((a for a in then.alternatives if a.choice_id == choice), None)
        return self._facts(self._texts(then, alt))

    def addendum_facts(self, index: int) -> frozenset[str]:
        """Return the input facts shown by an addendum's wording and macro."""
        then = self.pack.addenda[index].then
        texts = []
        if then.wording:
            texts.append(self.pack.wordings[then.wording].text)
        if then.journal_macro:
            texts.append(self.pack.journal_macros[then.journal_macro].text)
        return self._facts(texts)

    def _texts(self, then: Outcome, alt: Alternative | None) -> list[str]:
        if alt is None:
            return [
                then.action_text,
                self.pack.wordings[then.wording].text,
                self.pack.journal_macros[then.journal_macro].text,
                *(a.criterion for a in then.alternatives),
            ]
        return [
            alt.action_text or then.action_text,
            self.pack.wordings[alt.wording or then.wording].text,
            self.pack.journal_macros[alt.journal_macro or then.journal_macro].text,
        ]

    def _facts(self, texts: Iterable[str]) -> frozenset[str]:
        names = {name for text in texts for name, _ in placeholders(text)}
        return frozenset().union(*(self.sources(n) for n in names))
