"""The pack digest: SHA-256 of the canonical content, blind to comments and layout."""

from __future__ import annotations

import hashlib
import re

from flowrules.pack.digest import canonical_content, pack_digest
from flowrules.pack.load import load_pack, load_pack_text
from tests.conftest import TESTS

BASE = TESTS / "data" / "base_pack.yaml"
TEXT = BASE.read_text(encoding="utf-8")


def test_digest_is_the_sha256_of_the_canonical_content():
    """The digest is 64 hex digits: the SHA-256 of canonical_content()."""
    pack = load_pack(BASE)
    digest = pack_digest(pack)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest == hashlib.sha256(canonical_content(pack)).hexdigest()


def test_comments_layout_and_spelled_out_defaults_do_not_change_the_digest():
    """Comments, flow vs block style and an explicit default value leave the digest alone."""
    edited = "# en ny kommentar øverst\n" + TEXT.replace(
        "    values: [afbud, afmelding]",
        "    values:\n      - afbud   # kommentar\n      - afmelding",
    ).replace("    required: true\n", "    required: true\n    derived: null\n", 1)
    assert edited != TEXT
    assert pack_digest(load_pack_text(edited)) == pack_digest(load_pack(BASE))


def test_a_changed_word_changes_the_digest():
    """Changing one word of an action text gives another digest."""
    edited = TEXT.replace("Registrér afbuddet", "Notér afbuddet", 1)
    assert edited != TEXT
    assert pack_digest(load_pack_text(edited)) != pack_digest(load_pack(BASE))


def test_the_version_is_part_of_the_content():
    """The same rules under another version string have another digest."""
    edited = TEXT.replace('version: "2026.1"', 'version: "2026.2"', 1)
    assert pack_digest(load_pack_text(edited)) != pack_digest(load_pack(BASE))
