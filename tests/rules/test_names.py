"""rules/core/names.yaml names every unit, step and resolution id of the SPEC in Danish."""

from __future__ import annotations

from flowrules.service.page_content import NAMES_FILE, load_names
from flowrules.vocabulary import RESOLUTIONS, STEPS, UNITS
from tests.conftest import RULES


def test_every_spec_id_has_exactly_one_danish_name():
    """Each unit, step and resolution id has a name, and no name is for an unknown id."""
    names = load_names(RULES / NAMES_FILE)
    assert set(names["units"]) == set(UNITS)
    assert set(names["steps"]) == set(STEPS)
    assert set(names["resolutions"]) == set(RESOLUTIONS)


def test_the_leverandoer_mail_says_what_it_may_carry():
    """The step name of the mail to a leverandør repeats that only CPR and sygeperiode go in it (Bilag 2)."""
    name = load_names(RULES / NAMES_FILE)["steps"]["mail_leverandoer"]
    assert "CPR" in name
    assert "sygeperiode" in name
