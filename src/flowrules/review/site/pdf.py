"""Write a pack version's print page as PDF with WeasyPrint (for the archive).

WeasyPrint runs no JavaScript, which the pages do not need: the flowcharts are
SVG already. The document carries no creation date, so the same page gives
the same bytes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flowrules.errors import FlowrulesError


class PdfUnavailableError(FlowrulesError):
    """WeasyPrint or the system libraries it needs (pango) are not installed."""


def write_pdf(html: str, target: Path) -> Path:
    """Render ``html`` (a complete print page with its CSS inline) to ``target``.

    Raises:
        PdfUnavailableError: If WeasyPrint cannot be imported (names the fix).
    """
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        msg = (
            f"PDF kan ikke skrives: WeasyPrint kan ikke indlæses ({exc}); installér "
            "flowrules[site] og Debians pango (apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0)"
        )
        raise PdfUnavailableError(msg) from None
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    target.parent.mkdir(parents=True, exist_ok=True)
    # No base URL: everything is inline, and the output must not depend on where it is written.
    weasyprint.HTML(string=html).write_pdf(target)
    return target
