"""The flowrules command line: decide, explain, check, schema and exit codes."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest

import flowrules
from flowrules.cli import main
from flowrules.pack.load import load_packs
from tests.conftest import DATA, ENGINE_PACK, PACKS, RULES, SEEDS, TESTS, sample_calls

ROOT = TESTS.parent
EXAMPLE = DATA / "calls" / "afbud.json"
AFMELDING = DATA / "calls" / "afmelding.json"
OWN = ("--rules", str(ENGINE_PACK))


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_decide_prints_the_decision_as_json():
    """decide FILE prints the stable JSON form of the decision."""
    code, out, _ = run("decide", str(EXAMPLE), *OWN, "--executor", "native")
    assert code == 0
    data = json.loads(out)
    assert data["notice"] == "Vejledning, ikke afgørelse"
    assert data["rule_id"] == "dagpenge.afbud_gyldig_grund"
    engine = flowrules.Engine.from_path(ENGINE_PACK, executor="native")
    call = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert data == engine.decide(call).model_dump(mode="json")
    engine.close()


@pytest.mark.parametrize("pack", PACKS, ids=[p.pack for p in PACKS])
def test_decide_without_rules_uses_the_bundled_packs(tmp_path, pack):
    """Without --rules, decide answers as Engine.default() does for the same call."""
    call = sample_calls(pack, limit=1)[0]
    path = tmp_path / "call.json"
    path.write_text(json.dumps(call), encoding="utf-8")
    code, out, _ = run("decide", str(path), "--executor", "native")
    assert code == 0
    engine = flowrules.Engine.default(executor="native")
    assert json.loads(out) == engine.decide(call).model_dump(mode="json")
    engine.close()


def test_decide_text_format_is_a_danish_block():
    """--format text prints a readable Danish block with wording and journal note."""
    code, out, _ = run(
        "decide", str(EXAMPLE), *OWN, "--format", "text", "--executor", "native"
    )
    assert code == 0
    assert "Regel:        dagpenge.afbud_gyldig_grund" in out
    assert "Til borgeren:" in out
    assert "Journalnotat:" in out
    assert "Kilder:" in out


def test_decide_reads_standard_input(monkeypatch):
    """decide - reads the call from standard input."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(EXAMPLE.read_text(encoding="utf-8")))
    code, out, _ = run("decide", "-", *OWN, "--executor", "native")
    assert code == 0
    assert json.loads(out)["pack"] == "dagpenge"


def test_invalid_call_exits_1_with_the_field(tmp_path):
    """A call with a bad value exits 1 and names the field on stderr."""
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "ordning": "dagpenge",
                "henvendelse": "nope",
                "modtaget": "2017-03-07T10:30:00",
            }
        ),
        encoding="utf-8",
    )
    code, out, err = run("decide", str(bad), *OWN)
    assert code == 1
    assert out == ""
    assert f"flowrules: {bad}: henvendelse: 'nope' er ikke en tilladt værdi" in err
    assert "= hjælp: tilladte værdier: afbud, afmelding, raad_og_vejledning" in err
    assert "Traceback" not in err


def test_unreadable_or_bad_json_exits_2(tmp_path):
    """A missing file or invalid JSON exits 2 with the place of the problem."""
    assert run("decide", str(tmp_path / "missing.json"))[0] == 2
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    code, _, err = run("decide", str(broken))
    assert code == 2
    assert "broken.json:1:2: ikke gyldig JSON (feltnavne skal stå i dobbelte" in err
    assert "= hjælp: et opkald er ét JSON-objekt" in err
    _, _, missing = run("decide", str(tmp_path / "missing.json"))
    assert "missing.json: filen kan ikke læses (den findes ikke)" in missing


def test_explain_lists_the_rules_tried():
    """explain prints each rule tried with its conditions."""
    code, out, _ = run("explain", str(AFMELDING), *OWN)
    assert code == 0
    assert "[MATCH] dagpenge.afmelding_inden_frist" in out
    assert "[nej] dagpenge.afbud_gyldig_grund" in out
    assert "dage_til_afmelding" in out


