"""flowrules approve: refuses broken or unbumped packs, shows the changes, writes the register."""

from __future__ import annotations

import io
import subprocess

import pytest
import yaml

from flowrules.cli import main
from tests.conftest import TESTS

BASE_TEXT = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
WHO = ["--reviewer", "Jurist Eksempel", "--role", "juridisk konsulent"]


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "dagpenge.yaml").write_text(BASE_TEXT, encoding="utf-8")
    return tmp_path


def _git(folder, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def test_first_approval_is_written_and_silences_check(folder):
    """approve --yes writes one entry with digest, reviewer, role, date and note; check is clean."""
    code, _, _ = run("check", str(folder))
    assert code == 0
    assert " AP01 " in run("check", str(folder))[1]
    code, out, _ = run(
        "approve", "dagpenge", "--rules", str(folder), *WHO,
        "--note", "hele pakken", "--date", "2026-12-01", "--yes",
    )  # fmt: skip
    assert code == 0, out
    assert "første godkendelse" in out
    [entry] = yaml.safe_load((folder / "approvals.yaml").read_text())["approvals"]
    assert entry["pack"] == "dagpenge"
    assert entry["version"] == "2026.1"
    assert len(entry["digest"]) == 64
    assert (entry["reviewer"], entry["role"], entry["note"]) == (
        "Jurist Eksempel",
        "juridisk konsulent",
        "hele pakken",
    )
    assert entry["date"] == "2026-12-01"
    assert " AP01 " not in run("check", str(folder))[1]
    assert (
        "allerede godkendt"
        in run("approve", "dagpenge", "--rules", str(folder), *WHO)[1]
    )


def test_approve_refuses_a_pack_with_lint_errors(folder):
    """A wording that states a consequence as certain (WD01) blocks the sign-off; nothing is written."""
    text = BASE_TEXT.replace(
        "Jeg stiller dig videre", "Det vil få konsekvenser. Jeg stiller dig videre"
    )
    assert text != BASE_TEXT
    (folder / "dagpenge.yaml").write_text(text, encoding="utf-8")
    code, _, err = run("approve", "dagpenge", "--rules", str(folder), *WHO, "--yes")
    assert code == 1
    assert " WD01 " in err
    assert "godkendes ikke" in err
    assert not (folder / "approvals.yaml").exists()


def test_content_changed_under_an_approved_version_is_refused(folder):
    """After approval, an edit without a version bump fails check (AP02) and cannot be approved."""
    run("approve", "dagpenge", "--rules", str(folder), *WHO, "--yes")
    before = (folder / "approvals.yaml").read_text()
    pack = folder / "dagpenge.yaml"
    pack.write_text(BASE_TEXT.replace("Registrér", "Notér", 1), encoding="utf-8")
    code, out, _ = run("check", str(folder))
    assert code == 1
    assert " AP02 " in out
    code, _, err = run("approve", "dagpenge", "--rules", str(folder), *WHO, "--yes")
    assert code == 1
    assert " AP02 " in err
    assert (folder / "approvals.yaml").read_text() == before


def test_approve_shows_the_diff_since_the_last_approved_version(folder):
    """With the approved version in git, approve prints the word diff before writing."""
    _git(folder, "init", "-q")
    run("approve", "dagpenge", "--rules", str(folder), *WHO, "--yes")
    _git(folder, "add", ".")
    _git(folder, "commit", "-qm", "godkendt")
    text = BASE_TEXT.replace("Registrér", "Notér", 1).replace('"2026.1"', '"2026.2"', 1)
    (folder / "dagpenge.yaml").write_text(text, encoding="utf-8")
    code, out, _ = run("approve", "dagpenge", "--rules", str(folder), *WHO, "--yes")
    assert code == 0, out
    assert "Senest godkendt: dagpenge@2026.1" in out
    assert "~~Registrér~~ **Notér**" in out
    entries = yaml.safe_load((folder / "approvals.yaml").read_text())["approvals"]
    assert [e["version"] for e in entries] == ["2026.1", "2026.2"]


def test_approve_without_yes_and_without_a_terminal_writes_nothing(folder):
    """Without --yes and with no terminal to ask, approve shows the changes and writes nothing."""
    code, out, _ = run("approve", "dagpenge", "--rules", str(folder), *WHO)
    assert code == 1
    assert "intet er skrevet" in out
    assert not (folder / "approvals.yaml").exists()


def test_approve_of_an_unknown_pack_names_the_packs_there(folder):
    """An unknown pack id is a usage error listing the packs in the folder."""
    code, _, err = run("approve", "dagpeng", "--rules", str(folder), *WHO, "--yes")
    assert code == 2
    assert "dagpenge@2026.1" in err
