"""Scenario files: a broken file is reported in Danish at its place, never by pydantic."""

from __future__ import annotations

import pytest

from flowrules import PackError
from flowrules.analysis.scenario_suite import load_suite

GOOD = """pack: dagpenge
scenarios:
  - id: afbud
    call: {henvendelse: afbud, modtaget: "2017-03-07T10:30:00"}
    expect: {rule: afbud_gyldig_grund}
  - id: afmelding
    call: {henvendelse: afmelding, modtaget: "2017-03-07T10:30:00"}
    expect: {rule: fallback, routed_from: [], pack: dagpenge}
"""


def _problems(tmp_path, text: str):
    path = tmp_path / "dagpenge.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_suite(path)
    return info.value.diagnostics


def test_good_suite_loads(tmp_path):
    """A well-formed suite loads with its scenarios in order."""
    path = tmp_path / "dagpenge.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert [s.id for s in load_suite(path).scenarios] == ["afbud", "afmelding"]


@pytest.mark.parametrize(
    ("old", "new", "message", "hint", "line"),
    [
        (
            "expect: {rule: afbud_gyldig_grund}",
            "expect: {rulle: afbud_gyldig_grund}",
            "ukendt felt 'rulle' i 'scenarios.0.expect.rulle'",
            "mente du 'rule'?",
            5,
        ),
        (
            "  - id: afbud\n",
            "  - id: Afbud X\n",
            "'Afbud X' er ikke et gyldigt id i 'scenarios.0.id'",
            "brug små bogstaver",
            3,
        ),
        (
            '    call: {henvendelse: afbud, modtaget: "2017-03-07T10:30:00"}\n',
            "",
            "feltet 'call' mangler i 'scenarios.0'",
            "tilføj 'call:'",
            3,
        ),
        (
            "expect: {rule: afbud_gyldig_grund}",
            "expect: {steps: journalnotat}",
            "ugyldig værdi 'journalnotat' i 'scenarios.0.expect.steps'",
            "forventede en liste",
            5,
        ),
    ],
    ids=["typo", "bad-id", "missing", "wrong-type"],
)
def test_broken_suite_is_one_danish_sc01(tmp_path, old, new, message, hint, line):
    """A typo, bad id, missing or wrong field is one Danish SC01 at its line."""
    (problem,) = _problems(tmp_path, GOOD.replace(old, new, 1))
    assert problem.code == "SC01"
    assert problem.message == message
    assert problem.hint.startswith(hint)
    assert problem.span.line == line
    assert "pydantic" not in problem.render().lower()


def test_duplicate_scenario_id_is_sc02(tmp_path):
    """A scenario id used twice is SC02 at the second use, naming the first line."""
    (problem,) = _problems(tmp_path, GOOD.replace("id: afmelding", "id: afbud"))
    assert problem.code == "SC02"
    assert problem.message == "scenarie-id'et 'afbud' er brugt før (linje 3)"
    assert problem.span.line == 6
