"""Scenario suites: described calls with authored expectations, per pack.

A suite is ``tests/scenarios/<pack>.yaml``::

    pack: dagpenge
    scenarios:
      - id: s045-afbud-ansaettelsessamtale
        source: S045
        call: {henvendelse: afbud, grund: ansaettelsessamtale, modtaget: "2017-03-06T10:30:00"}
        expect:
          rule: afbud_gyldig_grund
          resolution: straksafklaring
          steps: [registrer_samtalenode, journalnotat]
          wording_contains: [registreret, a-kassen]
          wording_excludes: [gyldig grund]

``ordning`` is filled in from ``pack``. :func:`check_expectations` returns
the unmet expectations as readable Danish lines (empty when all hold);
:func:`load_suite` reports a broken suite file as Danish diagnostics (SC01,
SC02), never a pydantic message.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

import pydantic
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    StringConstraints,
)

from flowrules.decision import Decision
from flowrules.diagnostics import (
    Diagnostic,
    allowed_hint,
    did_you_mean,
    sort_diagnostics,
)
from flowrules.errors import PackError
from flowrules.pack.schema import Id
from flowrules.pack.yaml_positions import parse_yaml, read_pack_file

#: A rule id, or ``pack.rule`` for the rule of another pack that decided a routed call.
QualifiedId = Annotated[
    StrictStr, StringConstraints(pattern=r"^([a-z][a-z0-9_]*\.)?[a-z][a-z0-9_]*$")
]


class Expect(BaseModel):
    """Authored, partial expectations for one scenario's decision.

    ``rule`` is the deciding rule's id (``pack.rule`` when another pack decides a
    routed call); ``pack`` the deciding pack and ``routed_from`` the hand-off
    rules passed (``pack.rule``, in order).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: QualifiedId | None = None
    pack: Id | None = None
    routed_from: list[QualifiedId] | None = None
    action: Id | None = None
    resolution: StrictStr | None = None
    transfer_to: StrictStr | None = None
    refer_to: StrictStr | None = None
    referral: StrictBool | None = None
    no_transfer: StrictBool = False
    no_referral: StrictBool = False
    steps: list[Id] = []
    steps_absent: list[Id] = []
    also_refer_to: list[Id] = []
    addenda: list[Id] | None = None
    alternatives: list[StrictStr] = []
    wording_contains: list[StrictStr] = []
    wording_excludes: list[StrictStr] = []
    macro_contains: list[StrictStr] = []
    macro_excludes: list[StrictStr] = []
    missing: list[Id] = []
    """Facts a fallback decision must name as missing (each among ``Decision.missing``)."""


class Scenario(BaseModel):
    """One described call and what its decision must show."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[StrictStr, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    source: StrictStr | None = None
    description: StrictStr | None = None
    call: dict[str, Any]
    expect: Expect


class Suite(BaseModel):
    """All scenarios of one pack."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pack: Id
    scenarios: list[Scenario] = Field(min_length=1)

    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        """Return ``(scenario id, call with ordning)`` for every scenario."""
        return [(s.id, {"ordning": self.pack, **s.call}) for s in self.scenarios]


def load_suite(path: str | os.PathLike[str]) -> Suite:
    """Read one scenario suite.

    Raises:
        flowrules.errors.PackError: With the place of each problem, in Danish:
            SC01 for a wrong field or value, SC02 for a scenario id used twice.
    """
    shown = os.fspath(path)
    return load_suite_text(read_pack_file(path, shown), shown)


def load_suite_text(text: str, shown: str = "<suite>") -> Suite:
    """Validate a scenario suite given as text; ``shown`` names it in diagnostics.

    Raises:
        flowrules.errors.PackError: With the place of each problem.
    """
    data, smap = parse_yaml(text, shown)
    try:
        suite = Suite.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = [_problem(e, smap) for e in exc.errors(include_url=False)]
        raise PackError(sort_diagnostics(problems)) from None
    seen: dict[str, int] = {}
    duplicates = []
    for i, scenario in enumerate(suite.scenarios):
        if scenario.id in seen:
            first = smap.span(("scenarios", seen[scenario.id], "id"))
            duplicates.append(
                Diagnostic(
                    smap.span(("scenarios", i, "id")),
                    "SC02",
                    f"scenarie-id'et '{scenario.id}' er brugt før (linje {first.line})",
                    hint="giv hvert scenarie sit eget id; snapshot-navnene bygger på det",
                )
            )
        seen.setdefault(scenario.id, i)
    if duplicates:
        raise PackError(duplicates)
    return suite


