"""Version diffs: rules, conditions, texts word by word, scenario outcomes, git revisions."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from flowrules.cli.compare import diff_command
from flowrules.errors import PackError
from flowrules.pack.load import load_pack_source
from flowrules.review.diff_report import render_diff
from flowrules.review.markdown import word_diff
from flowrules.review.pack_diff import PackDiff, diff_packs
from flowrules.review.revisions import load_revision
from tests.conftest import TESTS

BASE = TESTS / "data" / "base_pack.yaml"
REPO = TESTS.parent
BASE_TEXT = BASE.read_text(encoding="utf-8")

NEW_RULE = """\
  - id: afmelding_omstilles
    title: Afmeldinger omstilles
    when:
      henvendelse: afmelding
    then:
      action: omstil_afmelding
      action_text: Omstil afmeldingen til jobcentret.
      resolution: omstilling
      transfer_to: jobcenter
      wording: omstilles
      journal_macro: jm_omstillet
    citations:
      - document: 001_1e9ef2aea408ead2.txt
        section: Bilag 4, Afmelding
        quote: Der foretages afmeldinger samt fremtidige afmeldinger
fallback:
"""
SECOND_RULE = BASE_TEXT[
    BASE_TEXT.index("  - id: afbud_anden_grund") : BASE_TEXT.index("fallback:")
]
SCENARIOS = [
    {"id": "afbud-arbejde", "call": {"henvendelse": "afbud", "grund": "arbejde"}},
    {"id": "afbud-sygdom", "call": {"henvendelse": "afbud", "grund": "sygdom"}},
    {"id": "afbud-andet", "call": {"henvendelse": "afbud", "grund": "andet"}},
    {"id": "afmelding", "call": {"henvendelse": "afmelding"}},
]
for _scenario in SCENARIOS:
    _scenario["call"]["modtaget"] = "2017-03-07T10:30:00"


def _changed_text() -> str:
    """A new version: wording changed, rule added, rule removed, condition changed."""
    text = BASE_TEXT.replace('version: "2026.1"', 'version: "2026.2"')
    text = text.replace("Jeg har registreret dit afbud.", "Jeg har noteret dit afbud.")
    text = text.replace("{one_of: [arbejde, sygdom]}", "{one_of: [arbejde]}")
    text = text.replace(SECOND_RULE, "")
    return text.replace("fallback:\n", NEW_RULE, 1)


def _pack(text: str):  # type: ignore[no-untyped-def]
    return load_pack_source(text, "pack.yaml")[0]


@pytest.fixture(scope="module")
def diff() -> PackDiff:
    return diff_packs(_pack(BASE_TEXT), _pack(_changed_text()), SCENARIOS)


def _item(diff: PackDiff, rule_id: str):  # type: ignore[no-untyped-def]
    return next(i for i in diff.rules if i.id == rule_id)


def test_added_removed_and_changed_rules_are_listed(diff):
    """Rules are matched by id: one added, one removed, one with a changed condition."""
    statuses = {(i.kind, i.id): i.status for i in diff.rules}
    assert statuses == {
        ("regel", "afbud_gyldig_grund"): "changed",
        ("regel", "afbud_anden_grund"): "removed",
        ("regel", "afmelding_omstilles"): "added",
    }
    (change,) = _item(diff, "afbud_gyldig_grund").changes
    assert change.what == "betingelse (grund)"
    assert change.old == "`grund` er en af: arbejde, sygdom"
    assert change.new == "`grund` er en af: arbejde"
    added = {c.what: c.new for c in _item(diff, "afmelding_omstilles").changes}
    assert added["placering"] == "nr. 2"
    assert added["betingelse (henvendelse)"] == "`henvendelse` er afmelding"
    assert added["omstilling til"] == "`jobcenter`"
    assert diff.header[0].what == "version"
    assert (diff.header[0].old, diff.header[0].new) == ("2026.1", "2026.2")


def test_changed_wording_is_marked_word_by_word(diff):
    """Only the changed wording is listed, with ~~removed~~ and **added** words."""
    (text,) = diff.texts
    assert (text.kind, text.id, text.status) == (
        "wording",
        "afbud_registreret",
        "changed",
    )
    assert text.markup.startswith("Jeg har ~~registreret~~ **noteret** dit afbud.")
    assert word_diff("a b c", "a c d") == "a ~~b~~ c **d**"
    assert word_diff("a *b*", "a") == r"a ~~\*b\*~~"


def test_scenario_outcome_changes_are_detected(diff):
    """Each scenario call runs through both versions; only changed outcomes are listed."""
    found = {s.id: s for s in diff.scenarios}
    assert diff.scenarios_run == 4
    assert sorted(found) == [
        "afbud-andet",
        "afbud-arbejde",
        "afbud-sygdom",
        "afmelding",
    ]
    assert found["afbud-arbejde"].fields == ("wording",)
    sygdom = found["afbud-sygdom"]
    assert (sygdom.old["rule"], sygdom.new["rule"]) == (
        "afbud_gyldig_grund",
        "fallback",
    )
    assert "resolution" in sygdom.fields
    assert "steps" in sygdom.fields
    afmelding = found["afmelding"]
    assert (afmelding.old["rule"], afmelding.new["rule"]) == (
        "fallback",
        "afmelding_omstilles",
    )
    assert afmelding.fields == ("rule", "action")


def test_unchanged_scenarios_are_not_listed():
    """A condition change only lists the scenarios whose outcome it changes."""
    old = _pack(BASE_TEXT)
    new = _pack(BASE_TEXT.replace("{one_of: [arbejde, sygdom]}", "{one_of: [arbejde]}"))
    result = diff_packs(old, new, SCENARIOS)
    assert [s.id for s in result.scenarios] == ["afbud-sygdom"]
    assert result.scenarios[0].new["rule"] == "afbud_anden_grund"
    assert result.texts == ()
    assert diff_packs(old, old, SCENARIOS).empty


def test_call_invalid_in_one_version_is_reported():
    """A call type dropped from a pack makes the scenario invalid in the new version."""
    new = BASE_TEXT.replace("values: [afbud, afmelding]", "values: [afbud]")
    result = diff_packs(_pack(BASE_TEXT), _pack(new), SCENARIOS)
    (invalid,) = result.scenarios
    assert invalid.id == "afmelding"
    assert invalid.fields == ("gyldighed",)
    assert invalid.old["rule"] == "fallback"
    assert isinstance(invalid.new, str)
    assert invalid.new.startswith("ugyldigt opkald: henvendelse = 'afmelding'")
    report = render_diff(result)
    assert "- nu: ugyldigt opkald: henvendelse = 'afmelding'" in report
    assert any(i.kind == "oplysning" and i.id == "henvendelse" for i in result.facts)


def test_core_value_dropped_from_a_fact_stays_valid():
    """A core value the new version no longer lists is still accepted and matched as absent."""
    new = BASE_TEXT.replace(
        "values: [arbejde, sygdom, andet]", "values: [arbejde, sygdom]"
    )
    new = new.replace(", andet: en anden grund", "")
    result = diff_packs(_pack(BASE_TEXT), _pack(new), SCENARIOS)
    assert [s.id for s in result.scenarios] == []


def test_rule_moved_in_first_match_order_is_reported():
    """Swapping two rules reports the moved rule's place, not every shifted number."""
    first = BASE_TEXT[
        BASE_TEXT.index("  - id: afbud_gyldig_grund") : BASE_TEXT.index(SECOND_RULE)
    ]
    swapped = BASE_TEXT.replace(first + SECOND_RULE, SECOND_RULE + first)
    result = diff_packs(_pack(BASE_TEXT), _pack(swapped))
    (moved,) = result.rules
    assert moved.changes[0].what == "placering"
    assert {moved.changes[0].old, moved.changes[0].new} == {"nr. 1", "nr. 2"}


