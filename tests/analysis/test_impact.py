"""impact: the afklaringsprocent leaves closed-line calls out and counts henvisninger apart."""

from __future__ import annotations

from flowrules import Engine
from flowrules.analysis.impact import closed_line_rules, impact, render_impact
from flowrules.pack.load import load_pack_text
from tests.conftest import TESTS

BASE = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
CLOSED_RULE = """  - id: lukket
    title: Linjen er lukket
    when:
      henvendelse: afmelding
    then:
      action: oplys_aabningstid
      action_text: Linjen er lukket; borgeren får åbningstiden.
      resolution: straksafklaring
      line_closed: true
      wording: omstilles
      journal_macro: jm_omstillet
    citations:
      - document: 001_1e9ef2aea408ead2.txt
        section: Bilag 7
        quote: Afklaringsprocent/straksafklaring forstås ved mængden af opkald der ikke omstilles.
"""
REFERRAL = "      resolution: omstilling\n      transfer_to: jobcenter\n      steps: [journalnotat]\n      wording: omstilles"


def _engine(text: str) -> Engine:
    return Engine([load_pack_text(text, "pack.yaml")], executor="native")


def _calls() -> list[dict[str, str]]:
    call = {"ordning": "dagpenge", "modtaget": "2017-03-07T10:30:00"}
    return [
        {**call, "henvendelse": "afbud", "grund": "arbejde"},
        {**call, "henvendelse": "afbud", "grund": "sygdom"},
        {**call, "henvendelse": "afbud", "grund": "andet"},
        {**call, "henvendelse": "afmelding"},
    ]


def test_closed_line_call_is_left_out_of_numerator_and_base():
    """A closed-line decision counts as lukket linje, not as straksafklaring or in the base."""
    old = _engine(BASE)
    new = _engine(BASE.replace("rules:\n", "rules:\n" + CLOSED_RULE, 1))
    assert closed_line_rules(new) == {("dagpenge@2026.1", "dagpenge.lukket")}
    report = impact(old, new, _calls()).to_json()
    assert report["old"]["lukket_linje"] == 0
    assert report["old"]["afklaringsprocent"] == 50.0  # 2 of 4; the fallback omstiller
    assert report["new"]["lukket_linje"] == 1
    assert report["new"]["afklaringsprocent"] == round(100 * 2 / 3, 2)


def test_henvisninger_are_counted_apart():
    """A straksafklaring with refer_to counts as settled, and is subtracted in the strict share."""
    text = BASE.replace(
        REFERRAL,
        "      resolution: straksafklaring\n      refer_to: jobcenter\n"
        "      steps: [journalnotat]\n      wording: omstilles",
        1,
    )
    engine = _engine(text)
    report = impact(engine, engine, _calls())
    shares = report.to_json()["new"]
    assert shares["henvisninger"] == 1
    assert shares["afklaringsprocent"] == 75.0
    assert shares["afklaringsprocent_uden_henvisninger"] == 50.0
    assert "lukket linje 0, ikke medregnet" in render_impact(report)
