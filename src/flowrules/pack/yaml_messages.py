"""PyYAML's English syntax messages, wrapped in Danish with a hint for the rules team.

PyYAML (and libyaml) describe a syntax error with a ``problem`` and a
``context`` in English. :func:`danish_syntax_error` gives a Danish message
and one hint for the usual ones, and keeps PyYAML's own words in brackets
so nothing is lost; unknown messages get a general Danish message.
"""

from __future__ import annotations

#: (part of PyYAML's or libyaml's problem text, Danish message, hint); the first match wins.
_PROBLEMS: tuple[tuple[str, str, str], ...] = (
    (
        "mapping values are not allowed",
        "et kolon står, hvor der ikke kan begynde en ny nøgle",
        "sæt en tekst med ': ' i anførselstegn, eller ret indrykningen",
    ),
    (
        "could not find expected ':'",
        "der mangler et kolon efter en nøgle",
        "skriv 'nøgle: værdi', eller sæt teksten i anførselstegn",
    ),
    (
        "tab character",
        "tabulatortegn kan ikke bruges til indrykning i YAML",
        "indryk med mellemrum",
    ),
    (
        "found character '\\t'",
        "tabulatortegn kan ikke bruges til indrykning i YAML",
        "indryk med mellemrum",
    ),
    (
        "found unexpected end of stream",
        "filen slutter midt i en værdi",
        "tjek, at anførselstegn og klammer er lukket",
    ),
    (
        "found unknown escape character",
        "ukendt escape-tegn (\\) i en tekst i dobbelte anførselstegn",
        "skriv \\\\ for en omvendt skråstreg, eller brug enkelte anførselstegn",
    ),
    (
        "did not find expected key",
        "indrykningen passer ikke: her ventes en ny nøgle",
        "nøgler på samme niveau skal have præcis samme indrykning",
    ),
    (
        "did not find expected '-' indicator",
        "indrykningen passer ikke: her ventes et listeelement med '-'",
        "listeelementer på samme niveau skal have samme indrykning",
    ),
    (
        "expected <block end>",
        "indrykningen passer ikke til det foregående",
        "nøgler på samme niveau skal have samme indrykning",
    ),
    (
        "did not find expected node content",
        "der mangler en værdi",
        "skriv en værdi efter kolonet eller '-', eller slet linjen",
    ),
    (
        "expected ',' or ']'",
        "en liste i [ ] er ikke lukket rigtigt",
        "adskil elementerne med komma og luk med ]",
    ),
    (
        "expected ',' or '}'",
        "en mapping i { } er ikke lukket rigtigt",
        "adskil parrene med komma og luk med }",
    ),
    (
        "found undefined alias",
        "et YAML-alias (*navn) peger på intet anker",
        "skriv værdien ud i stedet for at bruge aliaser",
    ),
    (
        "found character",
        "et tegn, der ikke kan begynde en værdi",
        "sæt værdien i anførselstegn",
    ),
)


def danish_syntax_error(problem: str | None, context: str | None) -> tuple[str, str]:
    """Return a Danish message (with PyYAML's words in brackets) and a hint.

    Examples:
        >>> danish_syntax_error("mapping values are not allowed here", None)[0]
        'YAML-syntaksfejl: et kolon står, hvor der ikke kan begynde en ny nøgle (PyYAML: mapping values are not allowed here)'
    """
    original = problem or context or "invalid YAML"
    for start, message, hint in _PROBLEMS:
        if start in original or start in (context or ""):
            return f"YAML-syntaksfejl: {message} (PyYAML: {original})", hint
    return (
        f"YAML-syntaksfejl (PyYAML: {original})",
        "tjek indrykning, kolon efter nøgler og afsluttende anførselstegn",
    )
