"""The ambiguity register covers every A-number the packs use, and docs/tvetydigheder.md is current."""

from __future__ import annotations

import pytest

from flowrules.pack.load import load_pack_text, load_packs
from flowrules.review.ambiguities import load_register, register_markdown
from tests.conftest import RULES, TESTS

PACKS = load_packs(RULES)


def test_register_page_lists_the_uses_of_each_number():
    """The page has an anchor per number and lists where the packs use it."""
    text = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
    page = register_markdown(load_register(), [load_pack_text(text)])
    assert '<a id="a30"></a>' in page
    assert "## A30: " in page
    assert "- `dagpenge@2026.1`, regel afbud_gyldig_grund: Grunden registreres" in page


def test_an_unknown_field_in_the_register_is_refused(tmp_path):
    """A register entry with an unknown key names the file and the entry."""
    path = tmp_path / "r.yaml"
    path.write_text(
        "tvetydigheder:\n  A01: {title: t, conflict: c, sources: [s], choice: v, x: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="A01"):
        load_register(path)
