"""Regenerate tests/invalid_packs/ from one valid base pack (run by hand, output committed).

Each file breaks the base in one way; tests/test_loader.py snapshots the rendered
diagnostics of every file, so a change in wording or position shows as a diff.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
BASE = (HERE.parent / "data" / "base_pack.yaml").read_text(encoding="utf-8")

CASES: dict[str, tuple[str, str]] = {
    "duplicate_key": (
        "    title: Afbud registreres\n",
        "    title: Afbud registreres\n    title: Igen\n",
    ),
    "unknown_wording": (
        "      wording: afbud_registreret\n",
        "      wording: afbud_registeret\n",
    ),
    "unknown_macro": (
        "      journal_macro: jm_afbud\n",
        "      journal_macro: jm_afbut\n",
    ),
    "unknown_step": (
        "      steps: [registrer_samtalenode, journalnotat]",
        "      steps: [registrer_samtalenode, journalnotet]",
    ),
    "unknown_unit": (
        "      transfer_to: jobcenter\n",
        "      transfer_to: jobcentret\n",
    ),
    "unknown_fact_value": (
        "grund: {one_of: [arbejde, sygdom]}",
        "grund: {one_of: [arbejde, sygdomm]}",
    ),
    "unknown_fact": (
        "      henvendelse: afbud\n      grund: {one_of",
        "      henvendelse: afbud\n      grunde: {one_of",
    ),
    "misspelled_field": (
        "    citations:\n      - document: 001_1e9ef2aea408ead2.txt\n        section: Bilag 4, Afbud\n",
        "    citation:\n      - document: 001_1e9ef2aea408ead2.txt\n        section: Bilag 4, Afbud\n",
    ),
    "missing_field": ("    title: Afbud registreres\n", ""),
    "bad_version": ('version: "2026.1"', "version: 2026.1"),
    "bad_version_format": ('version: "2026.1"', 'version: "v1"'),
    "yaml_syntax_error": (
        "    title: Afbud registreres\n",
        "    title: [Afbud registreres\n",
    ),
    "yaml_bool_no": ("    title: Afbud registreres\n", "    title: no\n"),
    "bad_date": ("valid_from: 2013-01-01", "valid_from: 2013-02-30"),
    "placeholder_maybe_empty": (
        "Du har oplyst: {grund}.",
        "Afmelding fra {afmelding_dato}. Du har oplyst: {grund}.",
    ),
    "unknown_placeholder": ("Du har oplyst: {grund}.", "Du har oplyst: {grnud}."),
    "omstilling_without_transfer": (
        "      resolution: omstilling\n      transfer_to: jobcenter\n",
        "      resolution: omstilling\n",
    ),
    "graenseflade_without_alternatives": (
        "      resolution: omstilling\n      transfer_to: jobcenter\n",
        "      resolution: graenseflade\n",
    ),
    "duplicate_rule_id": (
        "  - id: afbud_anden_grund\n",
        "  - id: afbud_gyldig_grund\n",
    ),
    "reserved_fact": ("  behov_for_tolk:\n", "  kind:\n"),
    "operator_type": ("grund: {one_of: [arbejde, sygdom]}", "grund: {lt: 3}"),
    "alias": (
        "    title: Afbud registreres\n",
        "    title: &t Afbud registreres\n    description: *t\n",
    ),
    "wrong_type": (
        "      action_text: Registrér afbuddet i samtalenoden.\n",
        "      action_text: 42\n",
    ),
    "bad_ambiguity_id": ("  - ambiguity: A30\n", "  - ambiguity: A99\n"),
    "fact_without_question": (
        "    question: Hvilken grund oplyser borgeren?\n",
        "",
    ),
    "transfer_on_straksafklaring": (
        "      resolution: straksafklaring\n",
        "      resolution: straksafklaring\n      transfer_to: jobcenter\n",
    ),
}


def main() -> None:
    out = HERE / "invalid_packs"
    out.mkdir(exist_ok=True)
    for name, (old, new) in CASES.items():
        assert BASE.count(old) >= 1, name
        (out / f"{name}.yaml").write_text(BASE.replace(old, new, 1), encoding="utf-8")
    (out / "not_utf8.yaml").write_bytes(
        BASE.encode("utf-8").replace(b"Afbud", b"Afb\xf8d", 1)
    )


if __name__ == "__main__":
    main()
