"""The bundled packs' A-numbers are in the ambiguity register, and docs/tvetydigheder.md is current."""

from __future__ import annotations

from flowrules.pack.load import load_packs
from flowrules.review.ambiguities import load_register, note_uses
from tests.conftest import RULES
from tests.review.make_register_doc import TARGET, render

PACKS = load_packs(RULES)


def test_every_a_number_in_a_pack_note_is_in_the_register():
    """Each A-number a bundled pack's note uses has a register entry with sources and a choice."""
    register = load_register()
    used = set(note_uses(PACKS))
    assert used - set(register) == set()
    for key in used:
        assert register[key].sources
        assert register[key].choice


def test_committed_register_page_is_current():
    """docs/tvetydigheder.md is what the register and the packs give now."""
    hint = "re-generate with: .venv/bin/python -m tests.review.make_register_doc"
    assert TARGET.read_text(encoding="utf-8") == render(), hint
