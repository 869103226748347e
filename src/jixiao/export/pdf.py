"""PDF (reportlab) with an embedded CJK font: one page (or more) per table.

The font is WenQuanYi Micro Hei from Debian's fonts-wqy-microhei (Apache-2.0 or
GPL-3+ with the font embedding exception, see docs/fonts.md); it is embedded as
a subset so the PDF looks the same everywhere and its text stays selectable.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

from jixiao.export.errors import ExportError
from jixiao.export.form import Box, Form, clip
from jixiao.export.layouts import form_of
from jixiao.model.project import TargetTable

FONT_NAME = "WenQuanYiMicroHei"
FONT_PATHS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
)
_TEXT_WIDTH = A4[0] - 30 * mm
_FRAME_HEIGHT = A4[1] - 30 * mm - 12  # SimpleDocTemplate's frame has 6pt padding each side
_SLACK = 4.0
_HEAD_FILL = colors.HexColor("#f2f2f2")
_ALIGN = {"label": TA_CENTER, "head": TA_CENTER, "money": TA_CENTER, "percent": TA_CENTER}


@cache
def register_font() -> str:
    """Register the CJK font once and return its name; raise if it is not installed."""
    for path in FONT_PATHS:
        if path.exists():
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
            return FONT_NAME
    raise ExportError("未找到中文字体 wqy-microhei.ttc;请安装 Debian 软件包 fonts-wqy-microhei")


def write_pdf(
    tables: Sequence[TargetTable], path: Path, *, title: str = "项目支出绩效目标表"
) -> None:
    """Given tables and a path, write one PDF with each table starting on a new page."""
    register_font()
    story: list[Flowable] = []
    for i, table in enumerate(tables):
        if i:
            story.append(PageBreak())
        story += form_flowables(form_of(table))
    doc = SimpleDocTemplate(str(path), **page_setup(title))
    doc.build(story or [Spacer(1, 1)])


def page_setup(title: str) -> dict[str, Any]:
    """Given a document title, return the A4 page setup every jixiao PDF shares."""
    return {
        "pagesize": A4,
        "leftMargin": 15 * mm,
        "rightMargin": 15 * mm,
        "topMargin": 15 * mm,
        "bottomMargin": 15 * mm,
        "title": title,
        "author": "jixiao",
        "lang": "zh-CN",
        "initialFontName": FONT_NAME,
    }


def _style(size: float, align: int, bold: bool = False) -> ParagraphStyle:
    return ParagraphStyle(
        f"s{size}{align}{bold}",
        fontName=FONT_NAME,
        fontSize=size,
        leading=size * 1.35,
        alignment=align,
        wordWrap="CJK",
    )


def _para(text: str, size: float, align: int) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), _style(size, align))


def form_flowables(form: Form) -> list[Flowable]:
    """Given a form, return its title lines and ruled table, cut into pages.

    reportlab cannot split a table inside a row span, and the 绩效指标 label spans
    the whole indicator block; so the rows are measured first and each page gets
    its own table, with spans cut at the page break and the indicator header row
    printed again at the top of every following page.
    """
    widths = [_TEXT_WIDTH * w / sum(form.widths) for w in form.widths]
    heads: list[Flowable] = [
        _para(form.title, 18, TA_CENTER),
        Spacer(1, 2 * mm),
        _para(form.subtitle, 11, TA_CENTER),
        Spacer(1, 3 * mm),
    ]
    used = sum(f.wrap(_TEXT_WIDTH, _FRAME_HEIGHT)[1] for f in heads)
    full = _grid(form, form.boxes, list(range(form.nrows)), widths)
    full.wrap(_TEXT_WIDTH, 10**6)
    heights = list(full._rowHeights)
    story = heads
    for i, rows in enumerate(page_rows(heights, form.repeat_from, _FRAME_HEIGHT - used - _SLACK)):
        if i:
            story.append(PageBreak())
        story.append(_grid(form, clip(form, rows), rows, widths))
    return story


def page_rows(heights: Sequence[float], header: int, first: float) -> list[list[int]]:
    """Given row heights, the repeated header row and page 1's room, return rows per page."""
    pages: list[list[int]] = [[]]
    room = first
    for r, h in enumerate(heights):
        if h > room and r > header and len(pages[-1]) > 1:
            pages.append([header])
            room = _FRAME_HEIGHT - _SLACK - heights[header]
        pages[-1].append(r)
        room -= h
    return pages


def _grid(form: Form, boxes: Sequence[Box], rows: Sequence[int], widths: list[float]) -> Table:
    data: list[list[object]] = [["" for _ in range(form.ncols)] for _ in rows]
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for box in boxes:
        data[box.row][box.col] = _para(box.text, 9, _ALIGN.get(box.role, TA_LEFT))
        if box.rowspan > 1 or box.colspan > 1:
            end = (box.col + box.colspan - 1, box.row + box.rowspan - 1)
            commands.append(("SPAN", (box.col, box.row), end))
        if box.role == "head":
            commands.append(("BACKGROUND", (box.col, box.row), (box.col, box.row), _HEAD_FILL))
    return Table(data, colWidths=widths, style=commands)
