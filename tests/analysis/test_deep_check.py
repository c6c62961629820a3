"""Static analysis over the finite input domain (flowrules check --deep)."""

from __future__ import annotations

import json

from flowrules.analysis.deep_check import analyse_pack
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
