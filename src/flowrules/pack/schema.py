"""The pack file format as pydantic models (the input schema of a rule pack).

YAML keys are identical to the field names, so pydantic's ``loc`` is the YAML
path and every problem maps back to a line and column. The models check the
*shape* of a pack; :mod:`flowrules.pack.checks` checks the cross references
(wording ids, facts, units, steps, placeholders) with Danish diagnostics.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
)

from flowrules.vocabulary import Resolution, Weekday

Id = Annotated[
    StrictStr, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)
]
CalVer = Annotated[StrictStr, StringConstraints(pattern=r"^\d{4}\.\d{1,3}$")]
ClockTime = Annotated[
    StrictStr, StringConstraints(pattern=r"^([01]\d|2[0-4]):[0-5]\d$")
]
AmbiguityId = Annotated[StrictStr, StringConstraints(pattern=r"^A(0[1-9]|[1-4]\d|50)$")]
SeedName = Annotated[StrictStr, StringConstraints(pattern=r"^\d{3}_[0-9a-f]{16}\.txt$")]
Text = Annotated[StrictStr, StringConstraints(min_length=1, max_length=4000)]
FactType = Literal["enum", "bool", "int", "date", "datetime"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Model):
    """A source for a rule: the seed file, its section and a short verbatim quote."""

    document: SeedName
    section: Text
    quote: Annotated[StrictStr, StringConstraints(min_length=8, max_length=600)]


class Note(_Model):
    """A recorded choice between conflicting sources (inventory A01-A50)."""

    ambiguity: AmbiguityId
    text: Text


class ParamRef(_Model):
    """A reference to a date-effective pack parameter inside a condition."""

    param: Id


Literal_ = StrictBool | StrictInt | date | StrictStr
Operand = ParamRef | StrictBool | StrictInt | date | StrictStr


class Test(_Model):
    """Operators on one fact; several operators in one mapping must all hold."""

    eq: Operand | None = None
    ne: Operand | None = None
    one_of: tuple[Literal_, ...] | None = Field(default=None, min_length=1)
    not_one_of: tuple[Literal_, ...] | None = Field(default=None, min_length=1)
    lt: Operand | None = None
    lte: Operand | None = None
    gt: Operand | None = None
    gte: Operand | None = None
    exists: StrictBool | None = None
    within: Id | None = None
    outside: Id | None = None

    def operators(self) -> list[tuple[str, object]]:
        """Return the operators that are set, in declaration order."""
        return [(k, v) for k, v in self if v is not None]


Condition = Test | StrictBool | StrictInt | date | StrictStr
Conditions = dict[Id, Condition]


class DaysBetween(_Model):
    """A derived integer fact: whole calendar days from one date fact to another."""

    days_between: tuple[Id, Id]


class Fact(_Model):
    """A declared input fact: its type, allowed values, Danish question and labels.

    ``question`` is what the guided interview asks (one neutral Danish
    sentence); ``labels`` name every enum value in Danish (answers and texts).
    """

    type: FactType
    description: Text
    question: Text | None = None
    values: tuple[Id, ...] = ()
    labels: dict[Id, Text] = {}
    required: StrictBool = False
    derived: DaysBetween | None = None


class Alternative(_Model):
    """One of the outcomes the employee may choose at a graenseflade.

    A call whose ``valg`` names the alternative's ``choice`` (by default its
    resolution) is decided with the alternative's own outcome: its action,
    steps, wording and journal macro (steps and action default to the rule's).
    """

    resolution: Literal["straksafklaring", "omstilling"]
    criterion: Text
    transfer_to: Id | None = None
    refer_to: Id | None = None
    choice: Id | None = None
    label: Text | None = None
    action: Id | None = None
    action_text: Text | None = None
    steps: tuple[Id, ...] | None = None
    wording: Id | None = None
    journal_macro: Id | None = None

    @property
    def choice_id(self) -> str:
        """Return the value of ``valg`` that chooses this alternative."""
        return self.choice or self.resolution


class Outcome(_Model):
    """What a rule recommends: action, resolution, units, steps, wording, macro."""

    action: Id
    action_text: Text
    resolution: Resolution
    transfer_to: Id | None = None
    refer_to: Id | None = None
    steps: tuple[Id, ...] = ()
    wording: Id
    journal_macro: Id
    alternatives: tuple[Alternative, ...] = ()


class Rule(_Model):
    """One rule: conditions (all of ``when``, and one group of ``when_any``)."""

    id: Id
    title: Text
    when: Conditions
    when_any: tuple[Conditions, ...] = ()
    then: Outcome
    citations: tuple[Citation, ...] = Field(min_length=1)
    notes: tuple[Note, ...] = ()


class Fallback(_Model):
    """The explicit, safe outcome when no rule matches (R30)."""

    title: Text
    then: Outcome
    citations: tuple[Citation, ...] = Field(min_length=1)
    notes: tuple[Note, ...] = ()


class Addition(_Model):
    """What an addendum adds on top of the deciding rule's outcome."""

    steps: tuple[Id, ...] = ()
    refer_to: Id | None = None
    wording: Id | None = None
    journal_macro: Id | None = None


class Addendum(_Model):
    """A cross-cutting rule applied in addition to the deciding rule (all matches)."""

    id: Id
    title: Text
    when: Conditions
    when_any: tuple[Conditions, ...] = ()
    then: Addition
    citations: tuple[Citation, ...] = Field(min_length=1)
    notes: tuple[Note, ...] = ()


Schedule = dict[Weekday, tuple[ClockTime, ClockTime]]


class ParamVersion(_Model):
    """One value of a parameter, in force from ``valid_from`` until ``valid_to``."""

    valid_from: date
    valid_to: date | None = None
    value: StrictBool | StrictInt | Schedule


class Parameter(_Model):
    """A date-effective parameter (opening hours, deadlines) with its sources."""

    type: Literal["bool", "int", "schedule"]
    description: Text
    versions: tuple[ParamVersion, ...] = Field(min_length=1)
    citations: tuple[Citation, ...] = Field(min_length=1)
    notes: tuple[Note, ...] = ()

    def value_on(self, day: date) -> bool | int | dict[str, tuple[str, str]] | None:
        """Return the value in force on ``day``, or ``None`` if no version covers it."""
        for version in self.versions:
            if version.valid_from <= day and (
                version.valid_to is None or day < version.valid_to
            ):
                return version.value  # type: ignore[return-value]
        return None


class Wording(_Model):
    """Citizen-facing Danish text; ``{fact}`` placeholders are filled from the call."""

    decision_maker: Text
    text: Text


class JournalMacro(_Model):
    """Journal note template; ``{wording}`` inserts what the citizen was told."""

    title: Text
    text: Text


class Pack(_Model):
    """A rule pack: one ordning, one version, its facts, rules and texts."""

    pack: Id
    title: Text
    version: CalVer
    valid_from: date
    valid_to: date | None = None
    description: Text
    facts: dict[Id, Fact]
    parameters: dict[Id, Parameter] = {}
    rules: tuple[Rule, ...] = Field(min_length=1)
    addenda: tuple[Addendum, ...] = ()
    fallback: Fallback
    wordings: dict[Id, Wording]
    journal_macros: dict[Id, JournalMacro]
    notes: tuple[Note, ...] = ()

    @property
    def ref(self) -> str:
        """Return ``pack@version``, the way diagnostics name a pack."""
        return f"{self.pack}@{self.version}"

    def choices(self) -> tuple[str, ...]:
        """Return every ``valg`` value an alternative of this pack answers to, in order."""
        outcomes = [r.then for r in self.rules] + [self.fallback.then]
        return tuple(
            dict.fromkeys(a.choice_id for o in outcomes for a in o.alternatives)
        )
