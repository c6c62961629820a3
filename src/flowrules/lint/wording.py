"""WD: wording rules from Borgerrådgiveren's report (vejledning, ikke afgørelse).

Texts are matched after :func:`flatten` (line breaks and runs of spaces become
one space, hyphenation at a line break is joined) and without regard to case,
so a phrase split over two YAML lines or written in capitals is still found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from flowrules.lint.framework import (
    Finding,
    LintContext,
    Rule,
    flatten,
    module_rules,
    texts,
    wordings,
)
from flowrules.lint.seeds import normalise
from flowrules.pack.schema import Pack
from flowrules.pack.yaml_positions import YamlPath

Patterns = tuple[tuple[re.Pattern[str], str], ...]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _any(*patterns: str) -> re.Pattern[str]:
    return _rx("|".join(f"(?:{p})" for p in patterns))


def find_phrases(text: str, patterns: Patterns) -> Iterator[tuple[str, str]]:
    """Yield ``(phrase, hint)`` per match; a match inside a longer one is skipped."""
    flat = flatten(text)
    hits = sorted(
        (m.start(), -m.end(), m.group(0), hint)
        for pattern, hint in patterns
        for m in pattern.finditer(flat)
    )
    end = -1
    for _start, neg_stop, phrase, hint in hits:
        if -neg_stop <= end:
            continue
        end = -neg_stop
        yield phrase, hint


class _PhraseRule(Rule):
    """A rule that reports each forbidden phrase found in some texts of a pack."""

    PATTERNS: ClassVar[Patterns]
    MESSAGE: ClassVar[str]

    def scope(self, pack: Pack) -> Iterable[tuple[YamlPath, str, str]]:
        """Return the ``(path, id, text)`` triples this rule reads."""
        return texts(pack)

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield a finding for each forbidden phrase."""
        for path, key, text in self.scope(pack):
            for phrase, hint in find_phrases(text, self.PATTERNS):
                yield Finding(
                    path,
                    self.MESSAGE.format(key=key, phrase=phrase),
                    hint,
                    phrase=phrase,
                )


_NOT_AFTER = r"(?<!\bom )(?<!\bhvis )(?<!\bhvorvidt )"


