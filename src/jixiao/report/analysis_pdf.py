"""The analysis report as an A4 PDF: the same parts as the HTML, through the PDF stack of
every jixiao PDF (reportlab, the embedded WenQuanYi Micro Hei font, docs/fonts.md).

Charts are drawn as vector graphics from the same :class:`jixiao.report.charts.Chart`
the HTML turns into SVG, so the PDF's text (labels included) stays selectable.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from jixiao.export.layouts import printable
from jixiao.export.pdf import FONT_NAME, page_setup, paragraph_style, register_font
from jixiao.report.analysis import Analysis, Cell, Section, charts, sections
from jixiao.report.charts import BAR_HEIGHT, Chart

_WIDTH = 180 * mm  # A4 less the 15 mm margins
_BLUE = colors.HexColor("#3b6ea5")
_HEAD = colors.HexColor("#eef3f9")
_GREY = colors.HexColor("#555555")


def _text(value: str) -> str:
    return escape(printable(value)).replace("\n", "<br/>")


def _cell(cell: Cell, right: bool) -> Paragraph:
    style = paragraph_style(8.5, TA_RIGHT if right else 0)
    if isinstance(cell, str):
        return Paragraph(_text(cell), style)
    name, code = cell
    return Paragraph(f'{_text(name)} <font size="7" color="#666666">{_text(code)}</font>', style)


def chart_drawing(chart: Chart, width: float = _WIDTH) -> Drawing:
    """Given a chart, return it as a reportlab drawing scaled to ``width`` points."""
    scale = width / chart.width
    drawing = Drawing(width, chart.height * scale)
    top = chart.height
    size = 9.5
    for bar in chart.bars:
        y = (top - bar.y - BAR_HEIGHT) * scale
        x = chart.label_width * scale
        h = BAR_HEIGHT * scale
        drawing.add(
            String(
                x - 4,
                y + h / 2 - size / 3,
                printable(bar.label),
                fontName=FONT_NAME,
                fontSize=size,
                textAnchor="end",
            )
        )
        drawing.add(Rect(x, y, max(bar.length, 1) * scale, h, fillColor=_BLUE, strokeColor=None))
        drawing.add(
            String(
                x + bar.length * scale + 4,
                y + h / 2 - size / 3,
                printable(bar.value),
                fontName=FONT_NAME,
                fontSize=size,
            )
        )
    return drawing


def _table(section: Section) -> Table:
    head = [_cell(h, i in section.numeric) for i, h in enumerate(section.head)]
    body = [
        [_cell(c, i in section.numeric) for i, c in enumerate(row)] for row in section.rows
    ] or [[Paragraph(_text(section.empty), paragraph_style(8.5))] + [""] * (len(head) - 1)]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#bbbbbb")),
        ("BACKGROUND", (0, 0), (-1, 0), _HEAD),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if not section.rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    # Text columns get the room: a department or project name, a list of indicators.
    weights = [1.5 if i in section.numeric else 2.5 for i in range(len(head))]
    widths = [_WIDTH * w / sum(weights) for w in weights]
    return Table([head, *body], colWidths=widths, repeatRows=1, style=TableStyle(style))


def _section(section: Section, drawn: dict[str, Chart]) -> list[Flowable]:
    parts: list[Flowable] = [
        Spacer(1, 5 * mm),
        Paragraph(_text(section.title), paragraph_style(13)),
        Spacer(1, 2 * mm),
    ]
    if section.text:
        parts.append(Paragraph(_text(section.text), paragraph_style(10)))
    if section.note:
        note = paragraph_style(8.5)
        parts.append(Paragraph(f'<font color="#555555">{_text(section.note)}</font>', note))
    if section.chart:
        chart = drawn[section.chart]
        if chart.bars:
            parts.append(chart_drawing(chart))
        elif not section.head:
            parts.append(Paragraph("暂无数据", paragraph_style(9)))
    if section.head:
        parts.append(Spacer(1, 2 * mm))
        parts.append(_table(section))
    if section.keep:
        return [KeepTogether(parts)]
    # The heading stays with what follows it.
    return [KeepTogether(parts[:4]), *parts[4:]]


def write_pdf(a: Analysis, path: Path) -> None:
    """Given the analysis and a path, write the report as an A4 PDF."""
    register_font()
    drawn = charts(a)
    story: list[Flowable] = [
        Paragraph(_text(f"{a.year} 年度预算绩效分析报告"), paragraph_style(18)),
        Spacer(1, 2 * mm),
        Paragraph(
            f'<font color="#555555">{_text(f"范围: {a.subject} · 对比年度: {a.previous} · 生成日期: {a.generated} · 口径: 各表的现行版本。")}</font>',
            paragraph_style(9),
        ),
    ]
    named = {
        name: getattr(drawn, name) for name in ("grades", "problems", "quantification", "execution")
    }
    for section in sections(a):
        story += _section(section, named)
    doc = SimpleDocTemplate(str(path), **page_setup(f"{a.year} 年度预算绩效分析报告 · {a.subject}"))
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)


def _footer(canvas: object, doc: object) -> None:
    c = canvas  # reportlab's Canvas: untyped
    c.saveState()  # type: ignore[attr-defined]
    c.setFont(FONT_NAME, 8)  # type: ignore[attr-defined]
    c.setFillColor(_GREY)  # type: ignore[attr-defined]
    c.drawRightString(195 * mm, 8 * mm, f"第 {doc.page} 页")  # type: ignore[attr-defined]
    c.restoreState()  # type: ignore[attr-defined]
