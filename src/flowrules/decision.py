"""The output contract (and the generic input model) that importers store.

:class:`Call` is the SPEC's call with its core fields typed; a pack may
declare further facts, which a :class:`Call` carries as extra fields and the
engine checks against that pack. :class:`Decision` is the self-contained
record of one decision: given the same pack version and call it is
reproduced exactly (no wall clock, no randomness).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from flowrules.vocabulary import (
    AfmeldingAarsag,
    Aftale,
    Fravaerstype,
    Grund,
    Opkalder,
    Ordning,
    Resolution,
    Status,
    Unit,
    Vurdering,
)


class Call(BaseModel):
    """A described incoming call (SPEC "Call (input)").

    Core fields are typed here; the pack for ``ordning`` narrows ``henvendelse``
    and the enumerations further, and may accept more facts (kept as extra
    fields). Validate through :meth:`flowrules.Engine.decide`, which raises
    :class:`flowrules.CallError` naming the field, the value and what is allowed.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    ordning: Ordning
    henvendelse: str
    modtaget: dt.datetime
    opkalder: Opkalder | None = None
    grund: Grund | None = None
    aftale: Aftale | None = None
    aftale_tidspunkt: dt.datetime | None = None
    vurdering: Vurdering | None = None
    maalgruppe: str | None = None
    afmelding_dato: dt.date | None = None
    afmelding_aarsag: AfmeldingAarsag | None = None
    fravaerstype: Fravaerstype | None = None
    telefonkontakt: bool | None = None
    svar_fremgaar_af_journal: bool | None = None
    sociale_problemer: bool | None = None
    behov_for_tolk: bool | None = None
    status: Status | None = None
    valg: str | None = Field(
        default=None,
        description=(
            "The employee's choice at a grænseflade: `straksafklaring`, `omstilling` "
            "or a choice the pack names; the decision is then that alternative's outcome."
        ),
    )


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Out):
    """A citation: seed document, section and a short verbatim quote."""

    document: str
    section: str
    quote: str


class Alternative(_Out):
    """One outcome the employee may choose at a graenseflade, with its criterion."""

    resolution: Literal["straksafklaring", "omstilling"]
    criterion: str
    transfer_to: Unit | None = None
    refer_to: Unit | None = None
    choice: str | None = Field(
        default=None,
        description="The `valg` value that chooses this alternative in a call.",
    )
    label: str | None = Field(
        default=None, description="Short Danish label of the choice."
    )


class ConditionTrace(_Out):
    """One condition of a rule as written, the call's value and whether it held."""

    fact: str
    test: dict[str, Any]
    value: Any = None
    passed: bool


class RuleTrace(_Out):
    """One rule tried, in order, with each of its conditions."""

    rule_id: str
    matched: bool
    conditions: list[ConditionTrace]


class Decision(_Out):
    """The recommendation for one call: a guidance record, never an afgørelse."""

    pack: str = Field(description="Pack id (the call's ordning).")
    pack_version: str = Field(description="CalVer of the pack version that decided.")
    pack_digest: str | None = Field(
        default=None,
        description="SHA-256 of the canonical content of the pack version that decided.",
    )
    rule_id: str = Field(
        description="`pack.rule` that decided; `pack.fallback` when none matched."
    )
    routed_from: list[str] = Field(
        default_factory=list,
        description="Rule ids of other packs that handed the call on to this one (`continue_with`), in order.",
    )
    action: str = Field(description="Recommended action id (snake_case).")
    action_text: str = Field(description="One Danish line for the employee.")
    resolution: Resolution
    alternatives: list[Alternative] = Field(
        default_factory=list,
        description="Both outcomes and their criterion at a graenseflade.",
    )
    transfer_to: Unit | None = None
    referral: bool = Field(
        description="True when the citizen is only given contact details."
    )
    refer_to: Unit | None = None
    also_refer_to: list[Unit] = Field(
        default_factory=list,
        description="Further referrals added by cross-cutting addenda.",
    )
    steps: list[str] = Field(description="Ordered system steps for the employee.")
    wording: str = Field(description="Danish text for the citizen (vejledning).")
    journal_macro: str = Field(description="Rendered Danish journal note.")
    notice: Literal["Vejledning, ikke afgørelse"] = "Vejledning, ikke afgørelse"
    sources: list[Source]
    addenda: list[str] = Field(
        default_factory=list, description="Addenda applied (`pack.id`)."
    )
    call_id: str | None = Field(
        default=None,
        description="The importing system's correlation id of the call, echoed.",
    )
    call: dict[str, Any] = Field(
        description="The validated call the decision was made for."
    )
    missing: list[str] = Field(
        default_factory=list,
        description="Facts whose absence made the pack fall back (a fallback decision only).",
    )
    trace: list[RuleTrace] | None = Field(
        default=None, description="With explain=True only."
    )


class Answer(_Out):
    """One answer the employee can give to an interview question."""

    value: str | bool = Field(description="The value to send for the fact.")
    label: str = Field(description="The answer in Danish.")
    criterion: str | None = Field(
        default=None,
        description="At a grænseflade (`valg`): when this choice fits, in Danish.",
    )


class Question(_Out):
    """The fact the interview asks next, with its Danish text and its answers."""

    fact: str = Field(description="The call field to answer (a pack fact, or `valg`).")
    text: str = Field(description="The question to the employee, one Danish sentence.")
    type: Literal["enum", "bool", "int", "date", "datetime"]
    description: str | None = Field(
        default=None, description="What the fact means, in Danish."
    )
    answers: list[Answer] = Field(
        default_factory=list,
        description="The allowed answers of an enum or bool fact (empty: type a value).",
    )
    unknown_allowed: bool = Field(
        description="Whether the employee may answer 'ved ikke' (send null for the fact)."
    )
    unknown_label: str | None = Field(
        default=None, description="The Danish label of the 'ved ikke' answer."
    )


class InterviewStep(_Out):
    """One step of the guided interview: the next question, or the decision."""

    done: bool = Field(description="True when no unknown fact can change the outcome.")
    pack: str | None = Field(
        default=None, description="The pack, once `ordning` is known."
    )
    pack_version: str | None = Field(
        default=None,
        description="The pack version, once `ordning` and `modtaget` are known.",
    )
    question: Question | None = Field(
        default=None, description="The fact to ask next; null when done."
    )
    decision: Decision | None = Field(
        default=None,
        description="When done: the decision, equal to decide() of any completion of the call.",
    )
    possible: list[str] = Field(
        default_factory=list,
        description="Rule ids (`pack.rule`, `pack.fallback`) that can still decide the call.",
    )
    missing: list[str] = Field(
        default_factory=list,
        description="Every unknown fact that can still change the outcome, in flowchart order.",
    )