class DecisionLanguage(_PhraseRule):
    """Teksten lyder som en afgørelse eller en sikker konsekvens.

    Hvorfor: Kontaktcentret kan kun vejlede (002, R01-R04). "Får konsekvenser", "vil blive
    betragtet som udeblivelse", "uden rimelig grund", "kan ikke accepteres", "godkendt" og
    "afslag" er afgørelser eller lover et udfald, uanset retning. At et afbud er uden
    rimelig grund, er i sig selv en afgørelse. Makroernes titler læses også. Ordet
    "afgørelse" er tilladt ("er ikke en afgørelse", "det er jobcentret, der træffer
    afgørelse"); "afgørelse er truffet" og "jeg/vi har truffet" er ikke.

    Eksempel:
        text: "Det vil få konsekvenser, da det vil blive betragtet som udeblivelse."
    Brug i stedet:
        text: "Det kan få betydning for din ydelse. Det er jobcentret, der vurderer det."
    """

    code = "WD01"
    name = "decision-language"
    MESSAGE = "'{key}' lyder som en afgørelse: \"{phrase}\""

    PATTERNS = (
        (
            _any(
                r"\b(?:får|fik|vil få|skal få) (?:\w+ )?(?:konsekvens\w*|betydning)",
                r"\bvil (?:\w+ )?medføre\b",
                _NOT_AFTER + r"\b(?:du mister|du vil miste|vil du miste)\b",
                r"\b(?:vil blive|vil du blive|bliver du|du bliver) (?:sanktioneret|trukket)\b",
            ),
            "skriv 'kan få konsekvenser/betydning'",
        ),
        (
            _any(
                r"\b(?:vil blive|vil du blive|bliver|blev) betragtet som (?:en )?\w+"
                r"(?: uden (?:rimelig|gyldig|lovlig) grund)?",
                r"(?<!\bkan )\bbetragtes som (?:en )?(?:udeblivelse|afvisning)\w*",
            ),
            "skriv, at det er jobcentret, der vurderer fraværet",
        ),
        (
            _any(
                r"\b(?:uden |ikke (?:en |nogen )?)(?:rimelig|gyldig|lovlig) grund",
                _NOT_AFTER
                + r"\b(?:det er|du har) (?:en |nogen )?(?:gyldig|lovlig|rimelig) grund",
                _NOT_AFTER + r"\b(?:afbuddet|fraværet|sygemeldingen|sygefraværet|"
                r"udeblivelsen|grunden|dit afbud|dit fravær) er (?:ikke )?(?:u)?"
                r"(?:gyldig|lovlig|rimelig)t?\b",
            ),
            "tag ikke stilling til grunden; skriv hvem der vurderer den",
        ),
        (
            _any(
                r"\b(?:accepteres|godkendes) ikke\b",
                r"\bkan ikke (?:umiddelbart )?(?:accepteres|godkendes)\b",
                r"\bikke (?:umiddelbart )?(?:kan )?(?:accepter|godkend)(?:es|et|t)\b",
                r"\b(?:er|blev|bliver) (?:hermed |nu )?(?:accepteret|godkendt)\b",
                r"\bgodkendt\b|(?<!\bikke )(?<!\bikke et )\bafslag\w*|\bafvist\b",
            ),
            "skriv 'er noteret; jobcentret vurderer'",
        ),
        (
            _any(
                r"\bafgørelsen? (?:er|blev) (?:hermed |nu )?truffet\b(?! af)",
                r"(?<!\bom )\bder (?:er|blev) (?:hermed |nu )?truffet (?:en )?afgørelse",
                r"\b(?:jeg|vi|kontaktcentret) (?:har )?(?:hermed |nu )?"
                r"(?:truffet|træffer|afgjort|afgør|besluttet|beslutter)\b(?! ikke\b)",
            ),
            "Kontaktcentret træffer ingen afgørelser; skriv hvem der gør",
        ),
        (
            _rx(_NOT_AFTER + r"\bdu har (?:ikke )?(?:ret til|krav på)\b"),
            "skriv 'du kan have ret til …; det er …, der afgør det'",
        ),
    )

    def scope(self, pack: Pack) -> Iterable[tuple[YamlPath, str, str]]:
        """Read wordings, macro texts and macro titles."""
        yield from texts(pack)
        for key, macro in pack.journal_macros.items():
            yield ("journal_macros", key, "title"), key, macro.title


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


