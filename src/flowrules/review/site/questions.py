"""The Danish text of a flowchart's questions and answers, from the pack's own words.

A question about a fact uses the fact's ``question`` when the pack has one,
otherwise its description; answers use the fact's labels for enum values.
Conditions that are not a choice between values (dates, numbers, opening
hours, a parameter) become ja/nej questions phrased as in the pack pages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from flowrules.danish import yes_no
from flowrules.pack.schema import Pack, Test
from flowrules.review.phrasing import condition_phrase
from flowrules.review.site.labels import SiteLabels

_CHOICE_OPS = {"eq", "ne", "one_of", "not_one_of", "exists"}
_AMBIGUITY_REF = re.compile(r"\s*\((?:[^()]*\bA\d\d\b[^()]*)\)")
_INTERVAL_NOTE = re.compile(r"\s*\(\[start, slut\)\)")
ABSENT = object()


def _clean(text: str) -> str:
    """A description as a label: A-number references and the final full stop removed."""
    text = _AMBIGUITY_REF.sub("", " ".join(text.split()))
    text = _INTERVAL_NOTE.sub("", text)
    return text.rstrip(". ")


class Questions:
    """Question and answer texts for the facts and parameters of one pack."""

    def __init__(self, pack: Pack, labels: SiteLabels) -> None:
        self.pack, self.labels = pack, labels

    def is_choice(self, fact: str, test: Any) -> bool:
        """Whether a condition is a choice between the values of an enum or yes/no fact."""
        decl = self.pack.facts.get(fact)
        if (
            decl is None
            or decl.derived is not None
            or decl.type not in ("enum", "bool")
        ):
            return False
        if isinstance(test, Test):
            ops = {op for op, _ in test.operators()}
            return ops <= _CHOICE_OPS
        return isinstance(test, (str, bool))

    def answers(self, fact: str) -> list[object]:
        """Every answer a choice question has: the values, then ``ikke oplyst`` if optional."""
        decl = self.pack.facts[fact]
        values: list[object] = (
            list(decl.values) if decl.type == "enum" else [True, False]
        )
        return values if decl.required else [*values, ABSENT]

    def subject(self, fact: str) -> str:
        """What a fact is, in Danish (its question or description)."""
        decl = self.pack.facts.get(fact)
        if decl is not None:
            question = getattr(decl, "question", None)
            return _clean(question or decl.description)
        param = self.pack.parameters.get(fact)
        if param is not None:
            return _clean(param.description)
        if fact in self.labels.core_facts:
            return self.labels.core_facts[fact].capitalize()
        for suffix, label in self.labels.suffixes.items():
            if fact.endswith(suffix):
                return f"{self.subject(fact[: -len(suffix)])} {label}"
        return fact.replace("_", " ")

    def ask(self, fact: str) -> str:
        """The question of a choice node."""
        text = self.subject(fact)
        return text if text.endswith("?") else f"{text}?"

    def value_label(self, fact: str, value: object) -> str:
        """One answer in Danish: the fact's label, ja/nej, or ``ikke oplyst``."""
        if value is ABSENT:
            return self.labels.answer("absent")
        if isinstance(value, bool):
            return yes_no(value)
        decl = self.pack.facts.get(fact)
        text = str(value)
        if decl is not None and text in decl.labels:
            return decl.labels[text]
        return text.replace("_", " ")

    def answer_text(self, fact: str, values: Sequence[object]) -> str:
        """The label of an edge that stands for several answers."""
        return ", ".join(self.value_label(fact, v) for v in values)

    def yes_no(self, fact: str, test: Any) -> str:
        """A ja/nej question for any other condition, e.g. ``Opkaldets tidspunkt: uden for …?``."""
        if fact == "*any*":
            groups = [" og ".join(self._phrases(f, t) for f, t in g) for g in test]
            return f"{self.labels.answer('any_of')} " + "; ".join(groups) + "?"
        return f"{self._phrases(fact, test)}?"

    def condition(self, fact: str, test: Any) -> str:
        """A condition in Danish with the fact's own words: ``<what it is>: <test>``."""
        return self._phrases(fact, test)

    def _phrases(self, fact: str, test: Any) -> str:
        ops = test.operators() if isinstance(test, Test) else [("eq", test)]
        parts = []
        for op, operand in ops:
            if op in ("within", "outside"):
                where = "inden for" if op == "within" else "uden for"
                param = self.pack.parameters.get(str(operand))
                name = _clean(param.description) if param else str(operand)
                parts.append(f"{where}: {name[0].lower()}{name[1:]}")
                continue
            phrase = condition_phrase(self.pack, fact, op, operand, md=False)
            parts.append(
                phrase[len(fact) :].strip() if phrase.startswith(fact) else phrase
            )
        return f"{self.subject(fact)}: " + " og ".join(parts)
