"""Draw a :class:`~flowrules.review.site.chart.Chart` as SVG with Graphviz (at build time).

Each kind of box has its own shape and colour (the legend on every page shows
them); outcome boxes link to their rule on the pack page. Graphviz's ``dot``
program (Debian package ``graphviz``) lays the chart out; the same chart gives
the same SVG. The pages embed the SVG, so nothing is drawn when a page is viewed.
"""

from __future__ import annotations

import html
import shutil
import textwrap
from collections.abc import Callable

import graphviz

from flowrules.errors import FlowrulesError
from flowrules.review.site.chart import Chart, Node
from flowrules.review.site.labels import SiteLabels

FONT = "DejaVu Sans"
#: Per kind of box: Graphviz shape, style, fill and border colour.
STYLES: dict[str, dict[str, str]] = {
    "start": {
        "shape": "oval",
        "style": "filled",
        "fillcolor": "#dbe4f0",
        "color": "#34507a",
    },
    "question": {
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "#fff4cc",
        "color": "#8a6d00",
    },
    "straksafklaring": {
        "shape": "box",
        "style": "filled",
        "fillcolor": "#d8efd8",
        "color": "#2e6b2e",
    },
    "henvisning": {
        "shape": "note",
        "style": "filled",
        "fillcolor": "#d9ebfa",
        "color": "#1f5f99",
    },
    "omstilling": {
        "shape": "box",
        "style": "filled,bold",
        "fillcolor": "#fde1c4",
        "color": "#a35200",
    },
    "graenseflade": {
        "shape": "hexagon",
        "style": "filled",
        "fillcolor": "#eadcf5",
        "color": "#5e3a87",
    },
    "videre": {
        "shape": "cds",
        "style": "filled",
        "fillcolor": "#e4e4e4",
        "color": "#444444",
    },
    "fallback": {
        "shape": "box",
        "style": "filled,dashed",
        "fillcolor": "#eeeeee",
        "color": "#555555",
        "peripheries": "2",
    },
}
_WIDTH = 30


class GraphvizMissingError(FlowrulesError):
    """Graphviz's ``dot`` program is not installed, so no flowchart can be drawn."""


def _lines(text: str, width: int = _WIDTH) -> str:
    return "<br/>".join(
        html.escape(line) for line in textwrap.wrap(text, width) or [""]
    )


def _label(node: Node, labels: SiteLabels) -> str:
    if node.kind in ("start", "question"):
        return f"<{_lines(node.label)}>"
    head = f"<b>{html.escape(labels.kinds[node.kind])}</b>"
    detail = f"<br/><i>{_lines(node.detail)}</i>" if node.detail else ""
    return f"<{head}{detail}<br/>{_lines(node.label, 34)}>"


def chart_source(chart: Chart, labels: SiteLabels, link: Callable[[str], str]) -> str:
    """Return the chart as Graphviz DOT source; ``link(rule_id)`` gives an outcome's URL."""
    dot = graphviz.Digraph(name=f"{chart.pack}_{chart.call_type}")
    dot.attr("graph", rankdir="TB", fontname=FONT, nodesep="0.25", ranksep="0.35")
    dot.attr("node", fontname=FONT, fontsize="11", margin="0.12,0.06")
    dot.attr("edge", fontname=FONT, fontsize="10", color="#555555")
    for node in chart.nodes:
        attrs = dict(STYLES[node.kind])
        if node.rule is not None:
            attrs["URL"] = link(node.rule)
            attrs["tooltip"] = node.rule
            attrs["target"] = "_top"
        dot.node(node.id, _label(node, labels), **attrs)
    for edge in chart.edges:
        text = f"<{_lines(edge.label, 24)}>" if edge.label else ""
        dot.edge(edge.source, edge.target, label=text)
    return str(dot.source)


def render_svg(chart: Chart, labels: SiteLabels, link: Callable[[str], str]) -> str:
    """Lay the chart out with ``dot`` and return the ``<svg>`` element to embed.

    Raises:
        GraphvizMissingError: If the ``dot`` program is not installed.
    """
    if shutil.which("dot") is None:
        msg = (
            "Graphviz' program 'dot' findes ikke, så flowdiagrammerne kan ikke tegnes; "
            "installér det (Debian: apt-get install graphviz)"
        )
        raise GraphvizMissingError(msg)
    source = chart_source(chart, labels, link)
    svg = str(graphviz.Source(source).pipe(format="svg", encoding="utf-8"))
    return svg[svg.index("<svg") :]
