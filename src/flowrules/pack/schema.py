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
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    Tag,
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


class Derived(_Model):
    """A derived integer fact, computed from two date or date-time facts.

    ``days_between``: whole calendar days from the first to the second;
    ``minutes_between``: whole minutes from the first date-time to the second,
    rounded down (negative when the second lies before the first). Give one.
    """

    days_between: tuple[Id, Id] | None = None
    minutes_between: tuple[Id, Id] | None = None

    @property
    def sources(self) -> tuple[str, str]:
        """The two facts it is computed from, in order."""
        pair = self.days_between or self.minutes_between
        return pair if pair is not None else ("", "")

    @property
    def unit(self) -> str:
        """``days`` or ``minutes``."""
        return "days" if self.days_between is not None else "minutes"

    @property
    def key(self) -> str:
        """The YAML key it is written with."""
        return "days_between" if self.days_between is not None else "minutes_between"


class Claim(_Model):
    """Phrases that state something about a fact; a text with one needs a rule that tests it.

    A rule (or addendum) whose action text, wording or macro contains one of
    ``phrases`` (case and line breaks ignored) must imply the claim in every
    branch of its conditions: ``value`` or ``values`` (tested with ``eq`` or
    ``one_of``, never ``ne``), ``absent`` (``exists: false``), a comparison
    (``lt`` … ``gte`` on an int fact) or, on a schedule parameter,
    ``within``/``outside`` (``modtaget: {outside: parameter}``). The fallback
    implies nothing. An absent optional fact is then never written into a
    text as if it were false (PK19).
    """

    phrases: tuple[Annotated[StrictStr, StringConstraints(min_length=3)], ...] = Field(
        min_length=1
    )
    value: StrictBool | StrictInt | StrictStr | None = None
    values: tuple[Id, ...] = ()
    absent: StrictBool = False
    lt: StrictInt | None = None
    lte: StrictInt | None = None
    gt: StrictInt | None = None
    gte: StrictInt | None = None
    within: StrictBool = False
    outside: StrictBool = False


class Fact(_Model):
    """A declared input fact: its type, allowed values and Danish labels."""

    type: FactType
    description: Text
    values: tuple[Id, ...] = ()
    labels: dict[Id, Text] = {}
    required: StrictBool = False
    derived: Derived | None = None
    claims: tuple[Claim, ...] = ()


class Alternative(_Model):
    """One of the outcomes the employee may choose at a graenseflade."""

    resolution: Literal["straksafklaring", "omstilling"]
    criterion: Text
    transfer_to: Id | None = None
    refer_to: Id | None = None


class Outcome(_Model):
    """What a rule recommends: action, resolution, units, steps, wording, macro.

    ``line_closed`` marks the message of a closed line: no call was handled, so
    the afklaringsprocent leaves it out (``flowrules impact``, inventory A07).
    """

    action: Id
    action_text: Text
    resolution: Resolution
    transfer_to: Id | None = None
    refer_to: Id | None = None
    steps: tuple[Id, ...] = ()
    wording: Id
    journal_macro: Id
    alternatives: tuple[Alternative, ...] = ()
    line_closed: StrictBool = False


class ContinueWith(_Model):
    """Where a hand-off sends the call: another pack's call type (SPEC "Hand-off").

    ``implies`` fills core facts that the source call type settles (for
    example ``aftale: tilbud`` for an afbud to a tilbud) only where the call
    does not carry them; a value on the call always wins.
    """

    ordning: Id
    henvendelse: Id
    implies: dict[Id, StrictBool | date | StrictStr] = {}


class HandOff(_Model):
    """A rule outcome that hands the call on to another pack instead of its own texts."""

    continue_with: ContinueWith


def _outcome_kind(value: object) -> str:
    """``handoff`` for a ``then:`` with ``continue_with``, else ``outcome``."""
    if isinstance(value, dict):
        return "handoff" if "continue_with" in value else "outcome"
    return "handoff" if isinstance(value, HandOff) else "outcome"


RuleOutcome = Annotated[
    Annotated[Outcome, Tag("outcome")] | Annotated[HandOff, Tag("handoff")],
    Discriminator(_outcome_kind),
]


class Rule(_Model):
    """One rule: conditions (all of ``when``, and one group of ``when_any``).

    Its ``then`` is an :class:`Outcome`, or a :class:`HandOff` to another pack.
    """

    id: Id
    title: Text
    when: Conditions
    when_any: tuple[Conditions, ...] = ()
    then: RuleOutcome
    citations: tuple[Citation, ...] = Field(min_length=1)
    notes: tuple[Note, ...] = ()


class Fallback(_Model):
    """The explicit, safe outcome when no rule matches (R30)."""

    title: Text
    then: Outcome
    citations: tuple[Citation, ...] = Field(min_length=1)
    notes: tuple[Note, ...] = ()


class Addition(_Model):
    """What an addendum adds on top of the deciding rule's outcome.

    ``action_text`` is appended to the deciding rule's line for the employee.
    """

    action_text: Text | None = None
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
    claims: tuple[Claim, ...] = ()

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


class Acknowledgement(_Model):
    """A ``check --deep`` finding the rules team accepts on purpose, with the reason.

    ``subject`` names what the finding is about: the call type (``henvendelse``)
    for AN03, the wording or macro id for AN04, the fact or parameter for AN05.
    Errors (AN01, AN02) cannot be acknowledged: they are mistakes in the pack.
    """

    code: Literal["AN03", "AN04", "AN05"]
    subject: Id
    reason: Text


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
    acknowledged: tuple[Acknowledgement, ...] = ()

    @property
    def ref(self) -> str:
        """Return ``pack@version``, the way diagnostics name a pack."""
        return f"{self.pack}@{self.version}"

    def own_outcomes(self) -> list[Outcome]:
        """Return the outcomes with texts of this pack: rules' (not hand-offs') and fallback's."""
        own = [r.then for r in self.rules if isinstance(r.then, Outcome)]
        return [*own, self.fallback.then]
