"""The linter: every rule is documented, has cases, and catches its failing cases."""

from __future__ import annotations

import copy
import inspect
import re
from pathlib import Path

import pytest
import yaml

from flowrules.lint import RULES, LintContext
from flowrules.lint.citations import QuoteNotInSeed, UnknownSeed
from flowrules.lint.rule_docs import rules_markdown
from flowrules.lint.runner import lint_pack, lint_paths
from flowrules.lint.seeds import load_seeds
from flowrules.lint.structure import TemplateLeftover
from flowrules.pack.load import load_pack_source
from flowrules.pack.schema import Pack
from tests.conftest import SEEDS, TESTS

CASES_DIR = TESTS / "lint" / "cases"
BASE = yaml.safe_load((TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8"))
CONTEXT = LintContext(seeds=load_seeds(SEEDS))


def _merge(base, fragment):
    if isinstance(base, dict) and isinstance(fragment, dict):
        merged = dict(base)
        for key, value in fragment.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return copy.deepcopy(fragment)


def _cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield data["rule"], case


CASES = list(_cases())
RULE_BY_CODE = {r.code: r for r in RULES}


def _lint(code: str, fragment: dict) -> list:
    data = _merge(BASE, fragment)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    pack, smap = load_pack_source(text, f"{code}.yaml")
    return lint_pack(pack, smap, CONTEXT, rules=[RULE_BY_CODE[code]])


@pytest.mark.parametrize(
    ("code", "case"), CASES, ids=[f"{c}-{case['id']}" for c, case in CASES]
)
def test_lint_case(code, case):
    """A failing case gives findings that quote each expected text; a passing case gives none."""
    if "pass" in case:
        assert [d.message for d in _lint(code, case["pass"])] == []
        return
    found = _lint(code, case["fail"])
    assert found, "the failing case must give at least one finding"
    assert {d.code for d in found} == {code}
    messages = " | ".join(d.message for d in found)
    for expected in case.get("expect", []):
        assert expected.casefold() in messages.casefold(), messages


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented_and_has_cases(rule):
    """Each rule has a unique code, a kebab name, a Danish docstring with example and fix, and cases."""
    assert re.fullmatch(r"[A-Z]{2}\d{2}", rule.code)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
    doc = inspect.getdoc(rule) or ""
    assert "Eksempel" in doc
    assert "Brug i stedet" in doc
    kinds = {
        "pass" if "pass" in case else "fail"
        for code, case in CASES
        if code == rule.code
    }
    assert kinds == {"pass", "fail"}


def test_codes_and_names_are_unique():
    """No two rules share a code or a name."""
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


def test_every_case_file_names_a_rule():
    """Each case file belongs to a registered rule."""
    assert {p.stem for p in CASES_DIR.glob("*.yaml")} <= set(RULE_BY_CODE)


def test_findings_carry_a_span_in_the_file(tmp_path):
    """A finding points at the text's line in the pack file."""
    text = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text.replace(
            "Jeg stiller dig videre", "Det vil få konsekvenser. Jeg stiller dig videre"
        ),
        encoding="utf-8",
    )
    [finding] = lint_paths([bad], seeds=SEEDS)
    line = next(
        i
        for i, row in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1)
        if "vil få konsekvenser" in row
    )
    assert (finding.code, finding.span.path, finding.span.line) == (
        "WD01",
        str(bad),
        line,
    )
    assert Path(finding.span.path).name == "bad.yaml"


#: Borgerrådgiveren 2017 (002, l. 1705-1723; inventory 4.1), verbatim: the criticised macro.
MACRO_2016 = """Sygefravær - ikke umiddelbart accepteret (tilbud)
Pgl. har dags dato ringet til Kontaktcentret og meldt sig syg på grund af
Pgl. vejledt om, at sygemeldingen ikke umiddelbart kan accepteres, da sygdommen ikke \
vurderes at være af så alvorlig karakter, at pgl. ikke kan deltage i tilbuddet.
Her skrives der, hvorfor det vurderes, at pgl. kan møde i tilbud trods sygdom.
F.eks.:
Pgl. vejledt om, at det vil få konsekvenser for udbetalingen af kontanthjælp, hvis pgl. \
ikke møder, da det vil blive betragtet som udeblivelse uden rimelig grund, medmindre pgl. \
kan dokumentere, at pgl. ikke er i stand til at møde i tilbuddet."""


def _lint_all(fragment: dict, context: LintContext = CONTEXT) -> list:
    data = _merge(BASE, fragment)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    pack, smap = load_pack_source(text, "pack.yaml")
    return lint_pack(pack, smap, context)


def test_base_pack_lints_clean():
    """The base pack the cases are merged into has no findings, so each finding is the case's."""
    assert [d.render() for d in _lint_all({})] == []


