"""Date-effective parameters: in conditions, in texts, and schedules."""

from __future__ import annotations

import pytest

import flowrules
from flowrules.pack.load import load_pack_source
from tests.conftest import TESTS, executor_param

BASE = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
PARAMETERS = """parameters:
  jobplanner_live:
    type: bool
    description: Jobplanner er i brug.
    versions:
      - {valid_from: 2013-01-01, valid_to: 2014-01-01, value: false}
      - {valid_from: 2014-01-01, value: true}
    citations:
      - {document: 001_1e9ef2aea408ead2.txt, section: Bilag 3, quote: "når Jobplanner er implementeret"}
  aabningstid:
    type: schedule
    description: Åbningstid.
    versions:
      - valid_from: 2013-01-01
        valid_to: 2016-11-03
        value: {mandag: ["07:30", "16:00"], onsdag: ["07:30", "15:00"]}
      - valid_from: 2016-11-03
        value: {mandag: ["08:30", "16:00"], tirsdag: ["08:30", "16:00"], onsdag: ["08:30", "15:00"]}
    citations:
      - {document: 002_6a3a3f3fb5e1f533.txt, section: Åbningstid, quote: "Mandag 08:30 - 16:00"}
rules:
  - id: lukket
    title: Uden for åbningstid
    when:
      modtaget: {outside: aabningstid}
    then:
      action: oplys_aabningstid
      action_text: Linjen er lukket.
      resolution: straksafklaring
      wording: lukket
      journal_macro: jm_omstillet
    citations:
      - {document: 002_6a3a3f3fb5e1f533.txt, section: Åbningstid, quote: "Mandag 08:30 - 16:00"}
"""
TEXT = (
    BASE.replace("rules:\n", PARAMETERS, 1)
    .replace(
        "      grund: {one_of: [arbejde, sygdom]}\n",
        "      grund: {one_of: [arbejde, sygdom]}\n      jobplanner_live: true\n",
        1,
    )
    .replace(
        "wordings:\n",
        "wordings:\n  lukket:\n    decision_maker: jobcentret\n"
        '    text: "Vi har åbent {aabningstid}. Det er jobcentret, der afgør sagen; '
        'dette er vejledning og ikke en afgørelse."\n',
        1,
    )
)


@pytest.fixture(scope="module", params=["native", "durable"])
def engine(request):
    pack, _ = load_pack_source(TEXT, "params.yaml")
    engine = flowrules.Engine([pack], executor=executor_param(request.param))
    yield engine
    engine.close()


def _decide(engine, when: str, **facts):
    return engine.decide(
        {"ordning": "dagpenge", "henvendelse": "afbud", "modtaget": when, **facts}
    )


def test_bool_parameter_in_a_condition_follows_the_call_date(engine):
    """A rule testing jobplanner_live applies only where the parameter is true on that date."""
    assert (
        _decide(engine, "2013-06-03T10:00:00", grund="sygdom").rule_id
        == "dagpenge.afbud_anden_grund"
    )
    assert (
        _decide(engine, "2014-06-02T10:00:00", grund="sygdom").rule_id
        == "dagpenge.afbud_gyldig_grund"
    )


@pytest.mark.parametrize(
    ("when", "closed"),
    [
        ("2014-06-02T07:29:59", True),  # Monday, 2013 profile opens 07:30
        ("2014-06-02T07:30:00", False),
        ("2017-03-06T07:45:00", True),  # Monday, 2016 profile opens 08:30
        ("2017-03-06T08:30:00", False),
        ("2017-03-08T14:59:59", False),  # Wednesday closes 15:00
        ("2017-03-08T15:00:00", True),
        ("2014-06-03T10:00:00", True),  # Tuesday missing from the 2013 version
        ("2017-03-07T10:00:00", False),
    ],
)
def test_schedule_intervals_are_half_open_and_date_effective(engine, when, closed):
    """within/outside use [start, end) of the version in force on the call's date."""
    assert (_decide(engine, when).rule_id == "dagpenge.lukket") is closed


def test_schedule_placeholder_renders_the_hours_in_force(engine):
    """{aabningstid} in a wording shows the grouped hours of the call date's version."""
    old = _decide(engine, "2014-06-03T10:00:00")
    assert "mandag 07.30-16.00; onsdag 07.30-15.00" in old.wording
    new = _decide(engine, "2017-03-07T07:00:00")
    assert "mandag og tirsdag 08.30-16.00; onsdag 08.30-15.00" in new.wording


