"""Rendered pack pages: committed pages current, order, Danish phrases, texts, lint."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from flowrules.cli.review import render_command
from flowrules.lint import RULES as LINT_RULES
from flowrules.lint import Rule
from flowrules.lint.runner import lint_pack
from flowrules.lint.wording import DecisionLanguage
from flowrules.pack.load import load_pack_source, load_pack_with_source
from flowrules.review.markdown import escape_md, escape_mermaid
from flowrules.review.pack_page import MARKER, render_index, render_pack
from tests.conftest import TESTS

BASE = TESTS / "data" / "base_pack.yaml"

PARAMETERS = """\
parameters:
  aabningstid:
    type: schedule
    description: Åbningstid.
    versions:
      - valid_from: 2013-01-01
        valid_to: 2016-11-03
        value: {mandag: ["07:30", "16:00"]}
      - valid_from: 2016-11-03
        value: {mandag: ["08:30", "16:00"], loerdag: ["09:00", "12:00"]}
    citations:
      - document: 001_1e9ef2aea408ead2.txt
        section: § 5 Serviceniveau
        quote: i tidsrummet mandag til fredag fra 7:30-16:00.
  frist_dage:
    type: int
    description: Frist for afmelding.
    versions:
      - {valid_from: 2013-01-01, value: 28}
    citations:
      - document: 001_1e9ef2aea408ead2.txt
        section: Bilag 4, Afmelding
        quote: hvis den ligger indenfor 4 uger.
    notes:
      - {ambiguity: A15, text: Højst 28 dage.}
rules:
  - id: afmelding_inden_frist
    title: Afmelding inden for fristen
    when:
      henvendelse: afmelding
      afmelding_dato: {exists: true}
      dage_til_afmelding: {gte: 0, lte: {param: frist_dage}}
      modtaget: {within: aabningstid}
      grund: {ne: andet}
    when_any:
      - {behov_for_tolk: true}
      - {modtaget_dato: {lt: 2016-11-03}}
    then:
      action: omstil_afmelding
      action_text: Omstil afmeldingen.
      resolution: omstilling
      transfer_to: jobcenter
      wording: omstilles
      journal_macro: jm_omstillet
    citations:
      - document: 001_1e9ef2aea408ead2.txt
        section: Bilag 4, Afmelding
        quote: Der foretages afmeldinger samt fremtidige afmeldinger
"""
ADDENDUM = """\
addenda:
  - id: tolk
    title: Behov for tolk
    when: {behov_for_tolk: true}
    then: {steps: [journalnotat], journal_macro: jm_tolk}
    citations:
      - document: 001_1e9ef2aea408ead2.txt
        section: Bilag 4, Tolk
        quote: Borgeren har behov for tolk.
fallback:
"""
DERIVED = """\
  dage_til_afmelding:
    type: int
    description: Dage til afmelding.
    derived: {days_between: [modtaget, afmelding_dato]}
  behov_for_tolk:
"""
EXTRA_TEXTS = """
  jm_tolk:
    title: Tolk
    text: "Pgl. har behov for tolk."
  jm_ubrugt:
    title: Ubrugt
    text: "Denne tekst bruges ikke [endnu] *her*."
