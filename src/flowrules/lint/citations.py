"""LH: every rule cites its source, and every quote is verbatim in the cited seed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flowrules.lint.framework import Finding, LintContext, Rule, module_rules
from flowrules.lint.seeds import normalise
from flowrules.pack.schema import Citation, Pack
from flowrules.pack.yaml_positions import YamlPath

#: An omission inside a quote: ``…``, ``...``, ``[…]`` or ``(…)``.
_OMISSION = re.compile(r"[\[(]?(?:…|\.\.\.)[\])]?")
_PLACEHOLDER_QUOTE = re.compile(r"\b(?:todo|tbd|fixme|xx+)\b|^\W*$", re.IGNORECASE)
_MIN_WORDS = 3


def cited(pack: Pack) -> Iterator[tuple[YamlPath, str, tuple[Citation, ...]]]:
    """Yield ``(path, label, citations)`` for every rule, addendum, parameter and fallback."""
    for i, rule in enumerate(pack.rules):
        yield ("rules", i, "citations"), rule.id, rule.citations
    for i, addendum in enumerate(pack.addenda):
        yield ("addenda", i, "citations"), addendum.id, addendum.citations
    for name, param in pack.parameters.items():
        yield ("parameters", name, "citations"), f"parameter {name}", param.citations
    yield ("fallback", "citations"), "fallback", pack.fallback.citations


def _each(pack: Pack) -> Iterator[tuple[YamlPath, str, Citation]]:
    for path, label, citations in cited(pack):
        for j, citation in enumerate(citations):
            yield (*path, j), label, citation


def _usable(citation: Citation) -> bool:
    words = re.findall(r"\w+", _OMISSION.sub(" ", citation.quote))
    return len(words) >= _MIN_WORDS and not _PLACEHOLDER_QUOTE.search(citation.quote)


class MissingCitation(Rule):
    """En regel har ingen brugbar kildehenvisning.

    Hvorfor: hver regel skal citere sin kilde (SPEC), så juridiske korrekturlæsere kan
    efterprøve den. Indlæseren kræver mindst én henvisning; denne regel kræver, at mindst
    én af dem har et rigtigt citat (mindst tre ord, ikke "TODO", "XX" eller "…").

    Eksempel:
        citations:
          - {document: 001_1e9ef2aea408ead2.txt, section: Bilag 4, quote: TODO}
    Brug i stedet:
        citations:
          - document: 001_1e9ef2aea408ead2.txt
            section: Bilag 4, Afbud
            quote: Ved afbud med gyldig grund, registreres afbuddet i samtalenoden
    """

    code = "LH01"
    name = "missing-citation"

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield a finding for each item without a usable citation."""
        for path, label, citations in cited(pack):
            if not citations:
                yield Finding(
                    path,
                    f"'{label}' har ingen kildehenvisning",
                    "tilføj document, section og et ordret citat fra kilden",
                )
            elif not any(_usable(c) for c in citations):
                quotes = ", ".join(f'"{c.quote}"' for c in citations)
                yield Finding(
                    path,
                    f"'{label}' har ingen brugbar kildehenvisning: {quotes}",
                    "citér mindst tre ord ordret fra kilden",
                )


def _fragments(quote: str) -> list[str]:
    return [f for f in (normalise(p) for p in _OMISSION.split(quote)) if f]


def _found_in_order(fragments: list[str], seed: str) -> bool:
    pos = 0
    for fragment in fragments:
        pos = seed.find(fragment, pos)
        if pos < 0:
            return False
        pos += len(fragment)
    return True


def _longest_prefix(fragment: str, seed: str) -> int:
    low, high = 0, len(fragment)
    while low < high:
        mid = (low + high + 1) // 2
        if fragment[:mid] in seed:
            low = mid
        else:
            high = mid - 1
    return low


class QuoteNotInSeed(Rule):
    """Citatet står ikke ordret i den kilde, det henviser til.

    Hvorfor: citatet er beviset for reglen; et omskrevet eller forkert henført citat kan
    ikke efterprøves. Store og små bogstaver, mellemrum, orddeling ved linjeskift og
    typografiske anførselstegn ses der bort fra; en udeladelse skrives "…" eller "[…]".
    Reglen kører kun for kilder, som linteren kender (se LH03).

    Eksempel:
        quote: Afbud med gyldig grund registreres altid i samtalenoden
    Brug i stedet:
        quote: Ved afbud med gyldig grund, registreres afbuddet i samtalenoden
    """

    code = "LH02"
    name = "quote-not-in-seed"

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield a finding for each quote not found verbatim in its seed."""
        for path, label, citation in _each(pack):
            seed = context.seeds.get(citation.document)
            fragments = _fragments(citation.quote)
            if seed is None or not fragments or _found_in_order(fragments, seed):
                continue
            missing = [f for f in fragments if f not in seed]
            if not missing:
                hint = "delene af citatet står i en anden rækkefølge i kilden"
            else:
                good = _longest_prefix(missing[0], seed)
                hint = f'afviger fra kilden ved "{missing[0][good : good + 40]}"'
            yield Finding(
                (*path, "quote"),
                f"'{label}': citatet findes ikke ordret i {citation.document}: "
                f'"{citation.quote}"',
                hint + "; kopiér citatet ordret fra kilden",
            )


class UnknownSeed(Rule):
    """Kildehenvisningen nævner et dokument, som linteren ikke har: citatet er ikke kontrolleret.

    Hvorfor: et citat kan kun efterprøves mod en kilde, linteren har. Kildedokumenterne
    følger med flowrules; med ``--seeds MAPPE`` bruges en anden mappe. Et citat fra et
    dokument, der ikke er blandt dem, er ikke kontrolleret, og det siger fundet — det
    passeres aldrig i stilhed som "ingen fund".

    Eksempel:
        document: 009_0000000000000000.txt
    Brug i stedet:
        document: 001_1e9ef2aea408ead2.txt
    """

    code = "LH03"
    name = "unknown-seed"

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield a finding for each citation of a document the linter does not have."""
        known = ", ".join(sorted(context.seeds)) or "ingen (mappen med kilder er tom)"
        for path, label, citation in _each(pack):
            if citation.document not in context.seeds:
                yield Finding(
                    (*path, "document"),
                    f"'{label}' henviser til en ukendt kilde: {citation.document}; "
                    "citatet er ikke kontrolleret",
                    f"kendte kilder: {known}; ret filnavnet, eller angiv kildemappen "
                    "med --seeds",
                )


def citation_coverage(pack: Pack, seeds: dict[str, str]) -> tuple[int, int]:
    """Return ``(checked, not_checked)``: citations whose document is or is not in ``seeds``."""
    documents = [c.document for _, _, c in _each(pack)]
    checked = sum(1 for d in documents if d in seeds)
    return checked, len(documents) - checked


#: The rules of this family, exported to :mod:`flowrules.lint`.
RULES = module_rules(__name__)
