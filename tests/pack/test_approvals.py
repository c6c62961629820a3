"""The approval register: reading, writing, and what check reports (AP01-AP03)."""

from __future__ import annotations

import datetime as dt

import pytest

from flowrules.diagnostics import Severity, Span
from flowrules.errors import PackError
from flowrules.pack.approvals import (
    Approval,
    ApprovalRegister,
    approval_diagnostics,
    approvals_path,
    load_register,
    pack_info,
)
from flowrules.pack.digest import pack_digest
from flowrules.pack.load import discover, load_pack, load_pack_text
from tests.conftest import TESTS

BASE = TESTS / "data" / "base_pack.yaml"
PACK = load_pack(BASE)
SPAN = Span("pack.yaml", 4, 10)


def _approval(pack=PACK, **changes) -> Approval:
    fields = {
        "pack": pack.pack,
        "version": pack.version,
        "digest": pack_digest(pack),
        "reviewer": "Jurist Eksempel",
        "role": "juridisk konsulent",
        "date": dt.date(2026, 12, 1),
        "note": "gennemgået",
    }
    return Approval(**{**fields, **changes})


def test_a_missing_register_is_empty(tmp_path):
    """load_register of a file that does not exist gives an empty register at that path."""
    register = load_register(tmp_path / "approvals.yaml")
    assert register.approvals == ()
    assert register.path == tmp_path / "approvals.yaml"


def test_register_survives_write_and_load(tmp_path):
    """An appended approval is written and read back unchanged, after the header."""
    register = ApprovalRegister(tmp_path / "approvals.yaml").with_approval(_approval())
    register.write()
    text = register.path.read_text(encoding="utf-8")
    assert text.startswith("# Godkendelser af regelpakkernes indhold")
    assert load_register(register.path) == register


def test_an_invalid_entry_is_ap03_at_its_line(tmp_path):
    """A bad digest is refused with AP03 at the entry's line, naming the field and value."""
    path = tmp_path / "approvals.yaml"
    path.write_text(
        "approvals:\n  - pack: dagpenge\n    version: '2026.1'\n    digest: abc\n"
        "    reviewer: X\n    role: Y\n    date: 2026-12-01\n",
        encoding="utf-8",
    )
    with pytest.raises(PackError) as info:
        load_register(path)
    [diag] = info.value.diagnostics
    assert diag.code == "AP03"
    assert diag.span.line == 4
    assert "approvals.0.digest" in diag.message
    assert "'abc'" in diag.message


def test_a_register_with_another_shape_is_ap03(tmp_path):
    """A file whose top level is not {approvals: [...]} is refused."""
    path = tmp_path / "approvals.yaml"
    path.write_text("godkendelser: []\n", encoding="utf-8")
    with pytest.raises(PackError, match="AP03"):
        load_register(path)


def test_unapproved_pack_is_an_ap01_warning():
    """A pack whose digest has no approval gives one AP01 warning naming the approve command."""
    [diag] = approval_diagnostics([(SPAN, PACK)], ApprovalRegister(BASE))
    assert diag.code == "AP01"
    assert diag.severity == Severity.WARNING
    assert "flowrules approve dagpenge" in (diag.hint or "")


def test_approved_pack_gives_no_diagnostic():
    """An approval of exactly this content silences check."""
    register = ApprovalRegister(BASE, (_approval(),))
    assert approval_diagnostics([(SPAN, PACK)], register) == []


def test_changed_content_under_an_approved_version_is_an_ap02_error():
    """Editing a pack without a version bump after approval is an error asking for a new version."""
    register = ApprovalRegister(BASE, (_approval(),))
    text = BASE.read_text(encoding="utf-8").replace("Registrér", "Notér", 1)
    edited = load_pack_text(text)
    [diag] = approval_diagnostics([(SPAN, edited)], register)
    assert diag.code == "AP02"
    assert diag.severity == Severity.ERROR
    assert "2026.2" in (diag.hint or "")


def test_pack_info_carries_digest_and_approval():
    """pack_info names the approval of this content, or none."""
    approval = _approval()
    info = pack_info(PACK, ApprovalRegister(BASE, (approval,)))
    assert info.digest == pack_digest(PACK)
    assert info.approved
    assert info.approval == approval
    assert not pack_info(PACK, ApprovalRegister(BASE)).approved


def test_register_lives_next_to_the_packs(tmp_path):
    """The register of a folder or of a pack file in it is <folder>/approvals.yaml."""
    assert approvals_path(tmp_path) == tmp_path / "approvals.yaml"
    assert approvals_path(tmp_path / "dagpenge.yaml") == tmp_path / "approvals.yaml"


def test_the_register_is_not_loaded_as_a_pack(tmp_path):
    """discover() skips approvals.yaml in a pack folder."""
    (tmp_path / "dagpenge.yaml").write_text(BASE.read_text(encoding="utf-8"))
    (tmp_path / "approvals.yaml").write_text("approvals: []\n")
    assert [p.name for p in discover(tmp_path)] == ["dagpenge.yaml"]
