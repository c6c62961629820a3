"""The loader: schema and cross-reference checks, reported as Danish diagnostics."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flowrules import PackError, check_pack, load_pack
from flowrules.diagnostics import format_json, format_text
from flowrules.pack.load import discover, load_pack_text, load_packs
from flowrules.pack.yaml_positions import MAX_PACK_BYTES
from tests.conftest import TESTS

INVALID = sorted((TESTS / "pack" / "invalid_packs").glob("*.yaml"))
BASE = TESTS / "data" / "base_pack.yaml"


def _rel(path: Path) -> str:
    return str(path.relative_to(TESTS.parent))


def test_there_are_at_least_twelve_broken_packs():
    """The golden set of broken packs is large enough to pin the messages."""
    assert len(INVALID) >= 12


def test_base_pack_is_valid():
    """The base every broken pack is derived from loads; it only lacks interview texts (PK20)."""
    assert {d.code for d in check_pack(BASE)} == {"PK20"}
    assert all(d.severity.value == "warning" for d in check_pack(BASE))


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_broken_pack_messages(path, snapshot):
    """Each broken pack gives path:line:col: CODE diagnostics, pinned as rendered text."""
    diagnostics = check_pack(_rel(path))
    assert diagnostics, "a broken pack must give at least one diagnostic"
    text = format_text(diagnostics)
    assert text.startswith(f"{_rel(path)}:")
    assert "Traceback" not in text
    assert "pydantic" not in text
    assert text == snapshot


EXPECTED = {
    "duplicate_key": ("PK06", 27, 5),
    "unknown_wording": ("PK05", 35, 16),
    "unknown_fact_value": ("PK05", 29, 33),
    "misspelled_field": ("PK03", 37, 5),
    "yaml_syntax_error": ("PK01", 27, 9),
    "yaml_bool_no": ("PK04", 26, 12),
    "bad_date": ("PK09", 5, 13),
    "not_utf8": ("PK10", 26, 15),
    "alias": ("PK11", 27, 5),
    "omstilling_without_transfer": ("PK13", 51, 19),
    "graenseflade_without_alternatives": ("PK12", 51, 19),
    "placeholder_maybe_empty": ("PK08", 35, 16),
    "facts_without_questions": ("PK20", 8, 3),
}


@pytest.mark.parametrize(("name", "expected"), EXPECTED.items(), ids=list(EXPECTED))
def test_broken_pack_first_diagnostic_code_and_place(name, expected):
    """The first diagnostic has the expected code, line and column (1-based)."""
    first = check_pack(TESTS / "pack" / "invalid_packs" / f"{name}.yaml")[0]
    assert (first.code, first.span.line, first.span.col) == expected


def test_a_fact_without_question_is_a_warning_that_does_not_stop_loading():
    """PK20 is reported by check_pack, but the pack still loads and decides."""
    path = TESTS / "pack" / "invalid_packs" / "facts_without_questions.yaml"
    found = check_pack(path)
    assert {(d.code, d.severity.value) for d in found} == {("PK20", "warning")}
    assert "faktummet 'grund' har intet spørgsmål (question)" in {
        d.message for d in found
    }
    assert "faktummet 'henvendelse' har intet spørgsmål (question)" not in {
        d.message for d in found
    }
    assert load_pack(path).facts["grund"].question is None


def test_did_you_mean_hints_name_the_close_id():
    """Unknown ids get a 'mente du' hint with the closest declared id."""
    hints = {
        d.hint
        for p in (
            "unknown_wording",
            "unknown_step",
            "unknown_unit",
            "unknown_fact_value",
        )
        for d in check_pack(TESTS / "pack" / "invalid_packs" / f"{p}.yaml")
    }
    assert hints == {
        "mente du 'afbud_registreret'?",
        "mente du 'journalnotat'?",
        "mente du 'jobcenter'?",
        "mente du 'sygdom'?",
    }


def test_diagnostics_name_the_rule_and_pack():
    """A rule-level problem names pack.rule and pack@version."""
    [diag] = check_pack(TESTS / "pack" / "invalid_packs" / "unknown_step.yaml")
    assert diag.rule == "dagpenge.afbud_gyldig_grund"
    assert diag.pack == "dagpenge@2026.1"


def test_load_pack_raises_pack_error_with_all_diagnostics(tmp_path):
    """load_pack collects every problem of a file into one PackError, sorted by place."""
    text = BASE.read_text(encoding="utf-8")
    text = text.replace("wording: afbud_registreret", "wording: nope").replace(
        "transfer_to: jobcenter\n      steps", "transfer_to: nowhere\n      steps"
    )
    with pytest.raises(PackError) as info:
        load_pack_text(text, "x.yaml")
    lines = [d.span.line for d in info.value.diagnostics]
    assert len(lines) == 2
    assert lines == sorted(lines)


def test_json_format_has_the_same_fields():
    """The JSON form carries path, line, col, code, message, rule, pack and hint."""
    data = json.loads(
        format_json(check_pack(TESTS / "pack" / "invalid_packs" / "unknown_unit.yaml"))
    )
    assert data[0]["code"] == "PK05"
    assert set(data[0]) >= {
        "path",
        "line",
        "col",
        "code",
        "message",
        "rule",
        "pack",
        "hint",
        "severity",
    }


def test_oversized_file_is_refused(tmp_path):
    """A file above the size limit gives PK10 instead of being parsed."""
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 2_100_000, encoding="utf-8")
    [diag] = check_pack(big)
    assert diag.code == "PK10"


def test_deep_nesting_is_refused():
    """Nesting beyond the depth limit gives PK01, not a RecursionError."""
    with pytest.raises(PackError) as info:
        load_pack_text("a: " + "[" * 200 + "]" * 200, "deep.yaml")
    assert info.value.diagnostics[0].code == "PK01"


def test_non_mapping_document_is_refused():
    """A document that is a list is refused with a hint on how a pack starts."""
    with pytest.raises(PackError) as info:
        load_pack_text("- a\n- b\n", "list.yaml")
    assert "pack:" in (info.value.diagnostics[0].hint or "")


def test_discover_lists_yaml_files_and_refuses_missing_paths(tmp_path):
    """discover returns the packs of a folder and refuses a missing path or an empty folder."""
    (tmp_path / "a.yaml").write_text("x: 1", encoding="utf-8")
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in discover(tmp_path)] == ["a.yaml"]
    with pytest.raises(PackError):
        discover(tmp_path / "missing")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(PackError):
        discover(empty)


def test_overlapping_versions_of_a_pack_are_refused(tmp_path):
    """Two versions of one pack whose validity overlaps give PK16."""
    text = BASE.read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        text.replace('version: "2026.1"', 'version: "2026.2"'), encoding="utf-8"
    )
    with pytest.raises(PackError) as info:
        load_packs(tmp_path)
    assert [d.code for d in info.value.diagnostics] == ["PK16"]


def test_pack_validity_must_be_ordered():
    """valid_to before valid_from gives PK16."""
    text = BASE.read_text(encoding="utf-8").replace(
        "valid_from: 2013-01-01", "valid_from: 2013-01-01\nvalid_to: 2012-01-01"
    )
    with pytest.raises(PackError) as info:
        load_pack_text(text, "x.yaml")
    assert info.value.diagnostics[0].code == "PK16"


def test_loaded_pack_keeps_rule_order():
    """Rules keep their YAML order (first match wins)."""
    pack = load_pack(BASE)
    assert [r.id for r in pack.rules] == ["afbud_gyldig_grund", "afbud_anden_grund"]


GRAENSEFLADE = (TESTS / "data" / "graenseflade_pack.yaml").read_text(encoding="utf-8")


def _problems(text: str) -> list[tuple[str, str]]:
    from flowrules.pack.load import load_pack_source, pack_warnings

    try:
        pack, smap = load_pack_source(text, "g.yaml")
    except PackError as exc:
        return [(d.code, d.message) for d in exc.diagnostics]
    return [(d.code, d.message) for d in pack_warnings(pack, smap)]


def test_the_graenseflade_test_pack_is_clean():
    """The pack the valg and interview tests use has no diagnostics at all."""
    assert _problems(GRAENSEFLADE) == []


def test_an_alternative_without_its_own_texts_is_an_error():
    """PK12: a chosen alternative decides the call, so it needs action_text, wording, macro."""
    text = GRAENSEFLADE.replace(
        "          wording: omstillet\n          journal_macro: jm_valgt_omstilling\n",
        "",
    )
    assert _problems(text) == [
        (
            "PK12",
            "alternativet 'omstilling' mangler sit eget udfald: wording, journal_macro",
        )
    ]


def test_two_alternatives_with_one_choice_are_refused():
    """PK07: valg must name exactly one alternative, so choices are unique per rule."""
    text = GRAENSEFLADE.replace("choice: henvisning", "choice: straksafklaring")
    assert _problems(text) == [
        ("PK07", "valget 'straksafklaring' bruges af mere end ét alternativ")
    ]


def test_an_alternative_without_a_label_is_a_warning():
    """PK20 (warning): the interview shows each choice with a Danish label."""
    text = GRAENSEFLADE.replace("          label: stilles om\n", "")
    assert _problems(text) == [
        ("PK20", "alternativet 'omstilling' har ingen etiket (label)")
    ]


def test_an_enum_value_without_a_label_is_a_warning():
    """PK20 (warning) lists the values of an enum fact that have no Danish label."""
    text = GRAENSEFLADE.replace(
        "{ydelse: spørgsmål om ydelsen, afbud_jobsamtale: afbud til jobsamtale}",
        "{ydelse: spørgsmål om ydelsen}",
    )
    assert _problems(text) == [
        (
            "PK20",
            "værdierne af 'henvendelse' mangler danske etiketter: afbud_jobsamtale",
        )
    ]


def test_valg_is_a_reserved_fact_name():
    """PK14: valg is the employee's choice, carried by every call, not a pack fact."""
    text = GRAENSEFLADE.replace("  sociale_problemer:\n", "  valg:\n", 1)
    assert ("PK14", "faktummet 'valg' er reserveret") in _problems(text)


