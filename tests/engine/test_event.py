"""The flat event: derived day and minute counts, and what is left out of it."""

from __future__ import annotations

import pytest

from flowrules import Engine
from flowrules.pack.load import load_pack_text
from tests.conftest import TESTS

BASE = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
FACTS = """  aftale_tidspunkt:
    type: datetime
    description: Samtalens tidspunkt.
  minutter_til_aftale:
    type: int
    description: Minutter fra opkaldet til samtalen.
    derived: {minutes_between: [modtaget, aftale_tidspunkt]}
  dage_til_aftale:
    type: int
    description: Dage fra opkaldet til samtalen.
    derived: {days_between: [modtaget, aftale_tidspunkt]}
rules:
  - id: samtale_passeret
    title: Samtalen er begyndt
    when:
      henvendelse: afbud
      minutter_til_aftale: {lt: 0}
    then:
      action: noter
      action_text: Notér opkaldet.
      resolution: straksafklaring
      wording: omstilles
      journal_macro: jm_omstillet
    citations:
      - document: 001_1e9ef2aea408ead2.txt
        section: Bilag 3
        quote: Borgeren ringer angående samtale som ligger tilbage i tiden.
"""


@pytest.fixture(scope="module")
def engine():
    pack = load_pack_text(BASE.replace("rules:\n", FACTS, 1), "pack.yaml")
    engine = Engine([pack], executor="native")
    yield engine
    engine.close()


@pytest.mark.parametrize(
    ("aftale", "rule", "minutes"),
    [
        ("2017-03-07T09:00:00", "samtale_passeret", -330),
        ("2017-03-07T14:30:00", "afbud_anden_grund", 0),
        ("2017-03-07T14:29:59", "samtale_passeret", -1),
        ("2017-03-08T09:00:00", "afbud_anden_grund", 1110),
        ("2017-03-06T23:00:00+00:00", "afbud_anden_grund", 0),
    ],
    ids=["same-day-passed", "at-the-start", "a-second-before", "tomorrow", "offset"],
)
def test_minutes_between_compare_the_time_of_day(engine, aftale, rule, minutes):
    """minutes_between counts whole minutes, rounded down, so the time of day decides."""
    call = {
        "ordning": "dagpenge",
        "henvendelse": "afbud",
        "modtaget": "2017-03-07T14:30:00"
        if "+" not in aftale
        else "2017-03-07T00:00:00",
        "aftale_tidspunkt": aftale,
    }
    decision = engine.decide(call, explain=True)
    assert decision.rule_id == f"dagpenge.{rule}"
    tested = decision.trace[0].conditions[1] if decision.trace else None
    assert tested is not None
    assert tested.value == minutes
