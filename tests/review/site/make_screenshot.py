"""Write docs/flowchart-dagpenge-afbud.png: the dagpenge afbud page in Chromium.

Run from the repository root after the site or the packs change:
``.venv/bin/python -m tests.review.site.make_screenshot``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flowrules.review.site.build import build_site
from tests.browser import chromium_page
from tests.conftest import RULES, TESTS

TARGET = TESTS.parent / "docs" / "flowchart-dagpenge-afbud.png"


def main() -> None:
    """Build the dagpenge pages and screenshot the afbud flowchart page."""
    with tempfile.TemporaryDirectory() as tmp:
        build_site([RULES / "dagpenge.yaml"], tmp)
        [folder] = Path(tmp).glob("dagpenge-*")
        with chromium_page(width=1280, height=900) as page:
            page.goto((folder / "afbud.html").as_uri())
            page.locator("section.call-type").screenshot(path=str(TARGET))
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
