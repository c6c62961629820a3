"""diff and impact work on files, folders and git revisions, from any directory."""

from __future__ import annotations

import io
import json
import subprocess

import pytest
import yaml

from flowrules.cli import main
from tests.conftest import TESTS

BASE_TEXT = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
CALL = {"modtaget": "2017-03-07T10:30:00"}
SUITE = {
    "pack": "dagpenge",
    "scenarios": [
        {
            "id": f"afbud-{g}",
            "call": {"henvendelse": "afbud", "grund": g, **CALL},
            "expect": {},
        }
        for g in ("arbejde", "sygdom", "andet")
    ]
    + [{"id": "afmelding", "call": {"henvendelse": "afmelding", **CALL}, "expect": {}}],
}
WIDER = BASE_TEXT.replace(
    "      grund: {one_of: [arbejde, sygdom]}",
    "      grund: {one_of: [arbejde, sygdom, andet]}",
).replace('version: "2026.1"', 'version: "2026.2"')


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _repo(root, text=BASE_TEXT):
    """A project folder: rules/dagpenge.yaml and tests/scenarios/dagpenge.yaml."""
    (root / "rules").mkdir(parents=True)
    (root / "tests" / "scenarios").mkdir(parents=True)
    (root / "rules" / "dagpenge.yaml").write_text(text, encoding="utf-8")
    (root / "tests" / "scenarios" / "dagpenge.yaml").write_text(
        yaml.safe_dump(SUITE, allow_unicode=True), encoding="utf-8"
    )
    return root


def _git(root, *args):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, *args], cwd=root, check=True, capture_output=True)


def test_diff_from_another_directory_uses_the_packs_own_suite(tmp_path, monkeypatch):
    """Run from elsewhere, diff still finds tests/scenarios/<pack>.yaml beside the packs."""
    old, new = _repo(tmp_path / "old"), _repo(tmp_path / "new", WIDER)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("diff", str(old / "rules" / "dagpenge.yaml"), str(new / "rules"))
    assert code == 1
    assert "1 af 4 scenarier får et andet udfald" in out
    assert "Scenarier fra: `new/tests/scenarios/dagpenge.yaml`" in out


def test_diff_of_folders_at_a_git_revision(tmp_path, monkeypatch):
    """HEAD:rules against the working folder compares each pack on the suite at each side."""
    root = _repo(tmp_path / "repo")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "start")
    (root / "rules" / "dagpenge.yaml").write_text(WIDER, encoding="utf-8")
    monkeypatch.chdir(root)
    code, out, _ = run("diff", "HEAD:rules", "rules", "--format", "json")
    assert code == 1
    [diff] = json.loads(out)["diffs"]
    assert (diff["old_ref"], diff["new_ref"]) == ("dagpenge@2026.1", "dagpenge@2026.2")
    assert diff["old_source"] == "HEAD:rules/dagpenge.yaml"
    assert diff["scenarios_run"] == 4
    assert [s["id"] for s in diff["scenarios"]] == ["afbud-andet"]
    assert run("diff", "HEAD:rules", "HEAD:rules/")[0] == 0


def test_diff_reports_a_rule_made_unreachable(tmp_path):
    """A change that lets an earlier rule shadow a later one shows as a new AN01 error."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(BASE_TEXT, encoding="utf-8")
    shadowing = BASE_TEXT.replace(
        "  - id: afbud_gyldig_grund\n",
        "  - id: alle_afbud_foerst\n    title: Alle afbud\n    when:\n      henvendelse: afbud\n"
        "    then:\n      action: omstil\n      action_text: Omstil til jobcentret.\n"
        "      resolution: omstilling\n      transfer_to: jobcenter\n"
        "      wording: omstilles\n      journal_macro: jm_omstillet\n"
        "    citations:\n      - document: 001_1e9ef2aea408ead2.txt\n"
        "        section: Bilag 4, Afbud\n        quote: Borgeren omstilles til jobcentret.\n"
        "  - id: afbud_gyldig_grund\n",
        1,
    )
    new.write_text(shadowing, encoding="utf-8")
    code, out, _ = run("diff", str(old), str(new))
    assert code == 1
    assert "## Nye fund (lint og check --deep)" in out
    assert "**AN01** (fejl" in out
    assert "reglen 'afbud_gyldig_grund' bliver aldrig brugt" in out


def test_diff_warns_when_content_changes_under_the_same_version(tmp_path):
    """Changed content with an unchanged version string gives a warning in the report."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(BASE_TEXT, encoding="utf-8")
    new.write_text(BASE_TEXT.replace("Registrér", "Notér", 1), encoding="utf-8")
    code, out, _ = run("diff", str(old), str(new))
    assert code == 1
    assert "dagpenge@2026.1 → dagpenge@2026.1" in out
    assert (
        "**Advarsel:** indholdet er ændret, men versionen er stadig dagpenge@2026.1"
        in out
    )


def test_impact_on_one_pack_counts_only_its_calls(tmp_path):
    """Calls to other ordninger are left out and reported, not counted as invalid."""
    old, new = _repo(tmp_path / "old"), _repo(tmp_path / "new", WIDER)
    calls = tmp_path / "calls.jsonl"
    rows = [
        {"ordning": "dagpenge", "henvendelse": "afbud", "grund": "andet", **CALL},
        {"ordning": "kontanthjaelp", "henvendelse": "forsinkelse", **CALL},
        {"ordning": "sygedagpenge", "henvendelse": "ferie", **CALL},
    ]
    calls.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    old_pack, new_pack = (
        str(old / "rules" / "dagpenge.yaml"),
        str(new / "rules" / "dagpenge.yaml"),
    )
    code, out, _ = run("impact", old_pack, new_pack, str(calls))
    assert code == 1
    assert out.splitlines()[0] == "Opkald: 1; ændrede beslutninger: 1 (100,0 %)"
    assert "ugyldige opkald 0" in out
    assert "2 opkald til andre ordninger end dagpenge er ikke talt med" in out
    assert run("impact", old_pack, old_pack, str(calls))[0] == 0


def test_impact_without_calls_uses_the_packs_suites(tmp_path):
    """Without a call file, impact decides the scenarios of the packs' suites."""
    old, new = _repo(tmp_path / "old"), _repo(tmp_path / "new", WIDER)
    code, out, _ = run(
        "impact", str(old / "rules"), str(new / "rules"), "--format", "json"
    )
    assert code == 1
    report = json.loads(out)
    assert (report["total"], report["changed"]) == (4, 1)
    assert report["source"] == "scenarierne i pakkernes suiter"


@pytest.mark.parametrize("spec", ["HEAD:findes/ikke", "findes_ikke.yaml"])
def test_an_unreadable_side_is_pk10(tmp_path, monkeypatch, spec):
    """A missing file or revision is exit 2 with a PK10 diagnostic."""
    root = _repo(tmp_path / "repo")
    _git(root, "init", "-q")
    monkeypatch.chdir(root)
    code, _, err = run("diff", spec, "rules")
    assert code == 2
    assert "PK10" in err
