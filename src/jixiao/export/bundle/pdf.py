"""The department bundle as one PDF: contents page, summary, then every form.

Each form's title becomes a PDF outline entry (bookmark) and a linked line of
the contents page with the page it starts on. reportlab's ``multiBuild`` finds
those page numbers by laying the whole document out twice, which halved the
speed of a database export; here they are predicted instead: the contents and
summary are laid out alone (a few pages), and each form already knows how many
pages it cuts itself into. The document is then built once, and only if a form
landed elsewhere than predicted (a row taller than a page) a second time with
the pages it really started on.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

from jixiao.export.bundle.summary import (
    SUMMARY_HEADS,
    Progress,
    bundle_title,
    cell_text,
    totals_row,
)
from jixiao.export.layouts import form_of, printable
from jixiao.export.pdf import Texts, form_flowables, page_setup, paragraph_style, register_font
from jixiao.model.project import TargetTable

_MARK = "_jixiao_toc"


class _BundleDoc(SimpleDocTemplate):  # type: ignore[misc]  # reportlab is untyped
    """Records the page each marked flowable (a contents entry) lands on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.landed: dict[str, int] = {}

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's hook name
        mark = getattr(flowable, _MARK, None)
        if mark is None:
            return
        key, entry = mark
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(entry, key, level=0)
        self.landed[key] = self.page


def _short(text: str, limit: int = 160) -> str:
    # A contents or summary line must fit on a page (reportlab cannot break a table
    # row); the form itself prints the whole name, so an overview may shorten it.
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _summary(cells: list[list[object]]) -> Table:
    small = paragraph_style(7.5)
    rows: list[list[object]] = [list(SUMMARY_HEADS), *cells, totals_row(cells)]
    data = [[Paragraph(escape(_short(cell_text(v))), small) for v in row] for row in rows]
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


def _contents(title: str, entries: list[tuple[str, str]], pages: dict[str, int]) -> list[Flowable]:
    line = paragraph_style(10)
    number = paragraph_style(10, TA_RIGHT)
    # Links only once the pages are known: a link to a bookmark the document does
    # not have yet stops reportlab from saving the measuring pass.
    rows = [
        [
            Paragraph(f'<a href="#{key}">{escape(entry)}</a>' if pages else escape(entry), line),
            Paragraph(str(pages.get(key, "")), number),
        ]
        for key, entry in entries
    ]
    width = A4[0] - 30 * mm
    table = Table(rows, colWidths=[width - 20 * mm, 20 * mm], repeatRows=0)
    table.setStyle([("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.grey)])
    return [
        Paragraph(escape(title), paragraph_style(18, TA_CENTER)),
        Spacer(1, 6 * mm),
        Paragraph("目录", paragraph_style(14, TA_CENTER)),
        Spacer(1, 3 * mm),
        table,
    ]


def _marked(flowable: Flowable, key: str, entry: str) -> Flowable:
    setattr(flowable, _MARK, (key, entry))
    return flowable


def _front(cells: list[list[object]]) -> list[Flowable]:
    """The summary part that follows the contents: its heading and table."""
    heading = _marked(Paragraph("汇总表", paragraph_style(16, TA_CENTER)), "summary", "汇总表")
    return [heading, Spacer(1, 4 * mm), _summary(cells)]


def _front_pages(
    title: str, entries: list[tuple[str, str]], cells: list[list[object]]
) -> tuple[dict[str, int], int]:
    """Given the contents entries and summary, return where 汇总表 lands and their page count."""
    doc = _BundleDoc(io.BytesIO(), **page_setup(title))
    doc._doSave = 0  # noqa: SLF001 - what multiBuild sets on its measuring passes: no output
    doc.build([*_contents(title, entries, {}), PageBreak(), *_front(cells)])
    return doc.landed, int(doc.page)


def bundle_pdf(
    tables: Sequence[TargetTable], path: Path, cells: list[list[object]], progress: Progress
) -> None:
    """Given tables and their summary rows, write one PDF: contents, summary, forms."""
    register_font()
    title = bundle_title(tables)
    entries = [("summary", "汇总表")]
    forms: list[Flowable] = []
    texts: Texts = {}  # the forms share paragraphs of equal text (产出指标, 个…)
    starts: list[int] = []  # each form's first page, counted from the first form
    for n, table in enumerate(tables, 1):
        flowables = form_flowables(form_of(table), texts)
        key = f"t{n}"
        entries.append((key, _short(printable(f"{n}. {table.title}"))))
        _marked(flowables[0], key, entries[-1][1])
        starts.append(1 + sum(isinstance(f, PageBreak) for f in forms) + (1 if forms else 0))
        forms += [PageBreak(), *flowables] if forms else flowables
        progress(1)
    # Measured once without the forms: the page of 汇总表 and where the first form starts.
    pages, front = _front_pages(title, entries, cells)
    pages.update({f"t{n}": front + s for n, s in enumerate(starts, 1)})
    for _ in range(2):  # a second pass only when a form did not land where predicted
        story = [*_contents(title, entries, pages), PageBreak(), *_front(cells)]
        doc = _BundleDoc(str(path), **page_setup(title))
        doc.build([*story, PageBreak(), *forms] if forms else story)
        if doc.landed == pages:
            return
        pages = doc.landed
