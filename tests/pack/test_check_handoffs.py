"""Hand-offs checked across packs: the target call type exists, no cycle (PK18)."""

from __future__ import annotations

import pytest

from flowrules import PackError
from flowrules.pack.load import load_pack_text, load_packs
from tests.conftest import TESTS

HANDOFF = TESTS / "data" / "handoff"
SOURCE = (HANDOFF / "kontanthjaelp.yaml").read_text(encoding="utf-8")
TARGET = (HANDOFF / "sygeopfoelgning.yaml").read_text(encoding="utf-8")
BACK_RULE = """rules:
  - id: tilbage
    title: Sendes tilbage
    when:
      henvendelse: sygemelding
      aftale: jobsamtale
    then:
      continue_with: {ordning: kontanthjaelp, henvendelse: forsinkelse}
    citations:
      - document: 001_1e9ef2aea408ead2.txt
        section: Bilag 2
        quote: Enheden tager imod telefoniske sygemeldinger fra borgere
"""


def _load(tmp_path, source: str = SOURCE, target: str = TARGET):
    (tmp_path / "kontanthjaelp.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "sygeopfoelgning.yaml").write_text(target, encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_packs(tmp_path)
    return info.value.diagnostics


def test_packs_handing_off_to_each_other_load():
    """The test packs' hand-off reaches a real call type and loads cleanly."""
    assert {p.pack for p in load_packs(HANDOFF)} == {"kontanthjaelp", "sygeopfoelgning"}


def test_unknown_target_call_type_is_reported(tmp_path):
    """A hand-off to a call type the target pack lacks is PK18 with a suggestion."""
    source = SOURCE.replace(
        "henvendelse: sygemelding, implies: {aftale: tilbud}",
        "henvendelse: sygemeldng, implies: {aftale: tilbud}",
    )
    (problem,) = _load(tmp_path, source)
    assert problem.code == "PK18"
    assert "ingen opkaldstype 'sygemeldng'" in problem.message
    assert problem.hint == "mente du 'sygemelding'?"
    assert problem.rule == "kontanthjaelp.afbud_tilbud_sygdom"
    assert problem.span.line == 40


def test_cycle_is_reported_once(tmp_path):
    """Hand-offs that can lead back to a pack passed are one PK18 naming the chain."""
    target = TARGET.replace("rules:\n", BACK_RULE, 1)
    problems = _load(tmp_path, target=target)
    assert [d.code for d in problems] == ["PK18"]
    assert "kontanthjaelp → sygeopfoelgning → kontanthjaelp" in problems[0].message


@pytest.mark.parametrize(
    ("old", "new", "code", "words"),
    [
        (
            "{ordning: sygeopfoelgning, henvendelse: sygemelding, implies: {aftale: tilbud}}",
            "{ordning: kontanthjaelp, henvendelse: forsinkelse}",
            "PK18",
            "sin egen pakke",
        ),
        (
            "{ordning: sygeopfoelgning, henvendelse: sygemelding, implies: {aftale: tilbud}}",
            "{ordning: sygeopfolgning, henvendelse: sygemelding}",
            "PK18",
            "ukendt ordning",
        ),
        (
            "implies: {aftale: tilbud}",
            "implies: {jobplanner_live: true}",
            "PK18",
            "kun kernefelter",
        ),
        (
            "implies: {aftale: tilbud}",
            "implies: {aftale: kursus}",
            "PK15",
            "passer ikke til kernefeltet 'aftale'",
        ),
    ],
    ids=["own-pack", "unknown-pack", "implies-non-core", "implies-bad-value"],
)
def test_bad_hand_off_in_one_pack(old, new, code, words):
    """A hand-off to its own or an unknown pack, or a bad implied fact, is refused."""
    with pytest.raises(PackError) as info:
        load_pack_text(SOURCE.replace(old, new, 1), "kontanthjaelp.yaml")
    (problem,) = info.value.diagnostics
    assert (problem.code, problem.rule) == (code, "kontanthjaelp.afbud_tilbud_sygdom")
    assert words in problem.message


def test_hand_off_with_texts_of_its_own_is_refused():
    """A hand-off outcome takes no texts of its own: an extra key is PK03."""
    bad = SOURCE.replace(
        "implies: {aftale: tilbud}}",
        "implies: {aftale: tilbud}}\n      wording: omstilles",
        1,
    )
    with pytest.raises(PackError) as info:
        load_pack_text(bad, "kontanthjaelp.yaml")
    (problem,) = info.value.diagnostics
    assert (problem.code, problem.message) == ("PK03", "ukendt felt 'wording'")
