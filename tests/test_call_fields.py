"""ISO 8601 text of the declared kind only, for the engine's call models and flowrules.Call."""

from __future__ import annotations

import datetime as dt

import pydantic
import pytest

import flowrules
from flowrules.call_fields import IsoDate, IsoDateTime

REFUSED_DATETIMES = [
    "2017-03-09",
    "1489050000",
    1489050000,
    1489050000.5,
    0,
    "",
    "09-03-2017 10:00",
    "2017-03-09T10",
]
REFUSED_DATES = [
    "2017-03-09T00:00:00",
    "0",
    0,
    20170309,
    dt.datetime(2017, 3, 9),
    "9.3.2017",
]


@pytest.mark.parametrize("value", REFUSED_DATETIMES, ids=repr)
def test_only_date_time_text_is_a_date_time(value):
    """A date, an epoch (number or digits) or other text is not a date-time."""
    with pytest.raises(pydantic.ValidationError, match="ISO 8601 date-time"):
        pydantic.TypeAdapter(IsoDateTime).validate_python(value)


@pytest.mark.parametrize("value", REFUSED_DATES, ids=repr)
def test_only_date_text_is_a_date(value):
    """A date-time, an epoch or other text is not a date."""
    with pytest.raises(pydantic.ValidationError, match="ISO date"):
        pydantic.TypeAdapter(IsoDate).validate_python(value)


def test_iso_forms_and_objects_are_read():
    """Seconds, fractions, Z and offsets; datetime and date objects pass through."""
    read = pydantic.TypeAdapter(IsoDateTime).validate_python
    assert read("2017-03-09T10:00") == dt.datetime(2017, 3, 9, 10)
    assert read("2017-03-09 10:00:01.5Z") == dt.datetime(
        2017, 3, 9, 10, 0, 1, 500000, tzinfo=dt.UTC
    )
    assert read(dt.datetime(2017, 3, 9, 10)) == dt.datetime(2017, 3, 9, 10)
    assert pydantic.TypeAdapter(IsoDate).validate_python(dt.date(2017, 3, 9)) == (
        dt.date(2017, 3, 9)
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("aftale_tidspunkt", 1489050000),
        ("modtaget", "1489050000"),
        ("afmelding_dato", 0),
        ("sygeperiode_til", "2017-03-09T00:00:00"),
    ],
)
def test_the_call_model_is_as_strict(field, value):
    """flowrules.Call refuses epochs and the wrong kind of date, naming the field."""
    call = {
        "ordning": "dagpenge",
        "henvendelse": "afbud",
        "modtaget": "2017-03-07T10:30:00",
    }
    with pytest.raises(pydantic.ValidationError) as info:
        flowrules.Call(**{**call, field: value})
    assert info.value.errors()[0]["loc"] == (field,)
