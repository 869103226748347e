"""The department bundle as one workbook: a 汇总 sheet with links, then a sheet per project."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.export.bundle.summary import SUMMARY_HEADS, Progress, bundle_title, totals_row
from jixiao.export.form import sheet_name
from jixiao.export.layouts import form_of
from jixiao.export.xlsx import FONT_NAME, fill_sheet, number_format
from jixiao.model.project import TargetTable

SUMMARY_SHEET = "汇总"
_WIDTHS = (6, 36, 24, 12, 14, 14, 8, 6, 6, 8, 10, 8, 8)
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SUMMARY_STYLE = "jixiao-summary-"


def bundle_xlsx(
    tables: Sequence[TargetTable], path: Path, cells: list[list[object]], progress: Progress
) -> None:
    """Given tables and their summary rows, write a workbook: 汇总 first, then a sheet each."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None  # a new workbook always has its first sheet
    summary.title = SUMMARY_SHEET
    taken = {SUMMARY_SHEET}
    names: list[str] = []
    for table in tables:
        form = form_of(table)
        names.append(sheet_name(form.sheet_name, taken))
        fill_sheet(wb.create_sheet(names[-1]), form)
        progress(1)
    _summary_sheet(summary, bundle_title(tables), cells, names)
    wb.save(path)


def _summary_styles(wb: Workbook) -> None:
    # Named styles: one lookup per cell. Separate Font/Alignment/Border objects are
    # hashed field by field on every assignment (a third of a bundle's time).
    if _SUMMARY_STYLE + "head" in wb.named_styles:
        return
    for name, bold, horizontal, color in (
        ("head", True, "center", None),
        ("left", False, "left", None),
        ("center", False, "center", None),
        ("link", False, "left", "0563C1"),
    ):
        font = Font(name=FONT_NAME, size=10, bold=bold, color=color,
                    underline="single" if color else None)  # fmt: skip
        align = Alignment(wrap_text=True, vertical="center", horizontal=horizontal)
        style = NamedStyle(_SUMMARY_STYLE + name, font=font, alignment=align, border=_BORDER)
        wb.add_named_style(style)


def _summary_sheet(ws: Worksheet, title: str, cells: list[list[object]], names: list[str]) -> None:
    last = get_column_letter(len(SUMMARY_HEADS))
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = title + "汇总"
    ws["A1"].font = Font(name=FONT_NAME, size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    _summary_styles(ws.parent)
    rows: list[list[object]] = [list(SUMMARY_HEADS), *cells, totals_row(cells)]
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(r, c, value)
            kind = "head" if r == 3 else "left" if c in (2, 3) else "center"
            cell.style = _SUMMARY_STYLE + kind
            if isinstance(value, Decimal):
                cell.number_format = number_format(value)
    for i, name in enumerate(names):
        link = ws.cell(4 + i, 2)
        # An in-workbook link is a location, not a target (a "#…" target opens a browser in WPS).
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name}'!A1")
        link.style = _SUMMARY_STYLE + "link"
    for i, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
