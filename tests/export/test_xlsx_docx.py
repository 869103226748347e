"""The xlsx and docx files look like the official form: merges, numbers, print setup."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
from export_helpers import example_tables

from jixiao.export import write


def _merged(ws: openpyxl.worksheet.worksheet.Worksheet) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_xlsx_one_sheet_per_table_with_the_official_merges(tmp_path: Path) -> None:
    """Each table is a sheet; 项目资金, 绩效指标, 一级 and 二级 cells are merged over their rows."""
    out = tmp_path / "wuhu.xlsx"
    write(example_tables(), "xlsx", out)
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == 6
    ws = wb.worksheets[0]
    assert ws["A1"].value == "项目支出绩效目标表" and ws["A2"].value == "(2024年度)"
    merged = _merged(ws)
    # Grid starts in row 3: 项目资金 over four rows, 绩效指标 over header + 10 indicators,
    # 产出指标 over its five rows, 成本指标 over its two indicators.
    assert {"A1:E1", "A6:B9", "A11:A21", "B12:B16", "C15:C16", "B17:B20"} <= merged
    assert ws["D15"].value == "指标1:项目总金额" and ws["D16"].value == "指标2:奖励标准"


def test_xlsx_money_is_a_number_with_an_exact_format(tmp_path: Path) -> None:
    """年度资金总额 74.5 is stored as a number and shown as 74.5, not 74.50000."""
    out = tmp_path / "wuhu.xlsx"
    write(example_tables()[:2], "xlsx", out)
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws["C6"].value == "年度资金总额:"
    assert isinstance(ws["D6"].value, float) and ws["D6"].value == 74.5
    assert ws["D6"].number_format == "0.0"
    assert openpyxl.load_workbook(out).worksheets[1]["D6"].number_format == "0"


def test_xlsx_prints_on_a4_portrait_fit_to_width_with_repeated_header(tmp_path: Path) -> None:
    """Page setup: A4 portrait, one page wide, the indicator header row repeated."""
    out = tmp_path / "wuhu.xlsx"
    write(example_tables()[2:3], "xlsx", out)
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert ws.page_setup.orientation == "portrait"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$11:$11"
    assert ws.cell(11, 4).value == "三级指标"
    # Four numbered goals on four lines: their row is taller than a one-line row.
    assert ws.row_dimensions[10].height > ws.row_dimensions[3].height
    assert ws.column_dimensions["D"].width > ws.column_dimensions["A"].width


def test_docx_one_section_per_table_with_merged_cells(tmp_path: Path) -> None:
    """Each table starts a new A4 section; merged cells are real vertical/horizontal merges."""
    out = tmp_path / "wuhu.docx"
    write(example_tables(), "docx", out)
    doc = docx.Document(str(out))
    assert len(doc.sections) == 6 and len(doc.tables) == 6
    assert round(doc.sections[0].page_width.mm) == 210
    table = doc.tables[0]
    # 绩效指标 (column 0) is one cell from the indicator header down to the last row.
    assert table.cell(8, 0)._tc is table.cell(18, 0)._tc
    assert table.cell(8, 0).text == "绩效指标"
    # 项目名称 spans two columns; the name spans the other three.
    assert table.cell(0, 0)._tc is table.cell(0, 1)._tc
    assert table.cell(0, 2)._tc is table.cell(0, 4)._tc
    # 成本指标 spans its two indicators.
    assert table.cell(12, 2)._tc is table.cell(13, 2)._tc and table.cell(12, 2).text == "成本指标"
