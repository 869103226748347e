"""Bar charts as data, drawn as inline SVG: no script, labels escaped like any text.

One model (:class:`Chart`) for every place that draws a chart: the web dashboard
(``web/templates/_chart.html``, through ``jixiao.web.charts``), the analysis report's
HTML (:func:`svg`) and its PDF (``report/analysis_pdf.py`` draws the same bars).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

BAR_HEIGHT = 22
LABEL_WIDTH = 230
PLOT_WIDTH = 420


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label, value text, length in pixels and vertical position."""

    label: str
    value: str
    length: int
    y: int
    #: Shown on hover: the whole label, and what stands behind it (a rule's code).
    hint: str = ""


@dataclass(frozen=True, slots=True)
class Chart:
    """A horizontal bar chart ready for the ``_chart.html`` template or :func:`svg`."""

    bars: tuple[Bar, ...]
    height: int
    label_width: int = LABEL_WIDTH
    width: int = LABEL_WIDTH + PLOT_WIDTH + 90


def bar_chart(
    items: Sequence[tuple[str, int | Decimal]], unit: str, hints: Sequence[str] | None = None
) -> Chart:
    """Given (label, amount) pairs, the unit and optional hover texts, return the chart's bars."""
    top = max((Decimal(v) for _, v in items), default=Decimal(0))
    bars = []
    for i, (label, value) in enumerate(items):
        share = Decimal(value) / top if top > 0 else Decimal(0)
        text = label if len(label) <= 18 else label[:17] + "…"
        hint = label if hints is None else f"{label}({hints[i]})"
        y = i * (BAR_HEIGHT + 6)
        bars.append(Bar(text, f"{value}{unit}", int(share * PLOT_WIDTH), y, hint))
    return Chart(tuple(bars), max(len(bars), 1) * (BAR_HEIGHT + 6))


def svg(chart: Chart, title: str = "") -> str:
    """Given a chart and its accessible title, return it as a standalone inline SVG element.

    Every label goes through :func:`html.escape`: labels are project, department and
    rule names, and a published cell may hold anything, ``<script>`` included.
    """
    if not chart.bars:
        return '<p class="empty">暂无数据</p>'
    e = escape
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {chart.width} '
        f'{chart.height}" width="100%" role="img" aria-label="{e(title)}">'
    ]
    for bar in chart.bars:
        x = chart.label_width
        parts.append(
            f"<g><title>{e(bar.hint)}</title>"
            f'<text x="{x - 6}" y="{bar.y + 15}" text-anchor="end" font-size="13">{e(bar.label)}</text>'
            f'<rect x="{x}" y="{bar.y}" width="{max(bar.length, 1)}" height="{BAR_HEIGHT}" rx="3" '
            f'fill="#3b6ea5"></rect>'
            f'<text x="{x + bar.length + 6}" y="{bar.y + 15}" font-size="13">{e(bar.value)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
