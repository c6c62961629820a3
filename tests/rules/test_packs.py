"""The bundled packs: the checks the rules team runs after every pack edit.

They load, cite their seeds verbatim, keep the wording rules, lint clean, have
no unreachable rule, and their generated pages and schemas are up to date.
Run them alone with ``pytest tests/rules`` (see docs/authoring.md).
"""

from __future__ import annotations

import io
import json
import re

import pytest

import flowrules
from flowrules.analysis.deep_check import analyse_pack
from flowrules.analysis.executor_check import durable_problems
from flowrules.cli import main
from flowrules.cli.review import render_command
from flowrules.lint import lint_paths
from flowrules.pack.load import discover, load_pack_with_source
from flowrules.pack.schema import Pack
from tests.conftest import PACK_IDS, PACKS, RULES, SEEDS, TESTS

ROOT = TESTS.parent
DOCS = ROOT / "docs" / "packs"
RERENDER = ".venv/bin/flowrules render rules/ --out docs/packs/"
RULES_DIR = RULES


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _normalise(text: str) -> str:
    text = re.sub(r"-\s*\n\s*", "", text)  # words hyphenated across a line break
    text = text.replace("”", '"').replace("“", '"').replace("–", "-")
    return re.sub(r"\s+", " ", text).strip().casefold()


