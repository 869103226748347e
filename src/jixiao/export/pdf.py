"""PDF (reportlab) with an embedded CJK font: one page (or more) per table.

The font is WenQuanYi Micro Hei from Debian's fonts-wqy-microhei (Apache-2.0 or
GPL-3+ with the font embedding exception, see docs/fonts.md); it is embedded as
a subset so the PDF looks the same everywhere and its text stays selectable.

Speed (a 50,000-table export): a document makes one paragraph per distinct cell
text and lays it out once per width, plain text skips reportlab's markup parser,
and a form that fits one page is measured and drawn as the same table.
"""

from __future__ import annotations

import math
import re
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
from jixiao.export.form_split import split_row
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
    texts: Texts = {}
    for i, table in enumerate(tables):
        if i:
            story.append(PageBreak())
        story += form_flowables(form_of(table), texts)
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


@cache
def paragraph_style(size: float, align: int = TA_LEFT) -> ParagraphStyle:
    """Given a font size and an alignment, return the CJK paragraph style of every jixiao PDF."""
    # One style object per (size, alignment) for the whole process: styles are
    # read-only once made, and making one per box was a measurable cost.
    return ParagraphStyle(
        f"s{size}{align}",
        fontName=FONT_NAME,
        fontSize=size,
        leading=size * 1.35,
        alignment=align,
        wordWrap="CJK",
    )


# Text the parser hands back unchanged as one fragment: no markup characters and
# no whitespace but single inner spaces (the parser collapses and strips reportlab's
# whitespace set, and an entity such as &amp; starts a fragment of its own).
_PLAIN = re.compile(r"[^&<>\s\u200b]+(?: [^&<>\s\u200b]+)*")


@cache
def _plain_frag(style: ParagraphStyle) -> Any:
    return Paragraph("x", style).frags[0]


class _Text(Paragraph):  # type: ignore[misc]  # reportlab is untyped
    """A paragraph that keeps its line breaks per width, so one object fills many cells.

    A form repeats the same few texts (产出指标, 数量指标, ≥, 个…) in many cells, and
    reportlab wraps each cell's paragraph again whenever a table is measured or
    drawn; ``Table._drawCell`` wraps a cell right before drawing it, so a shared
    paragraph is always laid out for the cell it is drawn in.
    """

    width: float
    height: float
    blPara: Any
    _wrapWidths: list[float]

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        if _PLAIN.fullmatch(text):  # most cells: skip reportlab's markup parser
            super().__init__(text, style, frags=[_plain_frag(style).clone(text=text)])
        else:
            super().__init__(escape(text).replace("\n", "<br/>"), style)
        self._laid: dict[float, tuple[float, float, Any, Any]] = {}

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        laid = self._laid.get(availWidth)
        if laid is None:
            size: tuple[float, float] = super().wrap(availWidth, availHeight)
            if getattr(self, "width", None) != availWidth:
                return size  # too narrow: reportlab answered without laying the text out
            laid = self._laid[availWidth] = (self.width, self.height, self.blPara, self._wrapWidths)
        # What Paragraph.wrap leaves on the paragraph for drawPara to use.
        self.width, self.height, self.blPara, self._wrapWidths = laid
        return laid[0], laid[1]


class _Grid(Table):  # type: ignore[misc]  # reportlab is untyped
    """A table with fixed column widths, laid out once for measuring and drawing.

    Its size does not depend on the frame's width, and a layout that fitted a
    height fits any taller one, so the frame's wrap can reuse it; reportlab
    would measure every cell again.
    """

    _laid: tuple[float, float] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._laid is not None and self._laid[1] <= availHeight:
            self.availWidth = availWidth
            return self._laid
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        # A table taller than the room is measured only down to the room (reportlab's
        # long table shortcut): such a size must not be reused.
        self._laid = size if size[1] <= availHeight else None
        return size


Texts = dict[tuple[str, float, int], _Text]


def _para(text: str, size: float, align: int, texts: Texts | None = None) -> Paragraph:
    key = (text, size, align)
    para = texts.get(key) if texts is not None else None
    if para is None:
        para = _Text(text, paragraph_style(size, align))
        if texts is not None:
            texts[key] = para
    return para


