"""FL: structure of texts and outcomes (journal notes, template leftovers, mails)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flowrules.lint.framework import (
    Finding,
    LintContext,
    Rule,
    flatten,
    module_rules,
    texts,
)
from flowrules.lint.seeds import normalise
from flowrules.pack.fact_table import WORDING_PLACEHOLDER, fact_table
from flowrules.pack.schema import Pack
from flowrules.pack.yaml_positions import YamlPath
from flowrules.template import malformed, placeholders

#: The step that sends a mail to the leverandør (CPR and sygeperiode only, Bilag 2).
MAIL_LEVERANDOER = "mail_leverandoer"


def outcomes(pack: Pack) -> Iterator[tuple[YamlPath, str, tuple[str, ...], str | None]]:
    """Yield ``(path of then, rule id, steps, journal macro id)`` of every rule.

    A grænseflade's alternatives are outcomes of their own (chosen with ``valg``).
    """
    for i, rule in enumerate(pack.rules):
        then = rule.then
        yield ("rules", i, "then"), rule.id, then.steps, then.journal_macro
        for j, alt in enumerate(then.alternatives):
            steps = then.steps if alt.steps is None else alt.steps
            path: YamlPath = ("rules", i, "then", "alternatives", j)
            yield path, rule.id, steps, alt.journal_macro or then.journal_macro
    for i, addendum in enumerate(pack.addenda):
        add = addendum.then
        yield ("addenda", i, "then"), addendum.id, add.steps, add.journal_macro
    fb = pack.fallback.then
    yield ("fallback", "then"), "fallback", fb.steps, fb.journal_macro


def _used(pack: Pack) -> tuple[set[str], set[str]]:
    words = {r.then.wording for r in pack.rules} | {pack.fallback.then.wording}
    words |= {a.then.wording for a in pack.addenda if a.then.wording}
    words |= {a.wording for r in pack.rules for a in r.then.alternatives if a.wording}
    macros = {m for *_, m in outcomes(pack) if m}
    return words, macros


def _deciding_macros(pack: Pack) -> set[str]:
    """Return the macros of rules and fallback (addenda macros are appended to these)."""
    return {m for path, *_, m in outcomes(pack) if path[0] != "addenda" and m}


_TOLD = re.compile(r"(?<!ikke )\bvejledt\b", re.IGNORECASE)


class MacroWithoutGuidance(Rule):
    """Journalmakroen noterer ikke, hvad borgeren er vejledt om.

    Hvorfor: notatpligt (002, R08): journalen skal vise, hvad borgeren er oplyst om, også
    ved omstilling og henvisning. En makro, som en regel eller fallback bruger, skal
    indeholde ``{wording}`` eller en sætning med "vejledt om". Et tillægs makro føjes til
    den afgørende regels makro og er derfor undtaget.

    Eksempel:
        text: "Pgl. omstillet til jobcentret."
    Brug i stedet:
        text: "Pgl. omstillet til jobcentret. Pgl. er vejledt om: {wording}"
    """

    code = "FL01"
    name = "macro-without-guidance"

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield a finding for each used macro that does not record the guidance."""
        used = _deciding_macros(pack)
        for key, macro in pack.journal_macros.items():
            if key not in used:
                continue
            names = {n for n, _ in placeholders(macro.text)}
            if WORDING_PLACEHOLDER not in names and not _TOLD.search(
                flatten(macro.text)
            ):
                yield Finding(
                    ("journal_macros", key, "text"),
                    f"journalmakroen '{key}' noterer ikke, hvad borgeren er vejledt om",
                    "tilføj 'Pgl. er vejledt om: {wording}'",
                )


_LEFTOVERS = (
    (re.compile(r"\[[^\]]*\]"), "udfyld eller fjern teksten i [ ]"),
    (re.compile(r"<[^<>]*>"), "udfyld eller fjern teksten i < >"),
    (
        re.compile(r"…|\.{3,}|_{3,}"),
        "skriv teksten færdig; en makro må ikke have tomme felter",
    ),
    (re.compile(r"\b[Xx]{2,}\b"), "erstat XX med en pladsholder {faktum} eller tekst"),
    (
        re.compile(
            r"\b(?:TODO|FIXME|TBD)\b|\bindsæt\b|\bher skrives\b|\bskriv her\b|%\(?\w*\)?s\b",
            re.IGNORECASE,
        ),
        "fjern skabelonens instruktion; teksten bruges som den står",
    ),
)