SEED_TEXT = {
    p.name: _normalise(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")
}


def _citations(pack: Pack):
    yield from (("fallback", c) for c in pack.fallback.citations)
    for item in (*pack.rules, *pack.addenda):
        yield from ((item.id, c) for c in item.citations)
    for name, param in pack.parameters.items():
        yield from ((name, c) for c in param.citations)


def test_bundled_packs_are_the_four_ordninger():
    """rules/ holds the packs of the SPEC's ordninger and nothing else."""
    assert set(PACK_IDS) <= {
        "dagpenge",
        "kontanthjaelp",
        "sygedagpenge",
        "sygeopfoelgning",
    }
    assert "dagpenge" in PACK_IDS


@pytest.mark.parametrize("pack", PACKS, ids=PACK_IDS)
def test_every_citation_quote_is_verbatim_in_its_seed(pack):
    """Each citation's quote occurs in the cited seed (whitespace and line breaks aside)."""
    missing = [
        (where, c.document, c.quote)
        for where, c in _citations(pack)
        if _normalise(c.quote) not in SEED_TEXT.get(c.document, "")
    ]
    assert missing == []


FORBIDDEN = re.compile(
    r"får konsekvens|vil få konsekvens|vil få betydning|vil blive betragtet som udebliv"
    r"|uden rimelig grund|ikke (en )?gyldig grund|accepteres ikke|kan ikke accepteres"
    r"|godkendt|afslag|panodil|paracetamol|ibuprofen",
    re.IGNORECASE,
)


@pytest.mark.parametrize("pack", PACKS, ids=PACK_IDS)
def test_citizen_texts_avoid_decision_and_treatment_language(pack):
    """No wording or macro uses decision or treatment phrases (002; the linter goes further)."""
    texts = {
        **{k: w.text for k, w in pack.wordings.items()},
        **{k: m.text for k, m in pack.journal_macros.items()},
    }
    hits = {k: FORBIDDEN.findall(t) for k, t in texts.items() if FORBIDDEN.search(t)}
    assert hits == {}


@pytest.mark.parametrize("pack", PACKS, ids=PACK_IDS)
def test_every_wording_states_guidance_and_decision_maker(pack):
    """Each citizen wording says it is vejledning, not an afgørelse, and names who decides."""
    problems = []
    for key, wording in pack.wordings.items():
        text = wording.text.casefold()
        if "vejledning" not in text or "afgørelse" not in text:
            problems.append((key, "vejledning/afgørelse"))
        if wording.decision_maker.split()[0].casefold() not in text:
            problems.append((key, wording.decision_maker))
    assert problems == []


@pytest.mark.parametrize("pack", PACKS, ids=PACK_IDS)
def test_every_macro_records_what_the_citizen_was_told(pack):
    """Each journal macro used by a rule, a chosen alternative or the fallback inserts {wording}."""
    used = {o.journal_macro for o in pack.own_outcomes()}
    used |= {
        a.journal_macro
        for o in pack.own_outcomes()
        for a in o.alternatives
        if a.journal_macro
    }
    assert (
        sorted(m for m in used if "{wording}" not in pack.journal_macros[m].text) == []
    )


@pytest.mark.parametrize("pack", PACKS, ids=PACK_IDS)
def test_pack_survives_a_dump_and_load_round_trip(pack):
    """load(dump(pack)) == pack: the schema loses nothing a pack says."""
    import yaml

    from flowrules.pack.load import load_pack_text

    data = pack.model_dump(exclude_defaults=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert load_pack_text(text, f"{pack.pack}.yaml") == pack


def test_bundled_packs_lint_clean():
    """The packs in rules/ have no lint findings."""
    assert [d.render() for d in lint_paths([RULES_DIR], seeds=SEEDS)] == []


@pytest.mark.parametrize("name", [p.stem for p in discover(RULES)])
def test_bundled_packs_have_no_unreachable_rule(name):
    """No bundled rule is unreachable or unsatisfiable (AN01/AN02), and durable compiles all."""
    pack, smap = load_pack_with_source(RULES / f"{name}.yaml")
    errors = [
        d.render() for d in analyse_pack(pack, smap) if d.severity.value == "error"
    ]
    assert errors == []
    assert durable_problems(pack, smap) == []


def test_committed_pages_match_the_packs(tmp_path):
    """docs/packs/ is what `flowrules render` produces now from rules/ (re-render after pack edits)."""
    assert render_command([RULES], tmp_path, SEEDS, stdout=io.StringIO()) == 0
    fresh = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
    committed = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    hint = f"docs/packs/ is out of date; re-render with: {RERENDER}"
    assert sorted(committed) == sorted(fresh), hint
    stale = [name for name in fresh if committed[name] != fresh[name]]
    assert stale == [], f"{', '.join(stale)}: {hint}"


def test_committed_json_schemas_are_up_to_date(tmp_path):
    """docs/schema/ holds what `flowrules schema --out` writes now (editors validate packs with it)."""
    assert run("schema", "--out", str(tmp_path))[0] == 0
    committed = ROOT / "docs" / "schema"
    fresh = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.json")}
    assert fresh == {
        p.name: p.read_text(encoding="utf-8") for p in committed.glob("*.json")
    }, "docs/schema/ is out of date; run: .venv/bin/flowrules schema --out docs/schema"


def test_a_broken_bundled_pack_is_reported_once(tmp_path):
    """A typo in a pack gives its diagnostic once, which the session prints and stops on."""
    from tests.conftest import pack_problems

    assert pack_problems(RULES) is None
    for pack in RULES.glob("*.yaml"):
        (tmp_path / pack.name).write_text(pack.read_text(encoding="utf-8"))
    broken = tmp_path / "dagpenge.yaml"
    text = broken.read_text(encoding="utf-8")
    broken.write_text(
        text.replace("wording: afbud_registreret", "wording: afbud_registeret", 1)
    )
    problems = pack_problems(tmp_path)
    assert problems is not None
    assert problems.count("PK05 ukendt formulering 'afbud_registeret'") == 1


def test_packs_point_editors_at_the_pack_schema():
    """Each bundled pack names the JSON Schema for YAML-aware editors on its first line."""
    for pack in discover(RULES):
        first = pack.read_text(encoding="utf-8").splitlines()[0]
        assert (
            first == "# yaml-language-server: $schema=../docs/schema/pack.schema.json"
        ), pack.name


EXAMPLES = ROOT / "examples"


def test_example_calls_are_valid_for_the_bundled_packs(native_engine):
    """Every call in examples/ (README, docs) decides without a CallError."""
    calls = [json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES.glob("*.json")]
    lines = (EXAMPLES / "calls.jsonl").read_text(encoding="utf-8").splitlines()
    calls += [json.loads(line) for line in lines if line.strip()]
    assert len(calls) > 2
    refused = [
        (i, r)
        for i, r in enumerate(native_engine.decide_many(calls))
        if isinstance(r, flowrules.CallError)
    ]
    assert refused == []


def test_check_on_the_bundled_packs_finds_no_error_only_unapproved_warnings():
    """`flowrules check rules/` exits 0; its only warnings are AP01 (a version not signed off)."""
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", str(RULES)], stdout=out, stderr=err)
    assert code == 0, out.getvalue() + err.getvalue()
    lines = out.getvalue().splitlines()
    packs = len(list(discover(RULES)))
    codes = {line.split()[1] for line in lines if line.startswith("/")}
    assert codes <= {"AP01"}
    assert lines[-1].startswith("0 fejl")
    assert lines[-1].endswith(f"i {packs} pakke(r)")
