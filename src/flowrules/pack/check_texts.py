"""Checks of texts: wording and macro references, and every placeholder they hold."""

from __future__ import annotations

from collections.abc import Iterator

from flowrules.diagnostics import Diagnostic, did_you_mean
from flowrules.pack.check_context import CheckContext
from flowrules.pack.fact_table import WORDING_PLACEHOLDER
from flowrules.pack.yaml_positions import YamlPath
from flowrules.template import malformed, placeholders


def check_text_ref(
    ctx: CheckContext, kind: str, ref: str, path: YamlPath, rule: str, present: set[str]
) -> Iterator[Diagnostic]:
    """Check a wording or macro reference and the placeholders of its text."""
    table = ctx.pack.wordings if kind == "wording" else ctx.pack.journal_macros
    label = "formulering" if kind == "wording" else "journalmakro"
    if ref not in table:
        yield ctx.diag(
            (*path, kind),
            "PK05",
            f"ukendt {label} '{ref}'",
            did_you_mean(ref, table) or f"erklær den under '{kind}s:'",
            rule=rule,
        )
        return
    text = table[ref].text
    names = {n for n, _ in placeholders(text)}
    if kind == "journal_macro":
        names.discard(WORDING_PLACEHOLDER)
    for name in sorted(names):
        if name in ctx.facts and name not in present:
            yield ctx.diag(
                (*path, kind),
                "PK08",
                f"pladsholderen {{{name}}} i {label} '{ref}' kan være tom for denne regel",
                f"tilføj betingelsen '{name}: {{exists: true}}' eller gør faktummet påkrævet",
                rule=rule,
            )


def check_inline(
    ctx: CheckContext, path: YamlPath, text: str, rule: str, present: set[str]
) -> Iterator[Diagnostic]:
    """Placeholders in an action text or criterion: known, well formed, never empty."""
    for bad, _ in malformed(text):
        yield ctx.diag(
            path,
            "PK08",
            f"ugyldig pladsholder '{bad}'",
            "skriv pladsholdere som {faktum} eller {parameter}; brug ikke løse { }",
            rule=rule,
        )
    for name, _ in placeholders(text):
        if malformed(f"{{{name}}}"):
            continue
        if name not in ctx.facts:
            yield ctx.diag(
                path,
                "PK08",
                f"ukendt pladsholder {{{name}}}",
                did_you_mean(name, ctx.facts)
                or "brug et erklæret faktum eller en parameter",
                rule=rule,
            )
        elif name not in present:
            yield ctx.diag(
                path,
                "PK08",
                f"pladsholderen {{{name}}} kan være tom for denne regel",
                f"tilføj betingelsen '{name}: {{exists: true}}' eller gør faktummet påkrævet",
                rule=rule,
            )


def check_texts(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Check every placeholder of every wording and macro."""
    for kind, table in (
        ("wordings", ctx.pack.wordings),
        ("journal_macros", ctx.pack.journal_macros),
    ):
        for ref, item in table.items():
            path: YamlPath = (kind, ref, "text")
            for bad, _ in malformed(item.text):
                yield ctx.diag(
                    path,
                    "PK08",
                    f"ugyldig pladsholder '{bad}' i '{ref}'",
                    "skriv pladsholdere som {faktum} med små bogstaver; brug ikke løse { }",
                )
            for name, _ in placeholders(item.text):
                if name == WORDING_PLACEHOLDER and kind == "journal_macros":
                    continue
                info = ctx.facts.get(name)
                if info is None:
                    options = list(ctx.facts) + (
                        [WORDING_PLACEHOLDER] if kind == "journal_macros" else []
                    )
                    if malformed(f"{{{name}}}"):
                        continue
                    yield ctx.diag(
                        path,
                        "PK08",
                        f"ukendt pladsholder {{{name}}} i '{ref}'",
                        did_you_mean(name, options) or "brug et erklæret faktum",
                    )
                elif not info.labelled:
                    yield ctx.diag(
                        path,
                        "PK08",
                        f"pladsholderen {{{name}}} i '{ref}' mangler etiketter for sine værdier",
                        f"tilføj 'labels:' for alle værdier af '{name}'",
                    )
