"""Excel workbooks (openpyxl): one sheet per table, merged cells, A4 print setup."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from jixiao.export.form import Box, Form, decimals, sheet_name, text_width
from jixiao.export.layouts import form_of
from jixiao.model.project import TargetTable

#: The grid starts below the title and the (年度) line.
GRID_TOP = 3
FONT_NAME = "宋体"
_LINE_HEIGHT = 15.0
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_STYLE_PREFIX = "jixiao-"


def write_xlsx(tables: Sequence[TargetTable], path: Path) -> None:
    """Given tables and a path, write one workbook with one sheet per table."""
    wb = workbook_of([form_of(t) for t in tables])
    wb.save(path)


def workbook_of(forms: Sequence[Form]) -> Workbook:
    """Given laid-out forms, return a workbook with one formatted sheet each."""
    wb = Workbook()
    default = wb.active
    taken: set[str] = set()
    for form in forms:
        ws = wb.create_sheet(sheet_name(form.sheet_name, taken))
        fill_sheet(ws, form)
    if forms and default is not None:
        wb.remove(default)
    return wb


def fill_sheet(ws: Worksheet, form: Form) -> None:
    """Given an empty worksheet and a form, draw the form on it."""
    for row, text, size in ((1, form.title, 16), (2, form.subtitle, 11)):
        _merge(ws, row, 1, row, form.ncols)
        cell = ws.cell(row, 1, text)
        cell.font = Font(name=FONT_NAME, size=size, bold=row == 1)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    _add_styles(ws.parent)
    for box in form.boxes:
        _draw(ws, box)
    for i, width in enumerate(form.widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width + 2
    _fit_rows(ws, form)
    _page_setup(ws, form)


def _add_styles(wb: Workbook) -> None:
    if _STYLE_PREFIX + "text" in wb.named_styles:
        return
    for role in ("label", "text", "money", "percent", "head"):
        horizontal = "left" if role == "text" else "center"
        wb.add_named_style(
            NamedStyle(
                name=_STYLE_PREFIX + role,
                font=Font(name=FONT_NAME, size=10, bold=role == "head"),
                alignment=Alignment(horizontal=horizontal, vertical="center", wrap_text=True),
                border=_BORDER,
            )
        )


def _draw(ws: Worksheet, box: Box) -> None:
    row, col = box.row + GRID_TOP, box.col + 1
    if box.rowspan > 1 or box.colspan > 1:
        _merge(ws, row, col, row + box.rowspan - 1, col + box.colspan - 1)
    cell = ws.cell(row, col)
    # A named style is one lookup; separate Font/Alignment/Border objects are
    # hashed field by field on every assignment (most of the time of a big export).
    cell.style = _STYLE_PREFIX + box.role
    if box.role in ("money", "percent") and box.number is not None:
        cell.value = box.number
        cell.number_format = number_format(box.number, percent=box.role == "percent")
    else:
        cell.value = box.text if box.text else None
        # Sichuan's split 指标性质 gives values such as "=100%": openpyxl would store
        # any text starting with "=" as a formula, which Excel then evaluates.
        cell.data_type = "s"
        cell.number_format = "@"
    for r in range(row, row + box.rowspan):
        for c in range(col, col + box.colspan):
            if (r, c) != (row, col):
                ws.cell(r, c).style = _STYLE_PREFIX + "text"


def _merge(ws: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    """Record a merged range before its cells exist.

    ``Worksheet.merge_cells`` then copies borders cell by cell through openpyxl's
    hashed style objects: three quarters of the time of a 50,000-table export.
    The covered cells get the bordered style directly (as Excel itself saves
    them: empty cells with a style), so the grid lines are the same.
    """
    coord = f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"
    ws.merged_cells.add(MergedCellRange(ws, coord))


def number_format(amount: Decimal, *, percent: bool = False) -> str:
    """Given an amount, return an Excel format that shows it exactly: 74.5 → "0.0", 0.95 → "0%"."""
    places = decimals(amount * 100 if percent else amount)
    return ("0." + "0" * places if places else "0") + ("%" if percent else "")


def lines_needed(text: str, width: int) -> int:
    """Given cell text and the cell's width in character cells, return the lines it wraps to."""
    return sum(max(1, math.ceil(text_width(part) / max(width, 1))) for part in text.split("\n"))


def _fit_rows(ws: Worksheet, form: Form) -> None:
    heights = [1] * form.nrows
    for box in form.boxes:
        width = sum(form.widths[box.col : box.col + box.colspan])
        per_row = math.ceil(lines_needed(box.text, width) / box.rowspan)
        for r in range(box.row, box.row + box.rowspan):
            heights[r] = max(heights[r], per_row)
    for r, lines in enumerate(heights):
        ws.row_dimensions[r + GRID_TOP].height = max(20.0, lines * _LINE_HEIGHT + 5)


def _page_setup(ws: Worksheet, form: Form) -> None:
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    header = form.repeat_from + GRID_TOP
    ws.print_title_rows = f"{header}:{header}"
    ws.print_area = f"A1:{get_column_letter(form.ncols)}{form.nrows + GRID_TOP - 1}"