def test_conditions_on_other_datetime_parts_are_allowed():
    """aftale_tidspunkt_ugedag and _tid may be tested like modtaget's parts."""
    text = BASE.replace(
        "  behov_for_tolk:\n",
        "  aftale_tidspunkt:\n    type: datetime\n    description: Tidspunkt for aftalen.\n  behov_for_tolk:\n",
    ).replace(
        "      grund: {one_of: [arbejde, sygdom]}\n",
        '      grund: {one_of: [arbejde, sygdom]}\n      aftale_tidspunkt_tid: {lt: "12:00"}\n',
    )
    pack, _ = load_pack_source(text, "x.yaml")
    engine = flowrules.Engine([pack], executor="native")
    call = {
        "ordning": "dagpenge",
        "henvendelse": "afbud",
        "grund": "sygdom",
        "modtaget": "2017-03-07T08:00:00",
    }
    morning = engine.decide({**call, "aftale_tidspunkt": "2017-03-07T11:59:00"})
    afternoon = engine.decide({**call, "aftale_tidspunkt": "2017-03-07T12:00:00"})
    assert (morning.rule_id, afternoon.rule_id) == (
        "dagpenge.afbud_gyldig_grund",
        "dagpenge.afbud_anden_grund",
    )


def test_parameter_named_like_a_fact_is_refused():
    """A parameter may not share a fact's name (PK07)."""
    text = TEXT.replace(
        "  jobplanner_live:\n    type: bool", "  grund:\n    type: bool", 1
    )
    with pytest.raises(flowrules.PackError) as info:
        load_pack_source(text, "x.yaml")
    assert "PK07" in {d.code for d in info.value.diagnostics}


@pytest.mark.parametrize(
    "when",
    [
        "2014-06-02T07:29:59",
        "2014-06-02T07:30:00",
        "2017-03-08T14:59:59",
        "2017-03-08T15:00:00",
        "2016-11-02T08:00:00",
        "2016-11-03T08:30:00",
        "2014-06-03T10:00:00",
        "2012-12-31T10:00:00",
    ],
)
def test_schedule_table_agrees_with_schedule_at(when):
    """At the edges of intervals and versions, the schedule table equals the reference."""
    import datetime as dt

    from tests.engine.test_fast_path import assert_schedule_table_agrees

    pack, _ = load_pack_source(TEXT, "params.yaml")
    assert_schedule_table_agrees(pack, dt.datetime.fromisoformat(when))


def test_action_text_placeholders_render_and_are_checked():
    """{parameter} in action_text renders the value in force; an unknown name is PK08."""
    text = TEXT.replace(
        "action_text: Linjen er lukket.",
        "action_text: Linjen er lukket; åbent {aabningstid}.",
    )
    pack, _ = load_pack_source(text, "x.yaml")
    engine = flowrules.Engine([pack], executor="native")
    decision = engine.decide(
        {
            "ordning": "dagpenge",
            "henvendelse": "afbud",
            "modtaget": "2017-03-07T07:00:00",
        }
    )
    assert (
        decision.action_text
        == "Linjen er lukket; åbent mandag og tirsdag 08.30-16.00; onsdag 08.30-15.00."
    )
    broken = TEXT.replace(
        "action_text: Linjen er lukket.", "action_text: Linjen er lukket {aabningstd}."
    )
    with pytest.raises(flowrules.PackError) as info:
        load_pack_source(broken, "x.yaml")
    [diag] = info.value.diagnostics
    assert (diag.code, diag.hint) == ("PK08", "mente du 'aabningstid'?")


def test_weekday_runs_are_shortened():
    """Three or more consecutive days with the same hours render as a range."""
    from flowrules.danish import format_schedule

    week = dict.fromkeys(
        ("mandag", "tirsdag", "onsdag", "torsdag", "fredag"), ("09:00", "10:00")
    )
    assert format_schedule(week) == "mandag-fredag 09.00-10.00"
    week["onsdag"] = ("09:00", "12:00")
    assert (
        format_schedule(week)
        == "mandag, tirsdag, torsdag og fredag 09.00-10.00; onsdag 09.00-12.00"
    )