def form_flowables(form: Form, texts: Texts | None = None) -> list[Flowable]:
    """Given a form, return its title lines and ruled table, cut into pages.

    reportlab cannot split a table inside a row span, and the 绩效指标 label spans
    the whole indicator block; so the rows are measured first and each page gets
    its own table, with spans cut at the page break and the indicator header row
    printed again at the top of every following page. Pass one ``texts`` dict
    for all the forms of a document to share paragraphs between them.
    """
    texts = {} if texts is None else texts
    widths = [_TEXT_WIDTH * w / sum(form.widths) for w in form.widths]
    # The title lines are never shared: the bundle marks the first one as its
    # contents entry (by attribute and by id).
    heads: list[Flowable] = [
        _para(form.title, 18, TA_CENTER),
        Spacer(1, 2 * mm),
        _para(form.subtitle, 11, TA_CENTER),
        Spacer(1, 3 * mm),
    ]
    used = sum(f.wrap(_TEXT_WIDTH, _FRAME_HEIGHT)[1] for f in heads)
    form, full, heights = _fitted(form, widths, texts)
    pages = page_rows(heights, form.repeat_from, _FRAME_HEIGHT - used - _SLACK)
    if len(pages) == 1:  # most forms fit one page: the measured table is that page
        return [*heads, full]
    story = heads
    for i, rows in enumerate(pages):
        if i:
            story.append(PageBreak())
        story.append(_grid(form, clip(form, rows), rows, widths, texts))
    return story


def _measure(form: Form, widths: list[float], texts: Texts) -> tuple[Table, list[float]]:
    full = _grid(form, form.boxes, list(range(form.nrows)), widths, texts)
    full.wrap(_TEXT_WIDTH, 10**6)
    return full, list(full._rowHeights)


def _fitted(form: Form, widths: list[float], texts: Texts) -> tuple[Form, Table, list[float]]:
    """Given a form, return it (rows taller than a page cut up), its table and row heights."""
    full, heights = _measure(form, widths, texts)
    for _ in range(3):  # a cut piece may still be too tall when a line is very long
        room = _FRAME_HEIGHT - _SLACK - heights[form.repeat_from] - 2 * _SLACK
        tall = [r for r, h in enumerate(heights) if h > room]
        if not tall:
            break
        for r in reversed(tall):  # bottom up: cutting a row moves the rows below it
            col, height = _tallest_box(form, r, widths, texts)
            form = split_row(form, r, col, math.ceil(height / (room * 0.8)))
        full, heights = _measure(form, widths, texts)
    return form, full, heights


def _tallest_box(form: Form, row: int, widths: list[float], texts: Texts) -> tuple[int, float]:
    best = (-1, 0.0)
    for box in form.boxes:
        if box.row == row and box.rowspan == 1:
            width = sum(widths[box.col : box.col + box.colspan]) - 12  # cell padding
            para = _para(box.text, 9, _ALIGN.get(box.role, TA_LEFT), texts)
            height = para.wrap(width, 10**6)[1]
            best = max(best, (box.col, height), key=lambda b: b[1])
    return best


def page_rows(heights: Sequence[float], header: int, first: float) -> list[list[int]]:
    """Given row heights, the repeated header row and page 1's room, return rows per page.

    A page ends before the row that no longer fits; below the indicator header the
    next page starts with the header again. Above it (a long goals text cut into
    rows) the next page just continues.
    """
    pages: list[list[int]] = [[]]
    room = first
    for r, h in enumerate(heights):
        repeat = r > header
        started = len(pages[-1]) > 1 if repeat else len(pages[-1]) > 0
        if h > room and started:
            pages.append([header] if repeat else [])
            room = _FRAME_HEIGHT - _SLACK - (heights[header] if repeat else 0)
        pages[-1].append(r)
        room -= h
    return pages


def _grid(
    form: Form, boxes: Sequence[Box], rows: Sequence[int], widths: list[float], texts: Texts
) -> Table:
    data: list[list[object]] = [["" for _ in range(form.ncols)] for _ in rows]
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for box in boxes:
        data[box.row][box.col] = _para(box.text, 9, _ALIGN.get(box.role, TA_LEFT), texts)
        if box.rowspan > 1 or box.colspan > 1:
            end = (box.col + box.colspan - 1, box.row + box.rowspan - 1)
            commands.append(("SPAN", (box.col, box.row), end))
        if box.role == "head":
            commands.append(("BACKGROUND", (box.col, box.row), (box.col, box.row), _HEAD_FILL))
    return _Grid(data, colWidths=widths, style=commands)
