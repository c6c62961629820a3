"""Per-pack call schemas carry Danish titles, descriptions and labels for forms."""

from __future__ import annotations

import flowrules
from tests.conftest import TESTS

ENGINE = flowrules.Engine.from_path(
    TESTS / "data" / "graenseflade_pack.yaml", executor="native"
)
SCHEMA = ENGINE.call_schemas()["kontanthjaelp@2026.1"]["properties"]


def test_a_fact_has_its_question_as_title_and_its_description():
    """title is the pack's Danish question (not a generated 'Svar Fremgaar …')."""
    field = SCHEMA["svar_fremgaar_af_journal"]
    assert field["title"] == "Fremgår svaret tydeligt af journalen?"
    assert field["description"] == "Svaret fremgår tydeligt af journalen."
    assert field["x-labels"] == {"true": "ja", "false": "nej"}


def test_an_enum_has_a_danish_label_for_every_value():
    """x-labels maps each allowed value to the pack's label."""
    field = SCHEMA["grund"]
    assert field["x-labels"] == {"sygdom": "sygdom", "andet": "en anden grund"}
    assert field["anyOf"][0]["enum"] == ["sygdom", "andet"]


def test_fields_the_pack_does_not_describe_come_from_the_core_fields_file():
    """ordning, modtaget and valg take their Danish texts from rules/core/fields.yaml."""
    assert SCHEMA["ordning"]["title"] == "Hvilket område hører henvendelsen under?"
    assert SCHEMA["ordning"]["x-labels"] == {"kontanthjaelp": "kontanthjælp"}
    assert (
        SCHEMA["modtaget"]["title"]
        == "Hvornår kom henvendelsen ind (dato og klokkeslæt)?"
    )
    assert SCHEMA["valg"]["x-labels"] == {
        "straksafklaring": "afklares i samtalen",
        "omstilling": "stilles om",
        "henvisning": "henvises (borgeren får kontaktoplysningerne)",
    }


def test_a_derived_fact_is_not_in_the_schema():
    """Day counts are computed, never sent, so the schema has no field for them."""
    assert "dage_til_aftale" not in SCHEMA
