"""rules/core/fields.yaml: Danish texts for every core call field, next to the bundled packs."""

from __future__ import annotations

import pytest

from flowrules import PackError
from flowrules.lint.wording import LeadingQuestion, find_phrases
from flowrules.pack.core_fields import core_fields_path, load_core_fields
from flowrules.pack.load import discover
from flowrules.vocabulary import CORE_ENUMS, CORE_FIELD_TYPES, VALG_VALUES

CORE = load_core_fields()


def test_the_file_lies_beside_the_packs_but_is_no_pack():
    """It is rules/core/fields.yaml; discovering packs in rules/ does not pick it up."""
    path = core_fields_path()
    assert path.parts[-2:] == ("core", "fields.yaml")
    assert path not in discover(path.parents[1])


def test_every_core_field_is_described_with_its_type():
    """Each SPEC core field (and valg) has a Danish description and the vocabulary's type."""
    for name, kind in CORE_FIELD_TYPES.items():
        assert CORE.fields[name].type == kind, name
    assert CORE.fields["valg"].type == "enum"
    assert all(f.description for f in CORE.fields.values())


def test_every_core_value_has_a_label():
    """Every value of a core enumeration and of valg has a Danish label."""
    for name, values in {**CORE_ENUMS, "valg": VALG_VALUES}.items():
        assert set(values) <= set(CORE.fields[name].labels), name


def test_the_questions_are_neutral_single_questions():
    """Each question ends with '?' and has no leading or deciding phrase (WD08's patterns)."""
    for name, field in CORE.fields.items():
        if field.question is None:
            continue
        assert field.question.endswith("?"), name
        assert list(find_phrases(field.question, LeadingQuestion.PATTERNS)) == [], name
    assert CORE.unknown_label == "ved ikke"


def test_a_malformed_file_is_a_pack_error(tmp_path):
    """An unknown key or a missing file gives a Danish diagnostic, not a traceback."""
    bad = tmp_path / "fields.yaml"
    bad.write_text("unknown_label: ved ikke\nfields: {}\nextra: 1\n", encoding="utf-8")
    with pytest.raises(PackError, match="PK04"):
        load_core_fields(bad)
    with pytest.raises(PackError, match="PK10"):
        load_core_fields(tmp_path / "missing.yaml")
