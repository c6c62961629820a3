"""The reviewer site as a reviewer sees it in Chromium: readable flowcharts that link to the rules."""

from __future__ import annotations

import pytest

from flowrules.review.site.build import build_site
from tests.browser import browser_page
from tests.conftest import RULES


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    build_site([RULES / "dagpenge.yaml", RULES / "sygeopfoelgning.yaml"], out)
    return out


def _version_dir(site, pack="dagpenge"):
    [folder] = [p for p in site.iterdir() if p.name.startswith(f"{pack}-")]
    return folder


@pytest.mark.parametrize(
    ("pack", "call_type"),
    [("dagpenge", "afbud"), ("sygeopfoelgning", "sygemelding_jobnet")],
)
def test_flowchart_fits_the_page_and_its_text_is_readable(
    site, pack, call_type, browser
):
    """At 1280 px the chart is visible, the page needs no sideways scrolling, text is ≥ 9 px.

    A chart too wide for the page scrolls inside its own frame at its natural size.
    """
    with browser_page(browser) as page:
        page.goto((_version_dir(site, pack) / f"{call_type}.html").as_uri())
        chart = page.locator("figure.chart svg")
        assert chart.is_visible()
        frame = page.locator("figure.chart").bounding_box()
        assert frame["width"] <= 1280
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        )
        heights = page.evaluate(
            "[...document.querySelectorAll('figure.chart svg text')]"
            ".map(t => t.getBoundingClientRect().height)"
        )
        assert len(heights) > 20
        assert min(heights) >= 9


def test_an_outcome_in_the_chart_leads_to_its_rule(site, browser):
    """Clicking an outcome box opens the pack page at that rule."""
    with browser_page(browser) as page:
        page.goto((_version_dir(site) / "afbud.html").as_uri())
        page.locator("svg a[*|href$='#regel-afbud_gyldig_grund']").first.click()
        page.wait_for_url("**/index.html#regel-afbud_gyldig_grund")
        rule = page.locator("#regel-afbud_gyldig_grund")
        assert rule.is_visible()
        assert "Afbud med en af de 4 gyldige grunde" in rule.inner_text()


def test_pages_work_from_the_keyboard(site, browser):
    """Tab reaches the site navigation first; every call type has a link on the pack page."""
    with browser_page(browser) as page:
        page.goto((_version_dir(site) / "index.html").as_uri())
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == (
            "Regelpakker til juridisk gennemgang"
        )
        links = page.locator("#opkaldstyper a").count()
        assert links == len(list(_version_dir(site).glob("*.html"))) - 1