class TemplateLeftover(Rule):
    """Teksten har en uudfyldt skabelonrest eller en ukendt pladsholder.

    Hvorfor: journalmakroen dannes af opkaldets fakta og må ikke have uudfyldte felter
    (SPEC, R05, R08); borgerteksten læses op, som den står. Indlæseren afviser allerede
    ugyldige og ukendte ``{pladsholdere}``; denne regel fanger også ``[indsæt …]``,
    ``<navn>``, ``XX``, ``…``, ``___`` og instruktioner som "Her skrives".

    Eksempel:
        text: "Pgl. har meldt sig syg på grund af [indsæt årsag]. Her skrives, hvorfor …"
    Brug i stedet:
        text: "Pgl. har meldt sig syg. Oplyst grund: {grund}. Pgl. er vejledt om: {wording}"
    """

    code = "FL02"
    name = "template-leftover"

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield a finding for each leftover and each bad or unknown placeholder."""
        facts = set(fact_table(pack))
        for path, key, text in texts(pack):
            for bad, _ in malformed(text):
                yield Finding(
                    path,
                    f"'{key}' har en ugyldig pladsholder: '{bad}'",
                    "skriv pladsholdere som {faktum}",
                )
            allowed = facts | (
                {WORDING_PLACEHOLDER} if path[0] == "journal_macros" else set()
            )
            for name, _ in placeholders(text):
                if name not in allowed and not malformed(f"{{{name}}}"):
                    yield Finding(
                        path,
                        f"'{key}' har en ukendt pladsholder: {{{name}}}",
                        "brug et erklæret faktum",
                    )
            flat = flatten(text)
            for pattern, hint in _LEFTOVERS:
                for match in pattern.finditer(flat):
                    yield Finding(
                        path, f"'{key}' har en skabelonrest: \"{match.group(0)}\"", hint
                    )


_LEVERANDOER_TEXT = re.compile(r"^(?:jm_)?mail_leverandoer")
_ALLOWED_IN_MAIL = re.compile(r"^(?:cpr\w*|sygeperiode\w*|syg\w*_(?:fra|til)\w*)$")
_FORBIDDEN_IN_MAIL = re.compile(
    r"\b(?:grund\w*|årsag\w*|symptom\w*|diagnose\w*|sygdom\w*|fejler|læge\w*|"
    r"journal\w*|helbred\w*|behandling\w*|vurdering\w*)\b",
    re.IGNORECASE,
)


class LeverandoerMail(Rule):
    """En mail til leverandøren kan indeholde mere end CPR-nummer og sygeperiode.

    Hvorfor: af hensyn til tavshedspligten får leverandørerne kun cpr-nr. og sygeperiode,
    mens jobcentret får kopi af journalnotatet (001, Bilag 2). Konvention:

    - En tekst til leverandøren er en makro eller formulering, hvis id begynder med
      ``mail_leverandoer`` (eller ``jm_mail_leverandoer``). Den må kun have pladsholdere
      for CPR og sygeperiode (``cpr…``, ``sygeperiode…``, ``syg…_fra``/``syg…_til``) og
      må ikke nævne grund, årsag, symptom, diagnose, sygdom, læge, journal, helbred,
      behandling eller vurdering.
    - En regel med trinnet ``mail_leverandoer`` skal have en journalmakro, der noterer
      mailen: den nævner leverandøren, CPR og sygeperiode. Journalmakroen selv sendes
      aldrig til leverandøren.

    Eksempel:
        mail_leverandoer_sygemelding:
          text: "Borgeren er syg til {sygeperiode_til}. Oplyst årsag: {grund}."
    Brug i stedet:
        mail_leverandoer_sygemelding:
          text: "CPR-nr. og sygeperiode: borgeren er sygemeldt til og med {sygeperiode_til}."
        jm_sygemelding:
          text: "… Leverandøren har fået mail med kun cpr-nr. og sygeperiode. …"
    """

    code = "FL03"
    name = "leverandoer-mail"

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield findings for mail texts that say too much and unrecorded mails."""
        for path, key, text in texts(pack):
            if not _LEVERANDOER_TEXT.match(key):
                continue
            for name, _ in placeholders(text):
                if not _ALLOWED_IN_MAIL.match(name):
                    yield Finding(
                        path,
                        f"mailen til leverandøren '{key}' indeholder {{{name}}}",
                        "leverandøren må kun få CPR-nummer og sygeperiode",
                    )
            for match in _FORBIDDEN_IN_MAIL.finditer(flatten(text)):
                yield Finding(
                    path,
                    f"mailen til leverandøren '{key}' nævner \"{match.group(0)}\"",
                    "leverandøren må kun få CPR-nummer og sygeperiode",
                )
        for then_path, rule_id, steps, macro_id in outcomes(pack):
            if MAIL_LEVERANDOER not in steps or macro_id not in pack.journal_macros:
                continue
            note = normalise(pack.journal_macros[macro_id].text)
            missing = [w for w in ("leverandør", "cpr", "sygeperiode") if w not in note]
            if missing:
                yield Finding(
                    (*then_path, "journal_macro"),
                    f"'{rule_id}' sender mail til leverandøren, men journalmakroen "
                    f"'{macro_id}' noterer ikke, at mailen kun havde CPR og sygeperiode "
                    f"(mangler: {', '.join(missing)})",
                    "tilføj 'Leverandøren har fået mail med kun cpr-nr. og sygeperiode.'",
                    rule=None if rule_id == "fallback" else rule_id,
                )


class UnusedText(Rule):
    """En formulering eller journalmakro bruges ikke af nogen regel.

    Hvorfor: en tekst, som ingen regel, intet tillæg og ingen fallback bruger, bliver
    aldrig vist, men læses stadig af juridiske korrekturlæsere; den er en død eller
    fejlstavet reference (R05). Tekster til leverandørmails (id ``mail_…``) er undtaget.

    Eksempel:
        wordings:
          afbud_registeret: {decision_maker: a-kassen, text: "…"}
    Brug i stedet:
        then:
          wording: afbud_registeret
    """

    code = "FL04"
    name = "unused-text"

    def check(self, pack: Pack, context: LintContext) -> Iterator[Finding]:
        """Yield a finding for each wording or macro no outcome uses."""
        used_words, used_macros = _used(pack)
        for kind, table, used, label in (
            ("wordings", pack.wordings, used_words, "formuleringen"),
            ("journal_macros", pack.journal_macros, used_macros, "journalmakroen"),
        ):
            for key in table:
                if key not in used and not key.startswith(("mail_", "jm_mail_")):
                    yield Finding(
                        (kind, key),
                        f"{label} '{key}' bruges ikke af nogen regel",
                        "brug den i en regel eller slet den",
                    )


#: The rules of this family, exported to :mod:`flowrules.lint`.
RULES = module_rules(__name__)
