"""Static analysis over the finite input domain (flowrules check --deep)."""

from __future__ import annotations

import json
import re

import pytest

from flowrules.analysis.deep_check import analyse_pack, deep_check
from flowrules.errors import PackError
from flowrules.pack.load import load_pack_source
from tests.conftest import TESTS

BASE_TEXT = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")


def _analyse(text: str):
    pack, smap = load_pack_source(text, "x.yaml")
    return analyse_pack(pack, smap)


def test_base_pack_findings_are_warnings_for_its_gap_and_unused_facts():
    """The base pack: afmelding reaches only the fallback; two facts are never used."""
    found = _analyse(BASE_TEXT)
    assert sorted((d.code, d.severity.value) for d in found) == [
        ("AN03", "warning"),
        ("AN05", "warning"),
        ("AN05", "warning"),
    ]
    [gap] = [d for d in found if d.code == "AN03"]
    assert "'afmelding'" in gap.message


def test_shadowed_rule_is_reported_with_an_example_call():
    """A rule that an earlier, broader rule always beats gives AN01 with a concrete call."""
    text = BASE_TEXT.replace(
        "    when:\n      henvendelse: afbud\n      grund: {one_of: [arbejde, sygdom]}",
        "    when:\n      henvendelse: afbud\n      grund: {exists: true}",
    ).replace(
        "  - id: afbud_anden_grund\n    title: Andre afbud omstilles\n    when:\n      henvendelse: afbud\n",
        "  - id: afbud_anden_grund\n    title: Andre afbud omstilles\n    when:\n      henvendelse: afbud\n      grund: andet\n",
    )
    [an01] = [d for d in _analyse(text) if d.code == "AN01"]
    assert an01.rule == "dagpenge.afbud_anden_grund"
    example = json.loads(an01.message.split("fx ", 1)[1])
    assert example["henvendelse"] == "afbud"
    assert example["grund"] == "andet"
    assert an01.severity.value == "error"


def test_rule_that_nothing_satisfies_is_reported():
    """Contradictory conditions give AN02."""
    text = BASE_TEXT.replace(
        "      grund: {one_of: [arbejde, sygdom]}",
        "      grund: {one_of: [arbejde, sygdom], eq: andet}",
    )
    codes = {(d.code, d.rule) for d in _analyse(text)}
    assert ("AN02", "dagpenge.afbud_gyldig_grund") in codes


def test_unused_wording_macro_and_fact_are_reported():
    """Texts and facts no rule uses give AN04 and AN05 warnings."""
    text = BASE_TEXT.replace(
        "journal_macros:\n",
        "journal_macros:\n  jm_ubrugt:\n    title: x\n    text: x\n",
    )
    text = text.replace(
        "wordings:\n",
        "wordings:\n  ubrugt:\n    decision_maker: jobcentret\n    text: x\n",
    )
    found = {(d.code, d.message) for d in _analyse(text)}
    assert ("AN04", "formuleringen 'ubrugt' bruges ikke af nogen regel") in found
    assert ("AN04", "journalmakroen 'jm_ubrugt' bruges ikke af nogen regel") in found
    assert (
        "AN05",
        "faktummet 'behov_for_tolk' bruges ikke i nogen betingelse eller tekst",
    ) in found


def _rule(rule_id: str, when: str) -> str:
    return (
        f"  - id: {rule_id}\n    title: Regel {rule_id}\n    when:\n{when}"
        "    then:\n      action: omstil\n      action_text: Omstil til jobcentret.\n"
        "      resolution: omstilling\n      transfer_to: jobcenter\n"
        "      wording: omstilles\n      journal_macro: jm_omstillet\n"
        "    citations:\n      - document: 001_1e9ef2aea408ead2.txt\n"
        "        section: Bilag 4, Afbud\n        quote: Borgeren omstilles til jobcentret.\n"
    )


