"""The seed documents ship with flowrules, each with its title and date in documents.yaml."""

from __future__ import annotations

import pytest

from flowrules.lint.seeds import (
    bundled_seeds_dir,
    load_seeds,
    normalise,
    source_documents,
)
from flowrules.pack.load import load_packs
from tests.conftest import RULES


def test_every_bundled_seed_has_a_title_and_a_date():
    """documents.yaml names every shipped seed file, with a title, short name and date."""
    files = sorted(p.name for p in bundled_seeds_dir().glob("*.txt"))
    documents = source_documents()
    assert sorted(documents) == files
    for doc in documents.values():
        assert all((doc.title, doc.short, doc.date))


def test_every_cited_document_is_a_bundled_seed():
    """The bundled packs cite only documents that ship with flowrules."""
    cited = {
        c.document
        for pack in load_packs(RULES)
        for item in (*pack.rules, *pack.addenda, pack.fallback)
        for c in item.citations
    }
    assert cited <= set(load_seeds())


def test_a_missing_seed_folder_gives_no_seeds(tmp_path):
    """load_seeds of a folder that does not exist is empty (every quote then unchecked)."""
    assert load_seeds(tmp_path / "missing") == {}


def test_malformed_documents_file_names_the_file(tmp_path):
    """An entry with an unknown key is refused with the file and the entry named."""
    (tmp_path / "documents.yaml").write_text(
        "documents:\n  001_x.txt: {title: T, short: S, date: '2012', author: X}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"documents\.yaml: 001_x\.txt"):
        source_documents(tmp_path)


def test_normalise_joins_line_break_hyphenation():
    """A word split across a line break matches its joined form."""
    assert normalise("afgø-\nrelse  Er") == "afgørelse er"
