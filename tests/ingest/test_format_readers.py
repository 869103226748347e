"""Each reader's grid: merges as spans, numbers as shown, sources, and its problems."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.ingest import read_bytes, read_path
from jixiao.ingest.formats import READERS, sniff
from jixiao.ingest.grid import Cell, Grid, ReadOutcome


def outcome(path: Path) -> ReadOutcome:
    data = path.read_bytes()
    kind = sniff(data, path.name)
    assert kind is not None
    return READERS[kind](data, path.name)


def find(grid: Grid, text: str) -> Cell:
    """Given a grid, return the first cell whose text starts with text."""
    return next(c for row in grid.rows for c in row.cells if c.text.startswith(text))


def test_xlsx_merges_numbers_and_hidden_sheets(made: dict[str, Path]) -> None:
    grids = outcome(made["xlsx"]).grids
    assert [g.source.sheet for g in grids] == ["目标表1", "目标表2"]  # hidden 草稿 skipped
    first = grids[0]
    assert (find(first, "项目资金").rowspan, find(first, "项目资金").colspan) == (4, 2)
    texts = {c.text for row in first.rows for c in row.cells}
    assert {"74.5", "150"} <= texts  # typed as numbers, shown as written
    assert "150.0" not in texts
    assert find(first, "104").source is not None


def test_xls_keeps_merges(made: dict[str, Path]) -> None:
    grid = outcome(made["xls"]).grids[0]
    assert find(grid, "绩效指标").rowspan == 11
    assert find(grid, "产出指标").rowspan == 5


def test_docx_vertical_and_horizontal_merges(made: dict[str, Path]) -> None:
    plain = outcome(made["docx"]).grids[0]
    nested = outcome(made["docx-nested"]).grids[0]
    assert find(plain, "产出指标").rowspan == 5
    assert find(plain, "项目名称").colspan == 2
    assert [r.texts() for r in plain.rows] == [r.texts() for r in nested.rows]


def test_html_spans_and_gb2312(made: dict[str, Path]) -> None:
    utf8 = outcome(made["html"]).grids[0]
    gb = outcome(made["html-gb2312"]).grids[0]
    assert find(gb, "数量指标").rowspan == find(utf8, "数量指标").rowspan == 1
    assert find(gb, "绩效指标").rowspan == 11
    assert [r.texts() for r in utf8.rows] == [r.texts() for r in gb.rows]


def test_html_with_a_wrong_declaration_is_detected() -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>项目支出绩效目标表</p></body></html>'
    rows = READERS["html"](page.encode("gb18030"), "x.html").grids[0].rows
    assert rows[0].texts() == ["项目支出绩效目标表"]


def test_pdf_spans_pages_and_furniture(made: dict[str, Path]) -> None:
    grid = outcome(made["pdf-continued"]).grids[0]
    assert find(grid, "绩效指标").rowspan == 5  # cut by the page break
    pages = {row.source.page for row in grid.rows}
    assert pages == set(range(1, 13))
    assert not [r for r in grid.rows if re.fullmatch(r"- \d+ -", r.texts()[0])]


def test_pdf_rotated_page_is_read_upright(made: dict[str, Path]) -> None:
    grid = outcome(made["pdf-rotated"]).grids[0]
    assert grid.rows[0].texts() == ["项目支出绩效目标表"]
    assert find(grid, "绩效指标").rowspan > 1


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("scanned", "parse.scanned-pdf"),
        ("pdf-encrypted", "parse.encrypted"),
        ("xlsx-encrypted", "parse.encrypted"),
        ("corrupt-xlsx", "parse.corrupt"),
        ("corrupt-pdf", "parse.corrupt"),
    ],
)
def test_unreadable_files_give_one_clear_problem(
    key: str, code: str, made: dict[str, Path]
) -> None:
    result = read_path(made[key])
    assert (result.tables, [p.code for p in result.problems]) == ((), [code])
    assert result.problems[0].source.file == made[key].name


def test_scanned_message_is_explicit(made: dict[str, Path]) -> None:
    # An empty ruled form scanned: OCR runs and finds nothing to read, and says so.
    message = read_path(made["scanned"]).problems[0].message
    assert message == "扫描件中没有识别出文字(可能是空白表、非表格图片或图像过于模糊)"


@pytest.mark.parametrize("key", ["xlsx", "docx", "pdf", "xls"])
def test_truncated_files_never_raise(key: str, made: dict[str, Path]) -> None:
    data = made[key].read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 100):
        result = read_bytes(data[:cut], made[key].name)
        assert result.problems, cut


def test_xlsx_percent_cells_read_as_shown(tmp_path: Path) -> None:
    # A unit typing 95% into Excel stores 0.95 with a percent format.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for ref, value, fmt in (("A1", 0.95, "0%"), ("B1", 0.955, "0.0%"), ("C1", 104.0, "General")):
        ws[ref] = value
        ws[ref].number_format = fmt
    ws["D1"] = "≥95%"
    wb.save(tmp_path / "p.xlsx")
    assert outcome(tmp_path / "p.xlsx").grids[0].rows[0].texts() == ["95%", "95.5%", "104", "≥95%"]


def test_pdf_without_ruling_is_read_with_a_warning(made: dict[str, Path]) -> None:
    result = read_path(made["pdf-unruled"])
    warning = [p for p in result.problems if p.code == "parse.pdf-unruled"]
    assert [p.severity for p in warning] == ["warning"]
    assert result.tables[0].project.name == "2023年劳模表彰大会经费"


def test_html_layout_frame_is_opened(made: dict[str, Path]) -> None:
    # Pages built with a layout table around the real one (common in CMS exports).
    inner = made["html"].read_text(encoding="utf-8")
    body = inner.split("<body>", 1)[1].split("</body>", 1)[0]
    framed = f"<html><body><table><tr><td>{body}</td></tr></table></body></html>"
    plain = outcome(made["html"]).grids[0]
    grid = READERS["html"](framed.encode(), "framed.html").grids[0]
    assert [r.texts() for r in grid.rows] == [r.texts() for r in plain.rows]


def test_csv_semicolons_in_gbk() -> None:
    data = "项目名称;劳模资金;;\n一级指标;二级指标;三级指标;指标值\n".encode("gbk")
    rows = READERS["csv"](data, "x.csv").grids[0].rows
    assert [r.texts() for r in rows] == [
        ["项目名称", "劳模资金"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
    ]


def test_pdf_fake_bold_is_read_once(tmp_path: Path) -> None:
    # Word/WPS fake bold: the title printed twice, a hair apart.
    from make_pdf_fixtures import _pdf_styles
    from reportlab.pdfgen.canvas import Canvas

    _pdf_styles()  # registers the Chinese font
    canvas = Canvas(str(tmp_path / "bold.pdf"))
    canvas.setFont("wqy", 16)
    for dx in (0, 0.3):
        canvas.drawString(200 + dx, 780, "项目支出绩效目标表")
    canvas.save()
    grid = outcome(tmp_path / "bold.pdf").grids[0]
    assert grid.rows[0].texts() == ["项目支出绩效目标表"]