def test_criticised_2016_macro_gives_several_findings():
    """The macro Borgerrådgiveren criticised is caught on each of its decision phrases."""
    found = _lint_all(
        {"journal_macros": {"jm_afbud": {"title": "Sygefravær", "text": MACRO_2016}}}
    )
    messages = " | ".join(d.message for d in found)
    assert len(found) >= 3
    assert len({d.code for d in found}) >= 2
    for phrase in (
        "vil få konsekvenser",
        "vil blive betragtet som udeblivelse uden rimelig grund",
        "ikke umiddelbart kan accepteres",
        "ikke umiddelbart accepteret",
        "det vurderes",
        "Her skrives",
    ):
        assert phrase.casefold() in messages.casefold(), messages
    assert {d.code for d in found} == {"WD01", "WD07", "FL02"}
    assert all(d.message.startswith("'jm_afbud'") for d in found), messages


def test_a_phrase_inside_a_longer_one_is_reported_once():
    """'uden rimelig grund' inside 'vil blive betragtet som udeblivelse uden …' is one finding."""
    text = "Det vil blive betragtet som udeblivelse uden rimelig grund. {wording}"
    found = _lint_all({"journal_macros": {"jm_afbud": {"title": "x", "text": text}}})
    assert [d.message for d in found] == [
        "'jm_afbud' lyder som en afgørelse: "
        '"vil blive betragtet som udeblivelse uden rimelig grund"'
    ]


def _pack_citing_an_unknown_document():
    fragment = {
        "fallback": {
            "citations": [
                {
                    "document": "009_0000000000000000.txt",
                    "section": "x",
                    "quote": "findes ikke nogen steder",
                }
            ]
        }
    }
    text = yaml.safe_dump(_merge(BASE, fragment), allow_unicode=True, sort_keys=False)
    return load_pack_source(text, "pack.yaml")


def test_a_quote_from_a_missing_document_is_reported_as_not_checked():
    """A citation of a document the linter lacks gives LH03 saying the quote was not checked."""
    pack, smap = _pack_citing_an_unknown_document()
    rules = [QuoteNotInSeed, UnknownSeed]
    [finding] = lint_pack(pack, smap, CONTEXT, rules=rules)
    assert finding.code == "LH03"
    assert "citatet er ikke kontrolleret" in finding.message


def test_without_seed_documents_every_quote_is_reported_as_not_checked():
    """With an empty seed set, each citation is an LH03 finding, never silence."""
    pack, smap = _pack_citing_an_unknown_document()
    found = lint_pack(pack, smap, LintContext(seeds={}), rules=[UnknownSeed])
    citations = (
        sum(1 for _ in pack.fallback.citations)
        + sum(len(r.citations) for r in (*pack.rules, *pack.addenda))
        + sum(len(p.citations) for p in pack.parameters.values())
    )
    assert len(found) == citations
    assert {d.code for d in found} == {"LH03"}


def test_default_context_checks_against_the_bundled_seeds():
    """LintContext() knows the seed documents shipped with flowrules."""
    assert sorted(LintContext().seeds) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert len(LintContext().seeds) == 4


def test_template_leftover_catches_placeholders_the_loader_never_saw():
    """A pack built without the loader still has its bad and unknown placeholders reported."""
    data = copy.deepcopy(BASE)
    data["journal_macros"]["jm_afbud"]["text"] = "Afbud {cpr}. Vejledt om: { wording }"
    pack = Pack.model_validate(data)
    messages = [f.message for f in TemplateLeftover().check(pack, CONTEXT)]
    assert messages == [
        "'jm_afbud' har en ugyldig pladsholder: ' wording '",
        "'jm_afbud' har en ukendt pladsholder: {cpr}",
    ]


def test_lint_rules_doc_is_up_to_date():
    """docs/lint-rules.md is generated from the rules; run tests/lint/make_lint_docs.py."""
    doc = TESTS.parent / "docs" / "lint-rules.md"
    assert doc.read_text(encoding="utf-8") == rules_markdown()
    for rule in RULES:
        assert f"## {rule.code} `{rule.name}`" in rules_markdown()


def test_phrase_findings_point_at_the_phrase_inside_a_folded_text(tmp_path):
    """In a folded (>-) text the finding names the line and column of the phrase itself."""
    text = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
    folded = (
        "    text: >-\n"
        "      Jeg stiller dig videre til jobcentret, som behandler din henvendelse.\n"
        "      Hvis du udebliver, vil få\n"
        "      konsekvenser for dig; dette er vejledning og ikke en afgørelse.\n"
    )
    old = "    text: Jeg stiller dig videre til jobcentret, som behandler din henvendelse; dette er vejledning og ikke en afgørelse.\n"
    assert old in text
    bad = tmp_path / "folded.yaml"
    bad.write_text(text.replace(old, folded), encoding="utf-8")
    [finding] = [d for d in lint_paths([bad], seeds=SEEDS) if d.code == "WD01"]
    rows = bad.read_text(encoding="utf-8").splitlines()
    line = next(i for i, row in enumerate(rows, 1) if "vil få" in row)
    assert (finding.span.line, finding.span.col) == (
        line,
        rows[line - 1].index("vil få") + 1,
    )
