"""Word documents: one section per table, merged cells, A4 portrait.

python-docx keeps the package, the styles and the sections; each form's title
lines and ruled table are written as one WordprocessingML string and parsed
once. Building the table cell by cell through python-docx (``_Cell.merge``,
``cell.text``, run fonts) managed ~25 tables/s, too slow to export a whole
database of 50,000 tables; the XML below is what those calls produced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import deepcopy
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from jixiao.export.form import Box, Form
from jixiao.export.layouts import form_of
from jixiao.model.project import TargetTable

Element = Any  # lxml element of the WordprocessingML tree (python-docx ships no stubs)

FONT_NAME = "宋体"
_TEXT_WIDTH_MM = 180
_CENTERED = frozenset({"label", "head", "money", "percent"})
# python-docx's run text rules: a tab is <w:tab/>, each CR or LF a <w:br/>; our
# docx reader turns <w:br/> back into the newline the box had.
_BREAKS = re.compile(r"([\t\r\n])")
_TBL_PR = (
    '<w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:type="auto" w:w="0"/>'
    '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0"'
    ' w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
)
# Keep a row on one page: a 三级指标 cut in half across pages is hard to read.
_TR_OPEN = "<w:tr><w:trPr><w:cantSplit/></w:trPr>"


def write_docx(tables: Sequence[TargetTable], path: Path) -> None:
    """Given tables and a path, write one Word document with one section per table."""
    doc = Document()
    _set_font(doc)
    _a4(doc.sections[0])
    style_id = doc.styles["Table Grid"].style_id
    sentinel = doc.element.body.get_or_add_sectPr()
    # Every section is the A4 one; a break is the last section's sectPr copied
    # into a paragraph, as python-docx's add_section does (rsid attributes dropped).
    brk = parse_xml(f"<w:p {nsdecls('w')}><w:pPr/></w:p>")
    brk[0].append(sentinel.clone())
    for i, table in enumerate(tables):
        if i:
            sentinel.addprevious(deepcopy(brk))
        for el in list(form_elements(form_of(table), style_id)):
            sentinel.addprevious(el)
    doc.save(str(path))


def form_elements(form: Form, style_id: str = "TableGrid") -> Element:
    """Given a form, return a wrapper element holding its title paragraphs and table."""
    parts = [
        _para("center", form.title, "<w:b/>", 32),
        _para("center", form.subtitle, '<w:b w:val="0"/>', 22),
        _table_xml(form, style_id),
    ]
    return parse_xml(f"<w:body {nsdecls('w')}>{''.join(parts)}</w:body>")


def _table_xml(form: Form, style_id: str) -> str:
    total = sum(form.widths)
    widths = [Mm(_TEXT_WIDTH_MM * w / total).twips for w in form.widths]
    out = [f"<w:tbl>{_TBL_PR.format(style=style_id)}<w:tblGrid>"]
    out.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out.append("</w:tblGrid>")
    owner = _owners(form)
    for r, row in enumerate(owner):
        out.append(_TR_OPEN)
        c = 0
        while c < form.ncols:
            box = row[c]
            if box is None:  # no box here: python-docx's plain empty cell
                out.append(_tc(widths[c], "", "<w:p/>"))
                c += 1
                continue
            width = sum(widths[c : c + box.colspan])
            span = f'<w:gridSpan w:val="{box.colspan}"/>' if box.colspan > 1 else ""
            if box.row < r:  # covered by the rowspan of the box above
                out.append(_tc(width, span + "<w:vMerge/>", "<w:p/>"))
            else:
                out.append(
                    _tc(width, span + _restart(box) + '<w:vAlign w:val="center"/>', _cell_p(box))
                )
            c += box.colspan
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _owners(form: Form) -> list[list[Box | None]]:
    """Given a form, return for each grid position the box that covers it (or None)."""
    grid: list[list[Box | None]] = [[None] * form.ncols for _ in range(form.nrows)]
    for box in form.boxes:
        for r in range(box.row, box.row + box.rowspan):
            for c in range(box.col, min(box.col + box.colspan, form.ncols)):
                grid[r][c] = box
    return grid


def _restart(box: Box) -> str:
    return '<w:vMerge w:val="restart"/>' if box.rowspan > 1 else ""


def _tc(width: int, props: str, content: str) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{props}</w:tcPr>{content}</w:tc>'


def _cell_p(box: Box) -> str:
    bold = "<w:b/>" if box.role == "head" else '<w:b w:val="0"/>'
    return _para("center" if box.role in _CENTERED else "left", box.text, bold, 20)


def _para(jc: str, text: str, bold: str, half_points: int) -> str:
    run = f'<w:r><w:rPr>{bold}<w:sz w:val="{half_points}"/></w:rPr>{_run_content(text)}</w:r>'
    return f'<w:p><w:pPr><w:jc w:val="{jc}"/></w:pPr>{run}</w:p>'


def _run_content(text: str) -> str:
    out: list[str] = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            # Word drops leading/trailing spaces unless told to keep them.
            keep = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{keep}>{escape(piece)}</w:t>")
    return "".join(out)


def _a4(section: Any) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(20)


def _set_font(doc: Any) -> None:
    # East-Asian text takes its font from w:eastAsia, not from the Latin font name.
    style = doc.styles["Normal"]
    style.font.name = FONT_NAME
    style.font.size = Pt(10)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT_NAME)
