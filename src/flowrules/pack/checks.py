"""Cross-reference checks of a schema-valid pack, with Danish diagnostics.

The pydantic models check the *shape* of a pack; these checks look across it,
one module per subject:

* :mod:`~flowrules.pack.check_declarations`: the header, facts and parameters;
* :mod:`~flowrules.pack.check_conditions`: facts used in conditions exist and
  are tested with operators and values of their type;
* :mod:`~flowrules.pack.check_outcomes`: units, steps, resolutions and
  alternatives of every outcome;
* :mod:`~flowrules.pack.check_texts`: wording and macro ids exist, and every
  placeholder names a fact certain to be present (:mod:`~flowrules.pack.presence`);
* :mod:`~flowrules.pack.check_claims`: a text that states a fact (a declared
  claim phrase) belongs to a rule that tests it (PK19).
"""

from __future__ import annotations

from collections.abc import Iterator

from flowrules.diagnostics import Diagnostic
from flowrules.pack.check_claims import check_claims
from flowrules.pack.check_context import CheckContext
from flowrules.pack.check_declarations import (
    check_facts,
    check_header,
    check_parameters,
)
from flowrules.pack.check_outcomes import check_outcome, check_rule
from flowrules.pack.check_texts import check_texts
from flowrules.pack.schema import Addendum, Pack, Rule
from flowrules.pack.yaml_positions import SourceMap, YamlPath


def check_semantics(pack: Pack, smap: SourceMap) -> list[Diagnostic]:
    """Return every cross-reference problem of ``pack``."""
    return list(_run(CheckContext(pack, smap)))


def _run(ctx: CheckContext) -> Iterator[Diagnostic]:
    yield from check_header(ctx)
    yield from check_facts(ctx)
    yield from check_parameters(ctx)
    seen: dict[str, int] = {}
    items: list[tuple[str, int, Rule | Addendum]] = [
        ("rules", i, r) for i, r in enumerate(ctx.pack.rules)
    ]
    items += [("addenda", i, a) for i, a in enumerate(ctx.pack.addenda)]
    for kind, i, item in items:
        path: YamlPath = (kind, i)
        if item.id in seen or item.id == "fallback":
            yield ctx.diag(
                (*path, "id"),
                "PK07",
                f"id'et '{item.id}' er brugt mere end én gang",
                "giv hver regel et entydigt id ('fallback' er reserveret)",
                rule=item.id,
            )
        seen[item.id] = i
        yield from check_rule(ctx, item, path)
    yield from check_outcome(
        ctx,
        ctx.pack.fallback.then,
        ("fallback", "then"),
        "fallback",
        ctx.pack.fallback,
    )
    yield from check_texts(ctx)
    yield from check_claims(ctx)
