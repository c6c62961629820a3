"""Representative values of facts: buckets, absence, and dates anchored on known dates."""

from __future__ import annotations

import datetime as dt

from flowrules.engine.fact_domain import ABSENT, as_json, var_values
from flowrules.pack.load import load_pack, load_pack_text
from tests.conftest import TESTS

RECEIVED = dt.datetime(2017, 3, 7, 10, 30)
BASE = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")


def test_a_date_tested_only_for_presence_has_a_present_representative():
    """A date fact with no comparison still gets one present value beside absence."""
    text = BASE.replace(
        "      grund: {one_of: [arbejde, sygdom]}\n",
        "      grund: {one_of: [arbejde, sygdom]}\n      afmelding_dato: {exists: true}\n",
    )
    pack = load_pack_text(text, "x.yaml")
    assert var_values(pack, "afmelding_dato", RECEIVED) == [RECEIVED.date(), ABSENT]


def test_day_counts_from_the_call_become_one_date_per_class_of_count():
    """A day count from modtaget (0 to 2 days): one date before, one within, one after."""
    pack = load_pack(TESTS / "data" / "graenseflade_pack.yaml")
    values = var_values(pack, "aftale_tidspunkt", RECEIVED)
    days = sorted((v - RECEIVED).days for v in values if v is not ABSENT)
    assert days == [-1, 0, 3]
    assert values[-1] is ABSENT


def test_a_day_count_between_two_dates_is_anchored_on_the_known_one():
    """With one date of a day count known, the other gets dates around each count from it."""
    text = BASE.replace(
        "  behov_for_tolk:\n",
        "  frist:\n    type: date\n    description: Frist.\n    question: Hvornår?\n"
        "  dage:\n    type: int\n    description: Dage.\n"
        "    derived: {days_between: [frist, afmelding_dato]}\n  behov_for_tolk:\n",
    ).replace(
        "      grund: {one_of: [arbejde, sygdom]}\n",
        "      grund: {one_of: [arbejde, sygdom]}\n      dage: {gte: 10}\n",
    )
    pack = load_pack_text(text, "x.yaml")
    frist = dt.date(2017, 5, 1)
    anchored = var_values(pack, "afmelding_dato", RECEIVED, {"frist": frist})
    plain = var_values(pack, "afmelding_dato", RECEIVED)
    assert set(anchored) - set(plain) == {
        frist + dt.timedelta(days=d) for d in (9, 10, 11)
    }


def test_valg_ranges_over_absence_and_the_packs_choices():
    """valg is unknown, absent (the grænseflade stays) or one of the pack's choices."""
    pack = load_pack(TESTS / "data" / "graenseflade_pack.yaml")
    assert var_values(pack, "valg", RECEIVED) == [
        ABSENT,
        "straksafklaring",
        "henvisning",
        "omstilling",
    ]


def test_as_json_writes_dates_as_a_call_carries_them():
    """Dates and date-times become ISO text; other values stay."""
    assert as_json(dt.date(2017, 3, 7)) == "2017-03-07"
    assert as_json(RECEIVED) == "2017-03-07T10:30:00"
    assert as_json(True) is True