def test_the_size_limit_is_checked_before_the_file_is_read(tmp_path):
    """A 4 GB sparse file and /dev/zero are refused (PK10) without reading them into memory."""
    sparse = tmp_path / "huge.yaml"
    with sparse.open("wb") as stream:
        stream.truncate(4 * 2**30)
    code = f"""
import resource
resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, resource.RLIM_INFINITY))
from flowrules.pack.load import check_pack
for path in ({str(sparse)!r}, "/dev/zero"):
    (found,) = check_pack(path)
    print(found.code, found.message)
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = result.stdout.splitlines()
    assert lines == [
        f"PK10 filen er for stor ({4 * 2**30} bytes)",
        f"PK10 filen er for stor ({MAX_PACK_BYTES + 1} bytes)",
    ], result.stderr[-300:]


def test_closed_line_outcome_settles_and_transfers_nothing():
    """line_closed with a transfer or steps is PK13: a closed line handles no call."""
    text = BASE.read_text(encoding="utf-8").replace(
        "      resolution: omstilling\n      transfer_to: jobcenter\n      steps: [journalnotat]",
        "      resolution: omstilling\n      transfer_to: jobcenter\n      line_closed: true\n"
        "      steps: [journalnotat]",
        1,
    )
    with pytest.raises(PackError) as info:
        load_pack_text(text, "pack.yaml")
    (problem,) = info.value.diagnostics
    assert (problem.code, problem.rule) == ("PK13", "dagpenge.afbud_anden_grund")
    assert problem.message == "en lukket linje afklarer og omstiller intet"


def test_derived_fact_needs_exactly_one_computation():
    """A derived fact with both days_between and minutes_between is PK15."""
    text = BASE.read_text(encoding="utf-8").replace(
        "  behov_for_tolk:\n",
        "  dage:\n    type: int\n    description: x\n"
        "    derived: {days_between: [modtaget, afmelding_dato],"
        " minutes_between: [modtaget, afmelding_dato]}\n  behov_for_tolk:\n",
        1,
    )
    with pytest.raises(PackError) as info:
        load_pack_text(text, "pack.yaml")
    assert [d.code for d in info.value.diagnostics] == ["PK15"]