"""


def _variant() -> str:
    """The base pack with parameters, a first rule using them, an addendum and texts."""
    text = BASE.read_text(encoding="utf-8")
    text = text.replace("rules:\n", PARAMETERS, 1)
    text = text.replace("fallback:\n", ADDENDUM, 1)
    text = text.replace("  behov_for_tolk:\n", DERIVED, 1)
    return text + EXTRA_TEXTS


def _page(
    text: str | None = None, rules: tuple[type[Rule], ...] = (DecisionLanguage,)
) -> str:
    """Render the base pack (or a variant); lint with WD01 only unless told otherwise."""
    if text is None:
        pack, smap = load_pack_with_source(BASE)
    else:
        pack, smap = load_pack_source(text, "variant.yaml")
    return render_pack(pack, lint_pack(pack, smap, rules=rules), smap=smap)


def _section(page: str, heading: str) -> str:
    """The text from ``heading`` to the next heading of level 2 or 3."""
    start = page.index(heading)
    after = start + len(heading)
    end = re.search(r"^#{2,3} ", page[after:], re.M)
    return page[start : after + end.start()] if end else page[start:]


def _mermaid(page: str) -> str:
    return page.split("```mermaid\n", 1)[1].split("```", 1)[0]


def test_page_lists_rules_in_first_match_order():
    """Each rule id appears in pack order, the fallback after the last rule."""
    page = _page()
    first = page.index("### Regel 1: `afbud_gyldig_grund`")
    second = page.index("### Regel 2: `afbud_anden_grund`")
    assert first < second < page.index("## Fallback")
    assert page.startswith(MARKER + "\n\n# Forsikrede ledige (testpakke)\n")
    assert "Pakke `dagpenge`, version **2026.1**, gælder fra 2013-01-01." in page


def test_mermaid_chart_chains_rules_to_the_fallback():
    """One node per rule, "nej" edges in order, "ja" edges to outcomes, fallback last."""
    chart = _mermaid(_page())
    assert chart.startswith("flowchart TD\n")
    assert (
        'start --> r1["Regel 1: afbud_gyldig_grund<br/>henvendelse er afbud<br/>'
        in chart
    )
    assert "r1 -->|nej| r2[" in chart
    assert 'r1 -->|ja| o1(["straksafklaring<br/>registrer_afbud"])' in chart
    assert 'r2 -->|ja| o2(["omstilling → jobcenter<br/>omstil"])' in chart
    assert 'r2 -->|nej| fb[["Fallback: Ingen regel passer' in chart
    assert chart.count('"]') + chart.count('"])') >= 5


def test_conditions_read_as_danish():
    """Equality, one_of with labels, exists, parameters with values, schedules, ne."""
    base = _section(_page(), "### Regel 1")
    assert "- `henvendelse` er afbud\n- `grund` er en af: arbejde, sygdom" in base
    rule = _section(_page(_variant()), "### Regel 1")
    assert "- `afmelding_dato` er angivet" in rule
    assert "- `dage_til_afmelding` er mindst 0" in rule
    assert "- `dage_til_afmelding` er højst `frist_dage` (28 fra 2013-01-01)" in rule
    assert (
        "- `modtaget` ligger inden for [`aabningstid`](#parameter-aabningstid)" in rule
    )
    assert "- `grund` er ikke en anden grund (eller mangler)" in rule
    assert "- gruppe 1: `behov_for_tolk` er ja" in rule
    assert "- gruppe 2: `modtaget_dato` er før 2016-11-03" in rule
    chart = _mermaid(_page(_variant()))
    assert "mindst én af: (behov_for_tolk er ja) ELLER (modtaget_dato er før" in chart


def test_outcome_texts_citations_and_notes_are_shown_verbatim():
    """Outcome fields, wording and macro in blockquotes, citation quote, A-number."""
    page = _page()
    rule = _section(page, "### Regel 1")
    assert (
        "- **Handling:** `registrer_afbud` – Registrér afbuddet i samtalenoden." in rule
    )
    assert "- **Udfald:** straksafklaring" in rule
    assert "- **Trin:** `registrer_samtalenode`, `journalnotat`" in rule
    assert (
        "> Jeg har registreret dit afbud. Du har oplyst: {grund}. Det er a-kassen, "
        "der afgør sagen; dette er vejledning og ikke en afgørelse." in rule
    )
    assert "> Afbud registreret. Pgl. er vejledt om: {wording}" in rule
    assert "»Ved afbud med gyldig grund, registreres afbuddet i samtalenoden«" in rule
    assert "- **A30**: Grunden registreres, som borgeren oplyser den." in rule
    second = _section(page, "### Regel 2")
    assert "- **Omstilling til:** `jobcenter`" in second
    assert "registrer_samtalenode" not in second


def test_facts_parameters_and_addenda_are_listed():
    """Facts with values and labels; parameter versions with dates; addenda sections."""
    page = _page(_variant())
    assert ("| `grund` | valgliste | Oplyst grund. | – | `arbejde` (arbejde)") in page
    assert "`andet` (en anden grund) |" in page
    assert "| `henvendelse` | valgliste, påkrævet |" in page
    assert "beregnet: dage fra `modtaget` til `afmelding_dato`" in page
    params = _section(page, "### `aabningstid` (ugeskema)")
    assert "| fra 2013-01-01 til og med 2016-11-02 | mandag 07:30–16:00 |" in params
    assert "| fra 2016-11-03 | mandag 08:30–16:00; lørdag 09:00–12:00 |" in params
    assert "- **A15**: Højst 28 dage." in _section(page, "### `frist_dage` (heltal)")
    addendum = _section(page, "### Tillæg 1: `tolk`")
    assert "- `behov_for_tolk` er ja" in addendum
    assert "> Pgl. har behov for tolk." in addendum
    assert 't1["Tillæg 1: tolk<br/>behov_for_tolk er ja"]' in _mermaid(page)


def test_unused_texts_are_listed_at_the_end():
    """Wordings and macros no rule, addendum or fallback uses close the page."""
    assert "Ingen: alle formuleringer og journalnotater bruges." in _page()
    tail = _section(_page(_variant()), "## Tekster, som ingen regel bruger")
    assert "`jm_ubrugt`" in tail
    assert r"> Denne tekst bruges ikke \[endnu\] \*her\*." in tail
    assert "jm_tolk" not in tail


def test_lint_status_per_rule():
    """ "ingen fund" when clean; a finding in a wording shows at every rule using it."""
    assert _page().count("**Lint:** ingen fund") == 3
    text = BASE.read_text(encoding="utf-8").replace(
        "Jeg stiller dig videre til jobcentret,",
        "Du udeblev uden rimelig grund. Jeg stiller dig videre til jobcentret,",
    )
    page = _page(text)
    assert "Lint: 1 fund i pakken." in page
    assert "**Lint:** ingen fund" in _section(page, "### Regel 1")
    for heading in ("### Regel 2", "### Når ingen regel passer"):
        section = _section(page, heading)
        assert "**Lint:** 1 fund" in section
        assert "- **WD01** 'omstilles' lyder som en afgørelse" in section
        assert "hjælp: tag ikke stilling til grunden" in section


def test_mermaid_special_characters_are_escaped():
    """Quotes, angle brackets, ampersands, hashes and backticks become entity codes."""
    assert escape_mermaid('a "b" <c> & #d `e`') == (
        "a #quot;b#quot; #lt;c#gt; #amp; #35;d #96;e#96;"
    )
    text = BASE.read_text(encoding="utf-8").replace(
        "sygdom: sygdom,", 'sygdom: "sygdom \\"akut\\" <1> & #2",'
    )
    chart = _mermaid(_page(text))
    assert "sygdom #quot;akut#quot; #lt;1#gt; #amp; #35;2" in chart
    for line in chart.splitlines()[1:]:
        assert line.count('"') in (0, 2, 4), line


def test_markdown_is_escaped_in_free_text():
    """Free text cannot open emphasis, links, HTML or list items."""
    assert escape_md("1. a *b* [c](d) <e> x_y _z_") == (
        r"1\. a \*b\* \[c\](d) \<e\> x_y \_z\_"
    )


def test_output_is_deterministic():
    """The same pack gives the same text, with no date of generation."""
    first, second = _page(), _page()
    assert first == second
    assert dt.date.today().isoformat() not in first


def test_base_pack_page_snapshot(snapshot):
    """The whole page of the base pack (complements the assertions above)."""
    assert _page() == snapshot


def test_index_links_every_pack(tmp_path):
    """index.md has one row per pack with its page, version and rule count."""
    pack, _ = load_pack_with_source(BASE)
    index = render_index([pack])
    assert (
        "| [dagpenge](dagpenge.md) | Forsikrede ledige (testpakke) | 2026.1 |" in index
    )
    assert index.endswith("| 2 | 0 |\n")


def test_render_writes_pages_and_removes_stale_ones(tmp_path):
    """Pages + index are written; stale generated pages go, hand-written files stay."""
    (tmp_path / "gammel.md").write_text(MARKER + "\n", encoding="utf-8")
    (tmp_path / "noter.md").write_text("håndskrevet\n", encoding="utf-8")
    assert render_command([BASE], tmp_path, stdout=io.StringIO()) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dagpenge.md",
        "index.md",
        "noter.md",
    ]
    page = _page(rules=LINT_RULES)
    assert (tmp_path / "dagpenge.md").read_text(encoding="utf-8") == page


def test_render_command_exit_codes(tmp_path):
    """0 with a summary line when pages are written; 2 with a PK diagnostic otherwise."""
    out, err = io.StringIO(), io.StringIO()
    assert render_command([str(BASE)], tmp_path, stdout=out, stderr=err) == 0
    assert out.getvalue() == f"skrev 2 sider til {tmp_path}\n"
    missing = str(Path(tmp_path, "findes_ikke"))
    assert render_command([missing], tmp_path / "ud", stdout=out, stderr=err) == 2
    assert "PK10 stien findes ikke" in err.getvalue()
    assert not (tmp_path / "ud").exists()


def test_each_alternative_is_shown_with_its_choice_label_and_own_texts():
    """A grænseflade lists each valg with its label, its action and the texts it uses."""
    from flowrules.pack.load import load_pack
    from flowrules.review.pack_page import render_pack

    page = render_pack(load_pack(TESTS / "data" / "graenseflade_pack.yaml"), [])
    rule = _section(page, "### Regel 2: `ydelse_graenseflade`")
    assert (
        "  - `valg: henvisning` (henvises til Ydelsesservice) – straksafklaring → "
        "`ydelsesservice`: Standard, når svaret ikke fremgår." in rule
    )
    assert (
        "    - **Handling, når det er valgt:** Giv telefonnummer og telefontid." in rule
    )
    assert "**Når medarbejderen vælger `henvisning`:**" in rule
    assert "(`jm_valgt_henvisning` – Valgt henvisning)" in rule
    assert "jm_valgt_henvisning" not in _section(
        page, "## Tekster, som ingen regel bruger"
    )
