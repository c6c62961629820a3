"""PK19: a text that states a fact must belong to a rule that tests that fact."""

from __future__ import annotations

import pytest

from flowrules import PackError
from flowrules.pack.load import load_pack_text
from tests.conftest import TESTS

BASE = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
GRUND = "    labels: {arbejde: arbejde, sygdom: sygdom, andet: en anden grund}\n"


def _with_claim(claim: str, text: str = BASE) -> str:
    return text.replace(GRUND, GRUND + "    claims:\n" + claim, 1)


def _problems(text: str) -> list:
    try:
        load_pack_text(text, "pack.yaml")
    except PackError as exc:
        return list(exc.diagnostics)
    return []


def test_claim_implied_by_the_rule_is_clean():
    """A phrase whose fact the rule tests with one_of inside the claimed values is fine."""
    claim = (
        '      - {values: [arbejde, sygdom], phrases: ["har registreret dit afbud"]}\n'
    )
    assert _problems(_with_claim(claim)) == []


def test_claim_in_rules_that_do_not_test_it_is_reported():
    """A phrase in texts of rules (and the fallback) that do not test the fact is PK19."""
    claim = '      - {value: andet, phrases: ["Stiller dig VIDERE"]}\n'
    problems = _problems(_with_claim(claim))
    assert {(d.code, d.rule) for d in problems} == {
        ("PK19", "dagpenge.afbud_anden_grund"),
        ("PK19", "dagpenge.fallback"),
    }
    first = problems[0]
    assert "'grund' er andet" in first.message
    assert first.hint.startswith("tilføj betingelsen 'grund: andet'")


def test_ne_does_not_imply_a_value():
    """`ne` is true when the fact is absent, so it does not imply the opposite value."""
    claim = (
        '      - {values: [arbejde, sygdom], phrases: ["har registreret dit afbud"]}\n'
    )
    text = _with_claim(claim).replace(
        "grund: {one_of: [arbejde, sygdom]}", "grund: {ne: andet}"
    )
    pk19 = [d for d in _problems(text) if d.code == "PK19"]
    assert [d.rule for d in pk19] == ["dagpenge.afbud_gyldig_grund"]


def test_absent_claim_needs_exists_false():
    """An `absent` claim is implied only by `exists: false`."""
    claim = '      - {absent: true, phrases: ["stiller dig videre"]}\n'
    text = _with_claim(claim).replace(
        "    when:\n      henvendelse: afbud\n    then:\n      action: omstil",
        "    when:\n      henvendelse: afbud\n      grund: {exists: false}\n"
        "    then:\n      action: omstil",
    )
    assert {d.rule for d in _problems(text)} == {"dagpenge.fallback"}


@pytest.mark.parametrize(
    "claim",
    [
        '      - {value: andet, values: [andet], phrases: ["stiller"]}\n',
        '      - {value: ukendt, phrases: ["stiller"]}\n',
        '      - {lt: 3, phrases: ["stiller"]}\n',
        '      - {outside: true, phrases: ["stiller"]}\n',
    ],
    ids=["two-kinds", "unknown-value", "comparison-on-enum", "outside-on-fact"],
)
def test_malformed_claim_is_pk15(claim):
    """A claim that says two things, or does not fit its fact, is PK15 at the claim."""
    (problem,) = _problems(_with_claim(claim))
    assert problem.code == "PK15"
    assert problem.span.line == 19
