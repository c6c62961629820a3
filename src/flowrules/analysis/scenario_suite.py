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
the unmet expectations as readable lines (empty when all hold).
"""

from __future__ import annotations

import os
from pathlib import Path
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
from flowrules.diagnostics import Diagnostic
from flowrules.errors import PackError
from flowrules.pack.schema import Id
from flowrules.pack.yaml_positions import parse_yaml, read_pack_text


class Expect(BaseModel):
    """Authored, partial expectations for one scenario's decision."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: Id | None = None
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
        flowrules.errors.PackError: With the place of each problem.
    """
    shown = os.fspath(path)
    data, smap = parse_yaml(read_pack_text(Path(path).read_bytes(), shown), shown)
    try:
        return Suite.model_validate(data)
    except pydantic.ValidationError as exc:
        problems = [
            Diagnostic(
                smap.span(tuple(e["loc"])),
                "SC01",
                f"ugyldigt scenarie: {e['msg']} ({'.'.join(str(p) for p in e['loc'])})",
                hint="se formatet i flowrules.scenario",
            )
            for e in exc.errors(include_url=False)
        ]
        raise PackError(problems) from None


def check_expectations(decision: Decision, expect: Expect) -> list[str]:
    """Return one line per unmet expectation (empty when the decision meets all)."""
    failures: list[str] = []
    rule = decision.rule_id.split(".", 1)[1]

    def same(name: str, wanted: object, actual: object) -> None:
        if wanted is not None and wanted != actual:
            failures.append(f"{name}: expected {wanted!r}, got {actual!r}")

    same("rule", expect.rule, rule)
    same("action", expect.action, decision.action)
    same("resolution", expect.resolution, decision.resolution)
    same("transfer_to", expect.transfer_to, decision.transfer_to)
    same("refer_to", expect.refer_to, decision.refer_to)
    same("referral", expect.referral, decision.referral)
    if expect.no_transfer and decision.transfer_to is not None:
        failures.append(f"transfer_to: expected none, got {decision.transfer_to!r}")
    if expect.no_referral and decision.refer_to is not None:
        failures.append(f"refer_to: expected none, got {decision.refer_to!r}")
    if expect.addenda is not None:
        same(
            "addenda",
            sorted(expect.addenda),
            sorted(a.split(".", 1)[1] for a in decision.addenda),
        )
    for step in expect.steps:
        if step not in decision.steps:
            failures.append(f"steps: {step!r} missing from {decision.steps}")
    for step in expect.steps_absent:
        if step in decision.steps:
            failures.append(f"steps: {step!r} must not be in {decision.steps}")
    for unit in expect.also_refer_to:
        if unit not in decision.also_refer_to:
            failures.append(
                f"also_refer_to: {unit!r} missing from {decision.also_refer_to}"
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
                verb = "lacks" if present else "must not contain"
                failures.append(f"{label} {verb} {text!r}: {body!r}")
    return failures