def _with_rules(first: str, late: str) -> str:
    """The base pack with ``first`` before its rules and ``late`` before its catch-all afbud rule."""
    text = BASE_TEXT.replace("rules:\n", "rules:\n" + first, 1)
    return text.replace(
        "  - id: afbud_anden_grund\n", late + "  - id: afbud_anden_grund\n", 1
    )


def test_an01_names_the_rule_that_covers_not_every_earlier_rule():
    """A rule overlapping only some calls is not named; the rule matching them all is."""
    tolk = _rule("tolk_foerst", "      behov_for_tolk: true\n")
    late = _rule("afbud_sygdom_sent", "      henvendelse: afbud\n      grund: sygdom\n")
    [an01] = [d for d in _analyse(_with_rules(tolk, late)) if d.code == "AN01"]
    assert an01.rule == "dagpenge.afbud_sygdom_sent"
    assert "den tidligere regel afbud_gyldig_grund passer på alle" in an01.message
    assert "tolk_foerst" not in an01.message.split(", fx ")[0]


def test_an01_without_one_covering_rule_lists_the_deciders_with_counts():
    """When no single earlier rule covers a rule, each rule deciding its calls is named with a count."""
    andet = _rule("afbud_andet", "      henvendelse: afbud\n      grund: andet\n")
    late = _rule(
        "afbud_med_grund", "      henvendelse: afbud\n      grund: {exists: true}\n"
    )
    text = _with_rules(andet, late)
    [an01] = [d for d in _analyse(text) if d.code == "AN01"]
    assert an01.rule == "dagpenge.afbud_med_grund"
    head = an01.message.split(", fx ")[0]
    assert "tidligere regler afgør alle dens" in head
    assert re.search(r"afbud_gyldig_grund \(\d+ opkald\)", head)
    assert re.search(r"afbud_andet \(\d+ opkald\)", head)


ACK = (
    "acknowledged:\n"
    "  - code: AN03\n    subject: afmelding\n"
    "    reason: Afmeldinger afklares først med opklarende spørgsmål (fallback).\n"
)


def test_an_acknowledged_gap_is_reported_apart_with_its_reason():
    """An AN03 acknowledged in the pack leaves the open findings and keeps its reason."""
    pack, smap = load_pack_source(BASE_TEXT + ACK, "x.yaml")
    result = deep_check(pack, smap)
    assert "AN03" not in {d.code for d in result.open}
    [(diag, ack)] = result.acknowledged
    assert diag.code == "AN03"
    assert "'afmelding'" in diag.message
    assert ack.reason.startswith("Afmeldinger afklares først")


def test_an_acknowledgement_that_matches_nothing_is_an06():
    """An acknowledgement for a call type without a gap is a stale AN06 warning."""
    stale = ACK.replace("subject: afmelding", "subject: afbud")
    found = _analyse(BASE_TEXT + stale)
    [an06] = [d for d in found if d.code == "AN06"]
    assert "'afbud'" in an06.message
    assert an06.severity.value == "warning"
    assert "AN03" in {d.code for d in found}


def test_errors_cannot_be_acknowledged():
    """An acknowledgement of AN01 is refused when the pack loads."""
    bad = ACK.replace("code: AN03", "code: AN01")
    with pytest.raises(PackError):
        load_pack_source(BASE_TEXT + bad, "x.yaml")


def test_every_analysis_and_sign_off_code_is_documented():
    """docs/check-codes.md has a section for every AN and AP code the sources emit."""
    src = TESTS.parent / "src" / "flowrules"
    emitted = {
        code
        for path in src.rglob("*.py")
        for code in re.findall(r'"(A[NP]\d\d)"', path.read_text(encoding="utf-8"))
    }
    doc = (TESTS.parent / "docs" / "check-codes.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^## (A[NP]\d\d)$", doc, re.MULTILINE))
    assert emitted >= {"AN01", "AN03", "AN06", "AP01", "AP02", "AP03"}
    assert emitted == headings
