"""Word documents (python-docx): one section per table, merged cells, A4 portrait."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell

from jixiao.export.form import Box, Form
from jixiao.export.layouts import form_of
from jixiao.model.project import TargetTable

FONT_NAME = "宋体"
_TEXT_WIDTH_MM = 180
_ALIGN = {
    "label": WD_ALIGN_PARAGRAPH.CENTER,
    "head": WD_ALIGN_PARAGRAPH.CENTER,
    "money": WD_ALIGN_PARAGRAPH.CENTER,
    "percent": WD_ALIGN_PARAGRAPH.CENTER,
}


def write_docx(tables: Sequence[TargetTable], path: Path) -> None:
    """Given tables and a path, write one Word document with one section per table."""
    doc = Document()
    _set_font(doc)
    for i, table in enumerate(tables):
        section = doc.sections[0] if i == 0 else doc.add_section(WD_SECTION.NEW_PAGE)
        _a4(section)
        add_form(doc, form_of(table))
    doc.save(str(path))


def add_form(doc: object, form: Form) -> None:
    """Given a document and a form, append the title lines and the ruled table."""
    for text, size, bold in ((form.title, 16, True), (form.subtitle, 11, False)):
        para = doc.add_paragraph()  # type: ignore[attr-defined]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(text)
        run.font.size, run.font.bold = Pt(size), bold
    table = doc.add_table(rows=form.nrows, cols=form.ncols)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # python-docx rebuilds the whole cell grid on every table.cell() call; take it
    # once. Boxes never overlap, so each box's corner cells survive earlier merges.
    cells = table._cells
    _widths(table, cells, form)
    for box in form.boxes:
        _draw(cells, form.ncols, box)
    for row in table.rows:
        _no_split(row._tr)


def _draw(cells: list[_Cell], ncols: int, box: Box) -> None:
    cell = cells[box.row * ncols + box.col]
    _fill(cell, box)
    if box.rowspan > 1 or box.colspan > 1:
        cell.merge(cells[(box.row + box.rowspan - 1) * ncols + box.col + box.colspan - 1])


def _fill(cell: _Cell, box: Box) -> None:
    cell.text = box.text
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for para in cell.paragraphs:
        para.alignment = _ALIGN.get(box.role, WD_ALIGN_PARAGRAPH.LEFT)
        for run in para.runs:
            run.font.size = Pt(10)
            run.font.bold = box.role == "head"


def _widths(table: Table, cells: list[_Cell], form: Form) -> None:
    table.autofit = False
    total = sum(form.widths)
    widths = [Mm(_TEXT_WIDTH_MM * w / total) for w in form.widths]
    for i, width in enumerate(widths):
        table.columns[i].width = width
    for k, cell in enumerate(cells):
        cell.width = widths[k % form.ncols]


def _no_split(tr: object) -> None:
    # Keep a row on one page: a 三级指标 cut in half across pages is hard to read.
    tr_pr = tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:cantSplit"))


def _a4(section: object) -> None:
    section.orientation = WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(210), Mm(297)  # type: ignore[attr-defined]
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(15))
    section.top_margin = section.bottom_margin = Mm(20)  # type: ignore[attr-defined]


def _set_font(doc: object) -> None:
    # East-Asian text takes its font from w:eastAsia, not from the Latin font name.
    style = doc.styles["Normal"]  # type: ignore[attr-defined]
    style.font.name = FONT_NAME
    style.font.size = Pt(10)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT_NAME)