class TreatmentAdvice(_PhraseRule):
    """Teksten giver råd om behandling eller medicin.

    Hvorfor: medarbejderne har ingen sundhedsfaglig uddannelse og må ikke anbefale
    behandling af symptomer eller sygdom (002, R10). At anbefale egen læge med henblik på
    dokumentation er tilladt (R11), og "vi giver ikke råd om behandling" er i orden.

    Eksempel:
        text: "Tag to panodil og gå i seng, så kan du nok møde i morgen."
    Brug i stedet:
        text: "Vil du have dokumentation for dit sygefravær, kan du søge din egen læge."
    """

    code = "WD04"
    name = "treatment-advice"
    MESSAGE = "'{key}' giver råd om behandling: \"{phrase}\""
    _HINT = "giv ingen råd om behandling; henvis evt. til egen læge for dokumentation"

    PATTERNS = (
        (
            _rx(
                r"\b(?:panodil|pamol|paracetamol|ibuprofen|ipren|ibumetin|treo|magnyl|"
                r"kodimagnyl|aspirin|smertestillende|hostesaft|antibiotika|penicillin)\b"
            ),
            _HINT,
        ),
        (
            _rx(
                r"\b(?:piller?|pillen|pillerne|tablet(?:ter|ten|terne)?|dosis|doser)\b"
            ),
            _HINT,
        ),
        (_rx(r"\btag(?:e|er)? (?:\w+ ){0,3}(?:medicin|medicinen)\b"), _HINT),
        (
            _rx(
                r"\b(?:gå|gå tidligt) i seng\w*|\bbliv(?:e)? i sengen\b|\bhold(?:e)? sengen\b"
            ),
            _HINT,
        ),
        (_rx(r"\bdrik(?:ke)? (?:\w+ ){0,2}(?:vand|væske|te)\b"), _HINT),
        (_rx(r"\bhvil(?:e)? dig\b|\bslap(?:pe)? af\b"), _HINT),
        (_rx(r"\b(?:du bør|du skal|prøv at) (?:\w+ ){0,2}behandle\b"), _HINT),
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


class PromisedCallback(_PhraseRule):
    """Teksten lover, at borgeren bliver ringet op eller kontaktet.

    Hvorfor: løfter om opringning, der ikke bliver til noget, er en typisk klage (002,
    R24). Et servicemål må nævnes som et mål, ikke som et løfte.

    Eksempel:
        text: "Du bliver ringet op af din konsulent i morgen."
    Brug i stedet:
        text: "Jeg har sendt besked til din konsulent; jobcentret har et servicemål om at
          vende tilbage inden for 2 arbejdsdage."
    """

    code = "WD06"
    name = "promised-callback"
    MESSAGE = "'{key}' lover en opringning: \"{phrase}\""
    _HINT = (
        "lov ikke en opringning; skriv at der er sendt besked, evt. med servicemålet"
    )

    PATTERNS = (
        (
            _rx(
                r"\b(?:du )?(?:vil blive|vil du blive|bliver|bliver du) (?:ringet op|kontaktet)\b"
            ),
            _HINT,
        ),
        (
            _rx(
                r"\b(?:vi|jeg|hun|han|jobcent\w*|\w*konsulent\w*|sagsbehandler\w*|enheden) "
                r"(?:vil |skal )?ringe(?:r)? (?:dig |til dig )?(?:op|tilbage)\b"
            ),
            _HINT,
        ),
        (_rx(r"\b(?:vender|vil vende) tilbage til dig\b"), _HINT),
        (
            _rx(r"\bdu (?:vil )?hører? fra (?:\w+ ){1,2}(?:i dag|i morgen|inden)\b"),
            _HINT,
        ),
    )


class PersonalAssessment(_PhraseRule):
    """Teksten giver udtryk for medarbejderens egen mening eller vurdering.

    Hvorfor: en "personlig vurdering" betyder en individuel, faglig vurdering og ikke
    medarbejderens mening (002, R15); Kontaktcentret vurderer ikke selv sagen (R01, R05),
    så "det vurderes" uden at sige af hvem lyder som Kontaktcentrets afgørelse.

    Eksempel:
        text: "Jeg synes ikke, det lyder alvorligt, og sygdommen vurderes ikke at være alvorlig."
    Brug i stedet:
        text: "Det er jobcentret, der ud fra en individuel vurdering afgør, om fraværet er
          lovligt."
    """

    code = "WD07"
    name = "personal-assessment"
    MESSAGE = "'{key}' giver en personlig vurdering: \"{phrase}\""
    _HINT = "skriv hvem der vurderer, fx 'jobcentret foretager en individuel vurdering'"

    PATTERNS = (
        (_rx(r"\bjeg (?:synes|mener|tror|vurderer|skønner|finder)\b"), _HINT),
        (
            _rx(
                r"\b(?:min|mine|vores) (?:egen |personlige )?(?:vurdering|opfattelse|mening)\b"
            ),
            _HINT,
        ),
        (_rx(r"\bpersonlig vurdering\b"), _HINT),
        (
            _rx(
                r"\b(?:det|sygdommen|fraværet|afbuddet|sygemeldingen|tilstanden|grunden) "
                r"(?:ikke )?vurderes\b(?! af)"
            ),
            _HINT,
        ),
    )


#: The rules of this family, exported to :mod:`flowrules.lint`.
RULES = module_rules(__name__)
