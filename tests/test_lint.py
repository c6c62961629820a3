"""The linter: every rule is documented, has cases, and catches its failing cases."""

from __future__ import annotations

import copy
import inspect
import re
from pathlib import Path

import pytest
import yaml

from flowrules.lint import RULES, LintContext, lint_pack, lint_paths, load_seeds
from flowrules.loader import load_pack_source

from .conftest import RULES as RULES_DIR
from .conftest import SEEDS, TESTS

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


def test_bundled_packs_lint_clean():
    """The packs in rules/ have no lint findings."""
    assert [d.render() for d in lint_paths([RULES_DIR], seeds=SEEDS)] == []


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
