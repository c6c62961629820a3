"""The call guide page in a real browser (Playwright + Debian's Chromium), before any question."""

from __future__ import annotations

import httpx

from tests.conftest import RULES
from tests.service.conftest import axe_violations


def test_the_page_is_danish_with_the_packs_ordninger(page, bundled_server):
    """The start form lists each pack's title; picking one fills its call types from the pack."""
    import flowrules

    engine = flowrules.Engine.from_path(RULES, executor="native")
    titles = {p.pack: p.title for p in engine.packs}
    call_types = {p.pack: list(p.facts["henvendelse"].values) for p in engine.packs}
    engine.close()
    assert page.locator("html").get_attribute("lang") == "da"
    options = page.locator("#ordning option").all()
    assert {o.get_attribute("value"): o.inner_text() for o in options[1:]} == titles
    assert page.locator("#henvendelse").is_disabled()
    page.select_option("#ordning", "sygedagpenge")
    values = [
        o.get_attribute("value") for o in page.locator("#henvendelse option").all()
    ]
    assert values[1:] == call_types["sygedagpenge"]
    headers = httpx.get(bundled_server.url + "/").headers
    assert "default-src 'self'" in headers["content-security-policy"]


def test_the_start_view_has_no_axe_violations(page):
    """axe-core finds no accessibility violation on the start form (filled in, too)."""
    assert axe_violations(page) == []
    page.select_option("#ordning", "dagpenge")
    assert axe_violations(page) == []


def test_keyboard_only_start_form_and_missing_fields(page):
    """With the keyboard alone: Tab reaches every control; Start with fields missing says which, in an alert."""
    page.keyboard.press("Tab")  # the skip link
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "ordning"
    page.keyboard.press("Tab")  # henvendelse is disabled until an ordning is chosen
    assert page.evaluate("document.activeElement.id") == "modtaget"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowDown")  # the first ordning
    assert page.input_value("#ordning") != ""
    page.focus("#start")
    page.keyboard.press("Enter")
    alert = page.locator("#start-error")
    assert alert.get_attribute("role") == "alert"
    assert "henvendelse" in alert.inner_text()
    assert page.evaluate("document.activeElement.id") == "henvendelse"


def test_escape_starts_again(page):
    """One key (Escape) clears the form and puts the focus on the ordning."""
    page.select_option("#ordning", "dagpenge")
    page.select_option("#henvendelse", index=1)
    page.keyboard.press("Escape")
    assert page.input_value("#ordning") == ""
    assert page.locator("#henvendelse").is_disabled()
    assert page.evaluate("document.activeElement.id") == "ordning"