def test_check_clean_packs_exit_0():
    """check on a clean pack reports no diagnostics and exits 0."""
    code, out, _ = run("check", str(ENGINE_PACK))
    assert code == 0
    assert out.splitlines()[-1] == "0 fejl og 1 advarsel(er) i 1 pakke(r)"  # AP01
    codes = {line.split()[1] for line in out.splitlines() if line.startswith("/")}
    assert codes == {"AP01"}


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_check_broken_pack_exits_1(fmt):
    """check on a broken pack prints path:line:col: CODE and exits 1."""
    path = str(TESTS / "pack" / "invalid_packs" / "unknown_wording.yaml")
    code, out, _ = run("check", path, "--format", fmt)
    assert code == 1
    if fmt == "text":
        assert out.startswith(f"{path}:35:16: PK05 ")
    else:
        assert json.loads(out)[0]["code"] == "PK05"


def test_check_missing_path_exits_2():
    """check on a path that does not exist is a usage error (exit 2)."""
    assert run("check", "no/such/folder")[0] == 2


def test_usage_error_exits_2():
    """An unknown subcommand exits 2."""
    assert run("frobnicate")[0] == 2


def test_schema_prints_pack_call_and_decision_schemas(tmp_path):
    """schema prints JSON Schemas for the pack file, calls (per pack), decisions and interview steps."""
    code, out, _ = run("schema")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"pack", "call", "decision", "interview", "calls"}
    assert {"question", "decision", "possible", "missing"} <= set(
        data["interview"]["properties"]
    )
    bundled = {p.ref for p in load_packs(RULES)}
    assert set(data["calls"]) == bundled
    code, out, _ = run("schema", "call", *OWN)
    assert code == 0
    assert set(json.loads(out)["calls"]) == {"dagpenge@2026.1"}
    assert (
        data["decision"]["properties"]["notice"]["const"]
        == "Vejledning, ikke afgørelse"
    )
    code, out, _ = run("schema", "interview")
    assert (code, set(json.loads(out))) == (0, {"interview"})
    code, _, _ = run("schema", "pack", "--out", str(tmp_path))
    assert code == 0
    assert (
        json.loads((tmp_path / "pack.schema.json").read_text(encoding="utf-8"))["title"]
        == "Pack"
    )


def test_installed_console_script_runs():
    """The flowrules console script is installed and decides a call."""
    result = subprocess.run(
        [sys.executable, "-m", "flowrules.cli", "decide", str(EXAMPLE), *OWN],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["resolution"] == "straksafklaring"
    assert "decision_made" not in result.stdout


def test_check_deep_reports_analysis_and_exits_0_on_warnings():
    """check --deep adds the domain analysis; a pack with warnings only exits 0."""
    code, out, _ = run("check", "--deep", str(ENGINE_PACK))
    assert code == 0
    assert " AN03 " in out
    assert " AP01 " in out  # the test pack is not signed off
    assert out.splitlines()[-1] == "0 fejl og 2 advarsel(er) i 1 pakke(r)"


def test_lint_clean_pack_and_broken_text_found(tmp_path):
    """lint exits 0 on a clean pack and 1 with a WD01 finding on decision language."""
    assert run("lint", str(ENGINE_PACK), "--seeds", str(SEEDS))[0] == 0
    text = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace(
            "Jeg stiller dig videre", "Det vil få konsekvenser. Jeg stiller dig videre"
        ),
        encoding="utf-8",
    )
    code, out, _ = run("lint", str(bad), "--format", "json")
    assert code == 1
    assert {f["code"] for f in json.loads(out)} == {"WD01"}


def test_lint_summary_says_how_many_quotes_it_checked(tmp_path):
    """lint's last line counts the citations checked against the bundled seed documents."""
    code, out, _ = run("lint", str(ENGINE_PACK))
    assert code == 0
    seeds = len(list(SEEDS.glob("*.txt")))
    assert re.fullmatch(
        rf"ingen fund \(\d+ citater kontrolleret ordret mod {seeds} kildedokumenter\)",
        out.splitlines()[-1],
    )


