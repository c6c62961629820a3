"""The wording and pack linter: ``flowrules lint rules/``.

One rule = one class with a code (``WD01``), a kebab name, a Danish docstring
with "Eksempel" and "Brug i stedet", and a case file ``tests/lint/cases/<CODE>.yaml``.
A rule registers itself when its family module is imported
(:class:`~flowrules.lint.framework.Rule`), each family module exports its
``RULES``, and :mod:`~flowrules.lint.runner` runs them; this module only
re-exports.
Families:

- ``WD`` wording, vejledning and not afgørelse: forbidden phrases
  (:mod:`flowrules.lint.wording`) and required statements (:mod:`flowrules.lint.guidance`);
- ``FL`` structure of macros, template leftovers, leverandør mails
  (:mod:`flowrules.lint.structure`);
- ``LH`` citations: present, verbatim in a known seed (:mod:`flowrules.lint.citations`);
  the seeds ship with flowrules (:mod:`flowrules.lint.seeds`), and a quote that
  cannot be checked is reported as not checked.

``docs/lint-rules.md`` is generated from the docstrings by
:func:`~flowrules.lint.rule_docs.rules_markdown` (``python tests/lint/make_lint_docs.py``).
"""

from __future__ import annotations

from flowrules.lint.framework import Finding, LintContext, Rule
from flowrules.lint.rule_docs import rules_markdown
from flowrules.lint.runner import RULES, LintRun, lint_pack, lint_paths, lint_run
from flowrules.lint.seeds import (
    SourceDocument,
    bundled_seeds_dir,
    default_seeds,
    load_seeds,
    source_documents,
)

__all__ = [
    "RULES",
    "Finding",
    "LintContext",
    "LintRun",
    "Rule",
    "SourceDocument",
    "bundled_seeds_dir",
    "default_seeds",
    "lint_pack",
    "lint_paths",
    "lint_run",
    "load_seeds",
    "rules_markdown",
    "source_documents",
]
