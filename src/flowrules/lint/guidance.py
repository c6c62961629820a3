"""WD: what a citizen text must say (Borgerrådgiveren's report: vejledning, ikke afgørelse).

Every wording says that it is guidance and not a decision, and who decides;
guidance on valid and invalid reasons says that each case is a concrete,
individual assessment. Texts are matched after :func:`~flowrules.lint.framework.flatten`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flowrules.lint.framework import (
    Finding,
    LintContext,
    Rule,
    flatten,
    module_rules,
    wordings,
)
from flowrules.lint.seeds import normalise
from flowrules.pack.schema import Pack


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_GUIDANCE = _rx(r"\bvejledning")
_NOT_DECISION = _rx(r"\bikke (?:en |nogen )?afgørelse")


class MissingGuidanceStatement(Rule):
    """Borgerteksten siger ikke, at den er vejledning og ikke en afgørelse.

    Hvorfor: borgeren skal vide, om det er vejledning eller afgørelse, hun får (002, R07);
    ellers opfattes en mundtlig besked let som definitiv.

    Eksempel:
        text: "Jeg stiller dig videre til jobcentret."
    Brug i stedet:
        text: "Jeg stiller dig videre til jobcentret. Det er vejledning og ikke en afgørelse."
    """

    code = "WD02"
    name = "missing-guidance-statement"

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield a finding for each wording without the guidance statement."""
        for path, key, text in wordings(pack):
            flat = flatten(text)
            missing = [
                words
                for words, pattern in (
                    ("vejledning", _GUIDANCE),
                    ("ikke en afgørelse", _NOT_DECISION),
                )
                if not pattern.search(flat)
            ]
            if missing:
                yield Finding(
                    path,
                    f"'{key}' siger ikke, at det er vejledning og ikke en afgørelse "
                    f"(mangler: {', '.join(missing)})",
                    "tilføj 'Det, jeg fortæller dig, er vejledning og ikke en afgørelse.'",
                )


#: Known decision-makers: the name used in messages and how a text may name them.
DECISION_MAKERS: dict[str, re.Pattern[str]] = {
    "jobcentret": _rx(r"\bjobcent(?:e)?r"),
    "K-kassen": _rx(r"\bk-kass"),
    "a-kassen": _rx(r"\ba-kass"),
    "Ydelsesservice": _rx(r"\bydelsesservice"),
    "CDU": _rx(r"\bcdu\b"),
    "konsulenten": _rx(r"konsulent|sagsbehandler"),
    "Visitationsenheden": _rx(r"\bvisitationsenhed"),
    "beskæftigelsescentret": _rx(r"\bbeskæftigelsescent(?:e)?r"),
    "Tidlig Arbejdsmarkedsindsats": _rx(r"\btidlig arbejdsmarkedsindsats"),
    "Job og Afklaring": _rx(r"\bjob (?:og|&) afklaring"),
    "Ankestyrelsen": _rx(r"\bankestyrelse"),
    "Socialforvaltningen": _rx(r"\bsocialforvaltning"),
    "Udbetaling Danmark": _rx(r"\budbetaling danmark"),
}


_PARTS = re.compile(r",| og | eller ")


class MissingDecisionMaker(Rule):
    """Borgerteksten nævner ikke, hvem der træffer afgørelsen.

    Hvorfor: vejledningen skal sige, hvem der afgør sagen (002, R01, R07). Feltet
    ``decision_maker`` skal nævne kendte myndigheder (jobcentret, K-kassen, a-kassen,
    Ydelsesservice, CDU, konsulenten, Visitationsenheden, Socialforvaltningen m.fl.),
    adskilt af ",", "og" eller "eller", og hver del, der nævner en af dem, skal også stå i
    teksten. En del som "Visitationsenheden i jobcentret" er nævnt, når en af dens
    myndigheder er nævnt.

    Eksempel:
        decision_maker: a-kassen
        text: "Jeg har registreret dit afbud. Det er vejledning og ikke en afgørelse."
    Brug i stedet:
        decision_maker: a-kassen
        text: "Jeg har registreret dit afbud. Det er a-kassen, der afgør, om det kan få
          betydning for dine dagpenge; det er vejledning og ikke en afgørelse."
    """

    code = "WD03"
    name = "missing-decision-maker"

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield a finding for an unknown decision-maker or one the text leaves out."""
        for key, wording in pack.wordings.items():
            if not any(
                p.search(wording.decision_maker) for p in DECISION_MAKERS.values()
            ):
                yield Finding(
                    ("wordings", key, "decision_maker"),
                    f"'{key}' har en ukendt beslutningstager: \"{wording.decision_maker}\"",
                    "kendte beslutningstagere: " + ", ".join(DECISION_MAKERS),
                )
                continue
            flat = flatten(wording.text)
            for part in _PARTS.split(wording.decision_maker):
                named = [n for n, p in DECISION_MAKERS.items() if p.search(part)]
                if named and not any(DECISION_MAKERS[n].search(flat) for n in named):
                    yield Finding(
                        ("wordings", key, "text"),
                        f"'{key}' nævner ikke beslutningstageren {part.strip()} "
                        f"(decision_maker: {wording.decision_maker})",
                        f"skriv fx 'Det er {named[0]}, der afgør …'",
                    )


_INDIVIDUAL = _rx(
    r"konkret\w*\W+(?:\w+\W+){0,3}individuel\w*|individuel\w*\W+(?:\w+\W+){0,3}konkret\w*"
)
_REASONS = _rx(
    r"\b(?:gyldig\w*|rimelig\w*|lovlig\w*|ugyldig\w*|ulovlig\w*) "
    r"(?:grund\w*|afbud\w*|fravær\w*|sygefravær\w*|årsag\w*|forfald)\b|"
    r"\bfraværet er (?:u)?lovligt\b"
)


class ReasonsWithoutIndividualAssessment(Rule):
    """Vejledning om gyldige grunde siger ikke, at det er en konkret, individuel vurdering.

    Hvorfor: vejledning om gyldige og ugyldige grunde må ikke blive et "skuffecirkulære";
    den skal sige, at der i alle tilfælde er tale om en konkret, individuel vurdering (002,
    R14).

    Eksempel:
        text: "Sygdom er en gyldig grund til afbud. Det er vejledning og ikke en afgørelse."
    Brug i stedet:
        text: "Jobcentret vurderer, om du har en gyldig grund; det er altid en konkret,
          individuel vurdering. Det er vejledning og ikke en afgørelse."
    """

    code = "WD05"
    name = "reasons-without-individual-assessment"

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield a finding for each wording on reasons without the statement."""
        for path, key, text in wordings(pack):
            flat = flatten(text)
            match = _REASONS.search(flat)
            if match and not (_INDIVIDUAL.search(flat) and "vurder" in normalise(flat)):
                yield Finding(
                    path,
                    f"'{key}' vejleder om \"{match.group(0)}\" uden at sige, at det er en "
                    "konkret, individuel vurdering",
                    "tilføj 'det beror altid på en konkret, individuel vurdering'",
                )


#: The rules of this family, exported to :mod:`flowrules.lint`.
RULES = module_rules(__name__)
