"""Numbers and percentages read the Danish way."""

from __future__ import annotations

from flowrules.danish import number, percent


def test_numbers_use_a_point_between_thousands_and_a_comma_for_decimals():
    """20352 is 20.352 and 1234.5 with one decimal is 1.234,5."""
    assert number(20352) == "20.352"
    assert number(1234.5, 1) == "1.234,5"
    assert number(7) == "7"


def test_percentages_have_a_decimal_comma_and_a_space():
    """78.125 % is written 78,1 %."""
    assert percent(78.125) == "78,1 %"
    assert percent(100.0) == "100,0 %"
