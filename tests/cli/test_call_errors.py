"""Refused calls are explained in Danish on the command line, with one hint each."""

from __future__ import annotations

import pytest

from flowrules import CallError, Engine
from flowrules.cli.call_errors import danish_call_error
from tests.conftest import TESTS

BASE = TESTS / "data" / "base_pack.yaml"
CALL = {
    "ordning": "dagpenge",
    "henvendelse": "afbud",
    "modtaget": "2017-03-07T10:30:00",
}
ENGLISH = (
    "must be",
    "is required",
    "allowed value",
    "unknown field",
    "looks like",
    "got ",
)


@pytest.fixture(scope="module")
def engine():
    engine = Engine.from_path(BASE, executor="native")
    yield engine
    engine.close()


def _refusal(engine, call) -> CallError:
    with pytest.raises(CallError) as info:
        engine.decide(call)
    return info.value


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (
            {**CALL, "grund": "sygdm"},
            ["grund: 'sygdm' er ikke en tilladt værdi", "mente du 'sygdom'?"],
        ),
        ({**CALL, "grundd": "sygdom"}, ["grundd: ukendt felt", "mente du 'grund'?"]),
        (
            {k: v for k, v in CALL.items() if k != "henvendelse"},
            ["henvendelse: feltet mangler"],
        ),
        (
            {**CALL, "modtaget": "2017-03-07"},
            ["dato og klokkeslæt", "en dato alene er ikke nok"],
        ),
        ({**CALL, "behov_for_tolk": "ja"}, ["'ja' er ikke true eller false"]),
        ({**CALL, "call_id": "010385-1234"}, ["call_id: ligner et CPR-nummer"]),
        (
            {**CALL, "ordning": "dagpenger"},
            ["'dagpenger' er ordning uden regelpakke", "mente du 'dagpenge'?"],
        ),
        (
            {**CALL, "modtaget": "2010-01-01T10:00:00"},
            ["ingen version af pakken gælder"],
        ),
        (["ikke", "et", "objekt"], ["et opkald skal være et JSON-objekt"]),
    ],
    ids=[
        "value",
        "field",
        "missing",
        "date-only",
        "bool",
        "cpr",
        "ordning",
        "version",
        "not-object",
    ],
)
def test_refusal_reads_in_danish(engine, call, expected):
    """Each kind of refused call gives a Danish line and hint, with no English left."""
    text = danish_call_error(_refusal(engine, call), "opkald.json")
    assert text.startswith("flowrules: opkald.json: ")
    for words in expected:
        assert words in text
    assert not any(word in text for word in ENGLISH), text
    assert "1234" not in text


def test_every_problem_has_a_hint(engine):
    """Every problem line is followed by one '= hjælp:' line."""
    error = _refusal(engine, {**CALL, "grund": "x", "behov_for_tolk": 1, "ukendt": 2})
    lines = danish_call_error(error, "-").splitlines()
    assert len(lines) == 2 * len(error.problems)
    assert all(line.startswith("   = hjælp: ") for line in lines[1::2])