def test_report_is_danish_markdown_for_sign_off(diff):
    """The report lists every change, the word-level markup and the scenarios."""
    report = render_diff(diff)
    assert report.startswith(
        "# Ændringer i `dagpenge`: dagpenge@2026.1 → dagpenge@2026.2\n"
    )
    assert "### Ændret regel: `afbud_gyldig_grund`" in report
    assert (
        "- **betingelse (grund)**: `grund` er en af: ~~arbejde, sygdom~~ **arbejde**"
        in report
    )
    assert "### Fjernet regel: `afbud_anden_grund`" in report
    assert "### Tilføjet regel: `afmelding_omstilles`" in report
    assert "- **placering**: nr. 2" in report
    assert "### Ændret formulering: `afbud_registreret`" in report
    assert "> Jeg har ~~registreret~~ **noteret** dit afbud." in report
    assert "### `afbud-sygdom`" in report
    assert "| regel | afbud_gyldig_grund | fallback |" in report
    assert "4 af 4 scenarier får et andet udfald" in report
    assert "## Godkendelse" in report
    assert report.rstrip().endswith("før den skriver.")
    assert "`flowrules approve dagpenge --reviewer NAVN --role ROLLE`" in report


def test_diff_command_formats_and_exit_codes(tmp_path):
    """Markdown by default, JSON on request; exit 1 with differences, 0 without."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(BASE_TEXT, encoding="utf-8")
    new.write_text(_changed_text(), encoding="utf-8")
    suite = tmp_path / "suite.yaml"
    suite.write_text(
        json.dumps(
            {"pack": "dagpenge", "scenarios": [{**s, "expect": {}} for s in SCENARIOS]}
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    assert diff_command(str(old), str(new), suite, stdout=out) == 1
    assert f"Før: `{old}` · nu: `{new}`" in out.getvalue()
    out = io.StringIO()
    assert diff_command(str(old), str(new), suite, "json", stdout=out) == 1
    [data] = json.loads(out.getvalue())["diffs"]
    assert data["new_ref"] == "dagpenge@2026.2"
    assert {r["id"] for r in data["rules"]} == {
        "afbud_gyldig_grund",
        "afbud_anden_grund",
        "afmelding_omstilles",
    }
    assert len(data["scenarios"]) == 4
    out = io.StringIO()
    assert diff_command(str(old), str(old), suite, stdout=out) == 0
    assert "Ingen ændringer i indhold eller udfald." in out.getvalue()
    err = io.StringIO()
    assert diff_command(str(old), str(tmp_path / "mangler.yaml"), stderr=err) == 2
    assert "PK10" in err.getvalue()


def _has_revision(spec: str) -> bool:
    if shutil.which("git") is None:
        return False
    probe = subprocess.run(
        ["git", "cat-file", "-e", spec], cwd=REPO, capture_output=True, check=False
    )
    return probe.returncode == 0


@pytest.mark.skipif(
    not _has_revision("HEAD:tests/data/base_pack.yaml"),
    reason="git or the revision HEAD:tests/data/base_pack.yaml is not available",
)
def test_load_revision_reads_git_history():
    """REV:PATH loads the pack as committed; a bad revision is a PK10 diagnostic."""
    pack = load_revision("HEAD:tests/data/base_pack.yaml", cwd=REPO)
    assert pack.pack == "dagpenge"
    assert [r.id for r in pack.rules] == ["afbud_gyldig_grund", "afbud_anden_grund"]
    with pytest.raises(PackError) as info:
        load_revision("HEAD:rules/findes_ikke.yaml", cwd=REPO)
    (problem,) = info.value.diagnostics
    assert problem.code == "PK10"
    assert problem.span.path == "HEAD:rules/findes_ikke.yaml"


def test_load_revision_reads_plain_files():
    """A path without a revision is read as a file, also when relative to cwd."""
    assert load_revision(str(BASE)).version == "2026.1"
    assert load_revision("tests/data/base_pack.yaml", cwd=REPO).pack == "dagpenge"
    assert Path(BASE).is_file()


def test_scenario_engines_are_closed_after_the_comparison():
    """diff_scenarios closes both engines it builds, also when nothing changed."""
    from flowrules.review.scenario_diff import diff_scenarios, native_engine

    closed = []

    def factory(pack):  # type: ignore[no-untyped-def]
        engine = native_engine(pack)
        close = engine.close
        engine.close = lambda: closed.append(close())  # type: ignore[method-assign]
        return engine

    pack = _pack(BASE_TEXT)
    assert diff_scenarios(pack, pack, SCENARIOS, factory) == []
    assert len(closed) == 2
