"""flowrules site: static Danish pages with embedded flowcharts, approval status, and PDFs."""

from __future__ import annotations

import io
import re
import subprocess

import pytest

from flowrules.cli import main
from tests.conftest import TESTS

BASE_TEXT = (TESTS / "data" / "base_pack.yaml").read_text(encoding="utf-8")
WHO = ["--reviewer", "Jurist Eksempel", "--role", "juridisk konsulent"]


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def packs(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "dagpenge.yaml").write_text(BASE_TEXT, encoding="utf-8")
    return folder


def _build(packs, out, *extra: str) -> dict[str, str]:
    code, stdout, stderr = run("site", str(packs), "--out", str(out), *extra)
    assert code == 0, stderr
    assert stdout.startswith("skrev ")
    return {
        str(p.relative_to(out)): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.suffix in (".html", ".css")
    }


def test_site_has_an_index_a_pack_page_and_a_page_per_call_type(packs, tmp_path):
    """The site holds the index, one page per pack version and one per call type, each with its chart."""
    pages = _build(packs, tmp_path / "site")
    assert {
        "index.html",
        "kilder.html",
        "tvetydigheder.html",
        "site.css",
        "dagpenge-2026.1/index.html",
        "dagpenge-2026.1/afbud.html",
        "dagpenge-2026.1/afmelding.html",
    } == set(pages)
    afbud = pages["dagpenge-2026.1/afbud.html"]
    assert afbud.count("<svg") == 1
    assert "Oplyst grund?" in afbud
    assert re.search(r"<text[^>]*>Omstilling</text>", afbud)
    assert 'href="index.html#regel-afbud_gyldig_grund"' in afbud
    assert '<html lang="da">' in afbud


def test_pack_page_shows_rules_sources_notes_and_status(packs, tmp_path):
    """Every rule with conditions, wording and sources by title; notes link to the register; unapproved."""
    page = _build(packs, tmp_path / "site")["dagpenge-2026.1/index.html"]
    assert 'id="regel-afbud_gyldig_grund"' in page
    assert "Oplyst grund: er en af: arbejde, sygdom" in page
    assert (
        "Samarbejdsaftalen BIF–ØKF</cite> (28. november 2012), Bilag 4, Afbud:" in page
    )
    assert '<a class="ambiguity" href="../tvetydigheder.html#a30">A30</a>' in page
    assert "<strong>Ikke godkendt.</strong>" in page
    assert "flowrules approve dagpenge --reviewer NAVN --role ROLLE" in page
    assert "Lint: ingen fund." in page
    register = _build(packs, tmp_path / "again")["tvetydigheder.html"]
    assert '<section class="ambiguity-entry" id="a30">' in register
    assert "<strong>Valg:</strong> Kontaktcentret registrerer grunden" in register


def test_site_shows_who_approved_and_what_changed_since(packs, tmp_path):
    """After approval and an edit, the page names the reviewer and shows the changed words."""
    subprocess.run(["git", "init", "-q"], cwd=packs, check=True)
    assert (
        run(
            "approve",
            "dagpenge",
            "--rules",
            str(packs),
            *WHO,
            "--date",
            "2026-12-01",
            "--yes",
        )[0]
        == 0
    )
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run([*git, "add", "."], cwd=packs, check=True)
    subprocess.run([*git, "commit", "-qm", "godkendt"], cwd=packs, check=True)
    approved = _build(packs, tmp_path / "before")
    assert "Godkendt</span> 2026-12-01 af Jurist Eksempel" in approved["index.html"]
    assert (
        "<strong>Godkendt</strong> af Jurist Eksempel (juridisk konsulent)"
        in approved["dagpenge-2026.1/index.html"]
    )
    edited = BASE_TEXT.replace("Jeg stiller dig videre", "Jeg omstiller dig").replace(
        '"2026.1"', '"2026.2"'
    )
    (packs / "dagpenge.yaml").write_text(edited, encoding="utf-8")
    page = _build(packs, tmp_path / "after")["dagpenge-2026.2/index.html"]
    assert "<strong>Ikke godkendt.</strong>" in page
    assert "Ændret siden den senest godkendte version (dagpenge@2026.1)" in page
    assert "<del>stiller</del> <ins>omstiller</ins> dig <del>videre</del>" in page
    assert "<td>2026.1</td><td>2026-12-01</td><td>Jurist Eksempel</td>" in page


def test_pack_text_is_escaped(packs, tmp_path):
    """Markup in a pack's text is shown as text, never interpreted (autoescape)."""
    text = BASE_TEXT.replace(
        "title: Afbud registreres", "title: Afbud <script>x</script> registreres"
    )
    (packs / "dagpenge.yaml").write_text(text, encoding="utf-8")
    pages = _build(packs, tmp_path / "site")
    assert "<script>" not in "".join(pages.values())
    assert (
        "Afbud &lt;script&gt;x&lt;/script&gt; registreres"
        in pages["dagpenge-2026.1/index.html"]
    )


def test_acknowledged_gap_is_shown_with_its_reason(packs, tmp_path):
    """A gap acknowledged in the pack appears under "Kvitterede fund" with the reason."""
    ack = "acknowledged:\n  - code: AN03\n    subject: afmelding\n    reason: Afmeldinger afklares først.\n"
    (packs / "dagpenge.yaml").write_text(BASE_TEXT + ack, encoding="utf-8")
    page = _build(packs, tmp_path / "site")["dagpenge-2026.1/index.html"]
    assert "Kvitterede fund" in page
    assert "<code>afmelding</code>: Afmeldinger afklares først." in page


def test_site_is_deterministic_and_needs_no_internet(packs, tmp_path):
    """Two builds give identical files, and no page loads anything from the network."""
    first, second = _build(packs, tmp_path / "a"), _build(packs, tmp_path / "b")
    assert first == second
    for text in first.values():
        assert not re.search(r'(src|href)="https?:', text)
        assert "@import" not in text


def test_pdf_per_pack_version_is_reproducible(packs, tmp_path):
    """--pdf writes one PDF per pack version, byte for byte the same on a second build."""
    pypdf = pytest.importorskip("pypdf")
    _build(packs, tmp_path / "a", "--pdf")
    _build(packs, tmp_path / "b", "--pdf")
    [first] = (tmp_path / "a" / "pdf").glob("*.pdf")
    second = tmp_path / "b" / "pdf" / first.name
    assert first.name == "dagpenge-2026.1.pdf"
    assert first.read_bytes()[:5] == b"%PDF-"
    assert first.read_bytes() == second.read_bytes()
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(first).pages)
    assert "Forsikrede ledige (testpakke)" in text
    assert "Opkald om: afbud" in text
    assert "Side 1 af" in text
    index = (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert 'href="pdf/dagpenge-2026.1.pdf"' in index


def test_site_refuses_a_broken_pack_and_writes_nothing(packs, tmp_path):
    """A pack that does not load gives its diagnostics and exit 2; no page is written."""
    (packs / "dagpenge.yaml").write_text(
        BASE_TEXT.replace("wording: omstilles", "wording: ukendt", 1)
    )
    code, _, err = run("site", str(packs), "--out", str(tmp_path / "site"))
    assert code == 2
    assert " PK05 " in err
    assert not (tmp_path / "site").exists()
