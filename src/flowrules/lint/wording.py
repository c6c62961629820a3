"""WD: phrases a text must not use (Borgerrådgiveren's report: vejledning, ikke afgørelse).

What a text must say instead is in :mod:`flowrules.lint.guidance`.

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
)
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


def questions(pack: Pack) -> Iterator[tuple[YamlPath, str, str]]:
    """Yield ``(path, fact, text)`` for every interview question of a pack."""
    for name, fact in pack.facts.items():
        if fact.question is not None:
            yield ("facts", name, "question"), name, fact.question


def answer_labels(pack: Pack) -> Iterator[tuple[YamlPath, str, str]]:
    """Yield ``(path, key, text)`` for every label the interview shows as an answer."""
    for name, fact in pack.facts.items():
        for value, label in fact.labels.items():
            yield ("facts", name, "labels", value), f"{name}.{value}", label
    for i, rule in enumerate(pack.rules):
        for j, alt in enumerate(rule.then.alternatives):
            if alt.label is not None:
                path: YamlPath = ("rules", i, "then", "alternatives", j, "label")
                yield path, f"{rule.id}.{alt.choice_id}", alt.label


class LeadingQuestion(_PhraseRule):
    """Et spørgsmål i interviewet er ledende eller bruger afgørelsessprog.

    Hvorfor: interviewet spørger medarbejderen om det, borgeren oplyser, og det, sagen
    viser; spørgsmålet må ikke lægge op til et bestemt svar ("Er det ikke …", "… vel?",
    "Har borgeren ikke …") eller tage stilling til grunden ("gyldig grund", "kan
    accepteres", "godkendt"), for så bliver svaret en afgørelse (002, R01-R04, R14). Et
    spørgsmål er én sætning, der slutter med "?". Etiketterne på svarene læses også for
    afgørelsessprog.

    Eksempel:
        question: "Er det ikke en gyldig grund, som borgeren oplyser?"
    Brug i stedet:
        question: "Hvilken grund oplyser borgeren for afbuddet?"
    """

    code = "WD08"
    name = "leading-question"
    MESSAGE = "spørgsmålet til '{key}' er ledende: \"{phrase}\""
    _HINT = (
        "spørg neutralt til det, borgeren oplyser, fx 'Hvilken grund oplyser borgeren?'"
    )

    PATTERNS = (
        (
            _any(
                r"^(?:er|har|kan|skal|vil|bør|må|var|fik)\s+(?:\w+\s+){0,2}ikke\b",
                r"\bikke (?:sandt|også|rigtigt)\b",
                r"\bvel\s*\?",
                r"\bmon ikke\b",
                r"\b(?:selvfølgelig|naturligvis|jo)\b",
                r"\b(?:bekræfter|bekræfte)\b",
                r"\b(?:er det|det er) (?:rigtigt|korrekt|sandt),? at\b",
            ),
            _HINT,
        ),
        (
            _any(
                r"\b(?:gyldig|rimelig|lovlig|acceptabel|tilstrækkelig)e? grund\w*",
                r"\b(?:accepter|godkend|afvis)\w*",
                r"\bafslag\w*",
                r"\bsanktion\w*",
            ),
            "tag ikke stilling til grunden i spørgsmålet; spørg, hvad borgeren oplyser",
        ),
    )

    def scope(self, pack: Pack) -> Iterable[tuple[YamlPath, str, str]]:
        """Read every question; the answer labels are read by :meth:`check` too."""
        return questions(pack)

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield leading or deciding phrases, questions that are not one question, labels."""
        yield from super().check(pack, context)
        for path, key, text in questions(pack):
            flat = flatten(text)
            if not flat.endswith("?") or re.search(r"[.!?]\s+\S", flat):
                yield Finding(
                    path,
                    f"spørgsmålet til '{key}' er ikke ét spørgsmål: \"{flat}\"",
                    "skriv én sætning, der slutter med '?'",
                )
        deciding = self.PATTERNS[1]
        for path, key, text in answer_labels(pack):
            for phrase, hint in find_phrases(text, (deciding,)):
                yield Finding(
                    path,
                    f"svaret '{key}' lyder som en afgørelse: \"{phrase}\"",
                    hint,
                    phrase=phrase,
                )


#: The rules of this family, exported to :mod:`flowrules.lint`.
RULES = module_rules(__name__)
