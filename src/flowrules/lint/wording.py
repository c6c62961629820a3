"""WD: wording rules from Borgerrådgiveren's report (vejledning, ikke afgørelse)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flowrules.lint._base import Finding, LintContext, Rule, texts
from flowrules.model import Pack

_SPACE = r"[\s\-]+"


def _phrase(*words: str) -> str:
    return _SPACE.join(words)


class DecisionLanguage(Rule):
    """Teksten lyder som en afgørelse eller en sikker konsekvens.

    Hvorfor: Kontaktcentret kan kun vejlede (002). "Får konsekvenser", "vil blive betragtet
    som udeblivelse" og "uden rimelig grund" er afgørelser eller lover et udfald.

    Eksempel:
        text: "Det vil få konsekvenser for din kontanthjælp, hvis du ikke møder op."
    Brug i stedet:
        text: "Det kan få betydning for din kontanthjælp, hvis du ikke møder op."
    """

    code = "WD01"
    name = "decision-language"

    PATTERNS = (
        (
            re.compile(
                r"\b(får|fik|vil\s+få)" + _SPACE + r"(konsekvens\w*|betydning)",
                re.IGNORECASE,
            ),
            "skriv 'kan få konsekvenser/betydning'",
        ),
        (
            re.compile(
                _phrase("vil", "blive", "betragtet", "som", r"udebliv\w*"),
                re.IGNORECASE,
            ),
            "skriv, at det er jobcentret, der vurderer fraværet",
        ),
        (
            re.compile(_phrase("uden", "rimelig", "grund"), re.IGNORECASE),
            "tag ikke stilling til grunden; sig hvem der vurderer den",
        ),
        (
            re.compile(
                r"\bikke" + _SPACE + r"(en" + _SPACE + r")?gyldig" + _SPACE + "grund",
                re.IGNORECASE,
            ),
            "tag ikke stilling til grunden; sig hvem der vurderer den",
        ),
        (
            re.compile(
                r"\b(accepteres|godkendes)"
                + _SPACE
                + r"ikke\b|\bkan"
                + _SPACE
                + r"ikke"
                + _SPACE
                + r"(umiddelbart"
                + _SPACE
                + r")?(accepteres|godkendes)",
                re.IGNORECASE,
            ),
            "skriv 'er noteret; jobcentret vurderer'",
        ),
        (
            re.compile(r"\b(godkendt|afslag\w*|afvist)\b", re.IGNORECASE),
            "skriv vejledende; det er myndigheden, der afgør",
        ),
        (
            re.compile(_phrase("afgørelse", r"(er|blev)", "truffet"), re.IGNORECASE),
            "Kontaktcentret træffer ingen afgørelser",
        ),
    )

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield a finding for each decision phrase in a wording or macro."""
        for path, key, text in texts(pack):
            for pattern, hint in self.PATTERNS:
                for match in pattern.finditer(text):
                    phrase = " ".join(match.group(0).split())
                    yield Finding(
                        path, f"'{key}' lyder som en afgørelse: \"{phrase}\"", hint
                    )