def test_lint_with_an_empty_seed_folder_reports_quotes_as_not_checked(tmp_path):
    """With --seeds pointing at no documents, lint exits 1 and never prints "ingen fund"."""
    empty = tmp_path / "seeds"
    empty.mkdir()
    code, out, _ = run("lint", str(ENGINE_PACK), "--seeds", str(empty))
    assert code == 1
    assert "ingen fund" not in out
    assert " LH03 " in out
    assert "IKKE kontrolleret" in out.splitlines()[-1]


def test_render_writes_one_page_per_pack(tmp_path):
    """render writes a Danish page per pack and an index."""
    code, _, _ = run("render", str(ENGINE_PACK), "--out", str(tmp_path))
    assert code == 0
    pages = sorted(p.name for p in tmp_path.glob("*.md"))
    assert "index.md" in pages
    assert "dagpenge.md" in pages
    assert "```mermaid" in (tmp_path / "dagpenge.md").read_text(encoding="utf-8")


def test_diff_lists_a_changed_wording(tmp_path):
    """diff OLD NEW reports a changed wording word by word and exits 1 (differences)."""
    text = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(
        text.replace("Jeg har registreret dit afbud.", "Jeg har noteret dit afbud."),
        encoding="utf-8",
    )
    code, out, _ = run("diff", str(old), str(new))
    assert code == 1
    assert "~~registreret~~" in out
    assert "**noteret**" in out


def test_batch_decide_streams_json_lines(tmp_path):
    """decide --batch prints one JSON line per call, errors included, and exits 1 if any failed."""
    calls = tmp_path / "calls.jsonl"
    calls.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("\n", "")
        + "\n"
        + '{"ordning": "dagpenge", "henvendelse": "nope", "modtaget": "2017-03-07T10:30:00"}\n'
        + "not json\n",
        encoding="utf-8",
    )
    code, out, err = run("decide", "--batch", str(calls), *OWN, "--executor", "native")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert lines[0]["rule_id"] == "dagpenge.afbud_gyldig_grund"
    assert lines[1]["line"] == 2
    assert lines[1]["error"][0]["field"] == "henvendelse"
    assert lines[1]["error"][0]["value"] == "nope"
    assert "afbud" in lines[1]["error"][0]["allowed"]
    assert lines[2]["line"] == 3
    assert "1 beslutninger, 2 ugyldige opkald" in err


def test_impact_counts_changed_decisions_and_shares(tmp_path):
    """impact reports changed decisions and the afklaringsprocent before and after."""
    text = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(text, encoding="utf-8")
    new.write_text(
        text.replace(
            "      grund: {one_of: [arbejde, sygdom]}",
            "      grund: {one_of: [arbejde, sygdom, andet]}",
        ),
        encoding="utf-8",
    )
    calls = tmp_path / "calls.jsonl"
    rows = [
        {
            "ordning": "dagpenge",
            "henvendelse": "afbud",
            "grund": g,
            "modtaget": "2017-03-07T10:30:00",
        }
        for g in ("arbejde", "sygdom", "andet", "andet")
    ]
    calls.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, out, _ = run("impact", str(old), str(new), str(calls), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["changed"] == 2
    assert report["old"]["afklaringsprocent"] == 50.0
    assert report["new"]["afklaringsprocent"] == 100.0


def test_check_reports_warnings_and_still_exits_0(tmp_path):
    """check prints a PK20 warning of a pack that loads, and a warning alone exits 0."""
    code, out, _ = run("check", str(TESTS / "data" / "base_pack.yaml"))
    assert code == 0
    assert "PK20 faktummet 'grund' har intet spørgsmål (question)" in out
    assert (
        "0 fejl og 6 advarsel(er) i 1 pakke(r)" in out
    )  # 5 PK20 and AP01 (not approved)
