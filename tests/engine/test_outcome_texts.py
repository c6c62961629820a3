"""OutcomeTexts: the input facts behind event facts and behind each outcome's texts."""

from __future__ import annotations

from flowrules.engine.outcome_texts import OutcomeTexts
from flowrules.pack.load import load_pack
from tests.conftest import TESTS

PACK = load_pack(TESTS / "data" / "graenseflade_pack.yaml")


def test_event_facts_come_from_their_input_facts():
    """Day counts from both dates, datetime parts and parameters from their datetime."""
    texts = OutcomeTexts(PACK)
    assert texts.sources("dage_til_aftale") == {"modtaget", "aftale_tidspunkt"}
    assert texts.sources("aftale_tidspunkt_ugedag") == {"aftale_tidspunkt"}
    assert texts.sources("modtaget_tid") == {"modtaget"}
    assert texts.sources("grund") == {"grund"}
    assert texts.sources("wording") == frozenset()


def test_each_outcome_names_the_facts_its_texts_show():
    """The afbud rule shows the appointment time; the grænseflade and its choices show none."""
    texts = OutcomeTexts(PACK)
    assert texts.outcome_facts(2, None) == {"aftale_tidspunkt"}
    assert texts.outcome_facts(1, None) == frozenset()
    assert texts.outcome_facts(1, "henvisning") == frozenset()
    assert texts.choices(1) == ("straksafklaring", "henvisning", "omstilling")
    assert texts.choices(None) == ()
