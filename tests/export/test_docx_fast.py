"""The Word writer's hand-built tables are what python-docx and our reader see as the form."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm
from export_helpers import example_tables
from export_synthetic import synthetic_batch

from jixiao.export import write
from jixiao.export.docx import form_elements, write_docx
from jixiao.export.form import Box, Form
from jixiao.export.layouts import form_of
from jixiao.ingest.docx import read_docx
from jixiao.model.project import TargetTable


def _mixed_tables() -> list[TargetTable]:
    return [
        *example_tables()[:2],
        *synthetic_batch(seed=5, count=1, kind="self_evaluation"),
        *synthetic_batch(seed=5, count=1, kind="monitoring"),
    ]


def _assert_same_grid(table: docx.table.Table, form: Form) -> None:
    """Every grid position covered by a box is that box's one cell, holding its text."""
    assert len(table.columns) == form.ncols and len(table.rows) == form.nrows
    seen: list[object] = []  # the elements themselves: lxml proxies' ids are reused
    for box in form.boxes:
        corner = table.cell(box.row, box.col)
        assert corner.text == box.text, (box, corner.text)
        # Word (unlike python-docx) needs the explicit restart to start a vertical merge.
        assert corner._tc.vMerge == ("restart" if box.rowspan > 1 else None), box
        assert all(tc is not corner._tc for tc in seen), box
        seen.append(corner._tc)
        for r in range(box.row, box.row + box.rowspan):
            for c in range(box.col, box.col + box.colspan):
                assert table.cell(r, c)._tc is corner._tc, (box, r, c)


def test_python_docx_sees_every_merge_of_the_form(tmp_path: Path) -> None:
    """Target, 自评表 and 监控表 tables: colspan/rowspan boxes are single merged cells."""
    tables = _mixed_tables()
    out = tmp_path / "mixed.docx"
    write_docx(tables, out)
    doc = docx.Document(str(out))
    assert len(doc.tables) == len(tables) == 4
    for table, model in zip(doc.tables, tables, strict=True):
        _assert_same_grid(table, form_of(model))


def test_two_sections_are_both_a4_portrait(tmp_path: Path) -> None:
    """A second table starts a new page in a section with the same A4 portrait setup."""
    out = tmp_path / "two.docx"
    write(example_tables()[:2], "docx", out)
    doc = docx.Document(str(out))
    assert len(doc.sections) == 2
    for section in doc.sections:
        assert section.orientation == WD_ORIENT.PORTRAIT
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert round(section.left_margin.mm) == round(section.right_margin.mm) == 15
        assert round(section.top_margin.mm) == round(section.bottom_margin.mm) == 20
    # The break sits right after the first table: title, subtitle, table, break.
    body = list(doc.element.body.iterchildren())
    assert [el.tag for el in body[:4]] == [qn("w:p"), qn("w:p"), qn("w:tbl"), qn("w:p")]
    assert body[3].find(qn("w:pPr")).find(qn("w:sectPr")) is not None


def test_table_style_widths_fonts_and_rows(tmp_path: Path) -> None:
    """Table Grid, proportional column widths, 10pt text, bold heads, centred cells, no split rows."""
    out = tmp_path / "one.docx"
    table_model = example_tables()[0]
    write([table_model], "docx", out)
    doc = docx.Document(str(out))
    normal = doc.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    title, subtitle = doc.paragraphs[:2]
    assert title.runs[0].font.bold and title.runs[0].font.size.pt == 16
    assert subtitle.runs[0].font.size.pt == 11
    table, form = doc.tables[0], form_of(table_model)
    assert table.style.name == "Table Grid"
    total = sum(form.widths)
    for col, w in zip(table.columns, form.widths, strict=True):
        assert col.width.twips == Mm(180 * w / total).twips
    for box in form.boxes:
        cell = table.cell(box.row, box.col)
        assert cell.vertical_alignment == WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for run in cell.paragraphs[0].runs:
            assert run.font.size.pt == 10 and run.font.bold == (box.role == "head")
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_awkward_text_survives(tmp_path: Path) -> None:
    """Markup characters, tabs, line breaks and edge spaces come back as written."""
    texts = ("a & b <c> \"d\" 'e'", "  前导空格", "结尾空格 ", "一\n二\r\n三", "x\ty", "")
    boxes = tuple(Box(r, 0, t, role="head" if r == 0 else "text") for r, t in enumerate(texts))
    form = Form("标题 & <副>", "(2024年度)", "s", (10,), boxes, 0)
    doc = docx.Document()
    sentinel = doc.element.body.get_or_add_sectPr()
    for el in list(form_elements(form)):
        sentinel.addprevious(el)
    out = tmp_path / "awkward.docx"
    doc.save(str(out))
    reread = docx.Document(str(out))
    assert reread.paragraphs[0].text == "标题 & <副>"
    got = [reread.tables[0].cell(r, 0).text for r in range(len(texts))]
    assert got == ["a & b <c> \"d\" 'e'", "  前导空格", "结尾空格 ", "一\n二\n\n三", "x\ty", ""]
    grid = read_docx(out.read_bytes(), "awkward.docx").grids[0]
    # Our reader: the title line and the markup cell come back character for character.
    assert grid.rows[0].cells[0].text == "标题 & <副>"
    assert grid.rows[2].cells[0].text == "a & b <c> \"d\" 'e'"