_MODELS: dict[str, type[BaseModel]] = {"expect": Expect, "scenarios": Scenario}
_WANTED = {
    "string_type": "en tekst",
    "bool_type": "true eller false",
    "list_type": "en liste",
    "dict_type": "en mapping (nøgle: værdi)",
    "model_type": "en mapping (nøgle: værdi)",
}


def _problem(error: Any, smap: Any) -> Diagnostic:
    """One pydantic error of a suite as a Danish SC01 diagnostic at its place."""
    loc = tuple(error["loc"])
    kind, name = error["type"], str(loc[-1]) if loc else "<fil>"
    where = ".".join(str(p) for p in loc) or "<fil>"
    if kind == "extra_forbidden":
        parent = next(
            (_MODELS[str(p)] for p in reversed(loc[:-1]) if str(p) in _MODELS), Suite
        )
        options = list(parent.model_fields)
        hint = did_you_mean(name, options) or allowed_hint(options)
        return Diagnostic(
            smap.span(loc, key=True),
            "SC01",
            f"ukendt felt '{name}' i '{where}'",
            hint=hint,
        )
    if kind == "missing":
        message = f"feltet '{name}' mangler i '{'.'.join(str(p) for p in loc[:-1])}'"
        return Diagnostic(
            smap.span(loc[:-1]), "SC01", message, hint=f"tilføj '{name}:'"
        )
    if kind == "string_pattern_mismatch":
        message = f"{error.get('input')!r} er ikke et gyldigt id i '{where}'"
        hint = (
            "brug små bogstaver a-z, tal, - og _ (et regel-id kan skrives pakke.regel)"
        )
        return Diagnostic(smap.span(loc), "SC01", message, hint=hint)
    if kind == "too_short":
        message = f"'{where}' er tom"
        return Diagnostic(
            smap.span(loc), "SC01", message, hint="tilføj mindst ét element"
        )
    wanted = _WANTED.get(kind, "en anden værdi")
    message = f"ugyldig værdi {error.get('input')!r} i '{where}'"
    return Diagnostic(smap.span(loc), "SC01", message, hint=f"forventede {wanted}")


def check_expectations(decision: Decision, expect: Expect) -> list[str]:
    """Return one line per unmet expectation (empty when the decision meets all)."""
    failures: list[str] = []
    pack, rule = decision.rule_id.split(".", 1)
    if expect.rule is not None and "." in expect.rule:
        rule = decision.rule_id

    def same(name: str, wanted: object, actual: object) -> None:
        if wanted is not None and wanted != actual:
            failures.append(f"{name}: forventede {wanted!r}, fik {actual!r}")

    same("rule", expect.rule, rule)
    same("pack", expect.pack, pack)
    same("routed_from", expect.routed_from, decision.routed_from)
    same("action", expect.action, decision.action)
    same("resolution", expect.resolution, decision.resolution)
    same("transfer_to", expect.transfer_to, decision.transfer_to)
    same("refer_to", expect.refer_to, decision.refer_to)
    same("referral", expect.referral, decision.referral)
    if expect.no_transfer and decision.transfer_to is not None:
        failures.append(f"transfer_to: forventede ingen, fik {decision.transfer_to!r}")
    if expect.no_referral and decision.refer_to is not None:
        failures.append(f"refer_to: forventede ingen, fik {decision.refer_to!r}")
    if expect.addenda is not None:
        same(
            "addenda",
            sorted(expect.addenda),
            sorted(a.split(".", 1)[1] for a in decision.addenda),
        )
    for step in expect.steps:
        if step not in decision.steps:
            failures.append(f"steps: {step!r} mangler i {decision.steps}")
    for step in expect.steps_absent:
        if step in decision.steps:
            failures.append(f"steps: {step!r} må ikke være i {decision.steps}")
    for unit in expect.also_refer_to:
        if unit not in decision.also_refer_to:
            failures.append(
                f"also_refer_to: {unit!r} mangler i {decision.also_refer_to}"
            )
    for fact in expect.missing:
        if fact not in decision.missing:
            failures.append(f"missing: {fact!r} not named in {decision.missing}")
    if expect.alternatives:
        same(
            "alternatives",
            expect.alternatives,
            [a.resolution for a in decision.alternatives],
        )
    for label, texts, body, present in (
        ("wording", expect.wording_contains, decision.wording, True),
        ("wording", expect.wording_excludes, decision.wording, False),
        ("journal_macro", expect.macro_contains, decision.journal_macro, True),
        ("journal_macro", expect.macro_excludes, decision.journal_macro, False),
    ):
        for text in texts:
            if (text.casefold() in body.casefold()) != present:
                verb = "mangler" if present else "må ikke indeholde"
                failures.append(f"{label} {verb} {text!r}: {body!r}")
    return failures
