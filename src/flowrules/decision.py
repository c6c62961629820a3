"""The output contract (and the generic input model) that importers store.

:class:`Call` is the SPEC's call with its core fields typed; a pack may
declare further facts, which a :class:`Call` carries as extra fields and the
engine checks against that pack. :class:`Decision` is the self-contained
record of one decision: given the same pack version and call it is
reproduced exactly (no wall clock, no randomness).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from flowrules.call_fields import CallId, IsoDate, IsoDateTime
from flowrules.vocabulary import (
    AfmeldingAarsag,
    Aftale,
    Fravaerstype,
    Grund,
    Maalgruppe,
    Opkalder,
    Ordning,
    Resolution,
    Status,
    Unit,
    Vurdering,
)


class Call(BaseModel):
    """A described incoming call (SPEC "Call (input)").

    Core fields are typed here exactly as every pack accepts them
    (:mod:`flowrules.call_fields`); the pack for ``ordning`` narrows
    ``henvendelse`` to its call types and may accept more facts (kept as extra
    fields). Validate through :meth:`flowrules.Engine.decide`, which raises
    :class:`flowrules.CallError` naming the field, the value and what is allowed.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    ordning: Ordning
    henvendelse: str
    modtaget: IsoDateTime
    call_id: CallId | None = None
    opkalder: Opkalder | None = None
    grund: Grund | None = None
    aftale: Aftale | None = None
    aftale_tidspunkt: IsoDateTime | None = None
    vurdering: Vurdering | None = None
    maalgruppe: Maalgruppe | None = None
    afmelding_dato: IsoDate | None = None
    afmelding_aarsag: AfmeldingAarsag | None = None
    fravaerstype: Fravaerstype | None = None
    telefonkontakt: StrictBool | None = None
    svar_fremgaar_af_journal: StrictBool | None = None
    sociale_problemer: StrictBool | None = None
    behov_for_tolk: StrictBool | None = None
    status: Status | None = None
    sygeperiode_til: IsoDate | None = None


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
