"""The department bundle as one PDF: contents page, summary, then every form.

Page numbers in the contents need two layout passes (reportlab ``multiBuild``);
each form's title also becomes a PDF outline entry (bookmark) so a reader can
jump between projects.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus.tableofcontents import TableOfContents

from jixiao.export.bundle import SUMMARY_HEADS, Progress, bundle_title, cell_text, totals_row
from jixiao.export.layouts import form_of
from jixiao.export.pdf import FONT_NAME, Texts, form_flowables, page_setup, register_font
from jixiao.model.project import TargetTable

_MARK = "_jixiao_toc"


class _BundleDoc(SimpleDocTemplate):  # type: ignore[misc]  # reportlab is untyped
    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's hook name
        entry = getattr(flowable, _MARK, None)
        if entry is None:
            return
        key = f"t{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(entry, key, level=0)
        self.notify("TOCEntry", (0, entry, self.page, key))


def _style(size: float, align: int = 0) -> ParagraphStyle:
    return ParagraphStyle(
        f"b{size}{align}",
        fontName=FONT_NAME,
        fontSize=size,
        leading=size * 1.35,
        alignment=align,
        wordWrap="CJK",
    )


def _summary(cells: list[list[object]]) -> Table:
    small = _style(7.5)
    rows: list[list[object]] = [list(SUMMARY_HEADS), *cells, totals_row(cells)]
    data = [[Paragraph(cell_text(v), small) for v in row] for row in rows]
    widths = [w * mm for w in (9, 40, 30, 16, 18, 18, 9, 8, 8, 11, 10, 9, 9)]
    scale = (A4[0] - 30 * mm) / sum(widths)
    return Table(
        data,
        colWidths=[w * scale for w in widths],
        repeatRows=1,
        style=[
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f2f2")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ],
    )


def _contents(title: str) -> list[Flowable]:
    toc = TableOfContents()
    toc.levelStyles = [
        ParagraphStyle("toc0", fontName=FONT_NAME, fontSize=10, leading=15, wordWrap="CJK")
    ]
    toc.dotsMinLevel = 0
    return [
        Paragraph(title, _style(18, TA_CENTER)),
        Spacer(1, 6 * mm),
        Paragraph("目录", _style(14, TA_CENTER)),
        Spacer(1, 3 * mm),
        toc,
    ]


def bundle_pdf(
    tables: Sequence[TargetTable], path: Path, cells: list[list[object]], progress: Progress
) -> None:
    """Given tables and their summary rows, write one PDF: contents, summary, forms."""
    register_font()
    title = bundle_title(tables)
    story: list[Flowable] = [*_contents(title), PageBreak()]
    heading = Paragraph("汇总表", _style(16, TA_CENTER))
    setattr(heading, _MARK, "汇总表")
    story += [heading, Spacer(1, 4 * mm), _summary(cells)]
    texts: Texts = {}  # the forms share paragraphs of equal text (产出指标, 个…)
    for n, table in enumerate(tables, 1):
        flowables = form_flowables(form_of(table), texts)
        setattr(flowables[0], _MARK, f"{n}. {table.title}")
        story += [PageBreak(), *flowables]
        progress(1)
    doc = _BundleDoc(str(path), **page_setup(title))
    doc.multiBuild(story)
