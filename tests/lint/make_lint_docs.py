"""Write docs/lint-rules.md from the lint rules' docstrings.

Run ``.venv/bin/python tests/lint/make_lint_docs.py`` after adding or changing a rule;
``tests/lint/test_runner.py::test_lint_rules_doc_is_up_to_date`` fails until you do.
"""

from __future__ import annotations

from pathlib import Path

from flowrules.lint.rule_docs import rules_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "lint-rules.md"


def main() -> None:
    DOC.write_text(rules_markdown(), encoding="utf-8")
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
