"""Spreadsheets (xlsx, ods, and xls through :mod:`jixiao.ingest.xls`) → one grid per visible sheet.

python-calamine reads values and merged ranges several times faster than openpyxl.
Numbers stay numbers until shown: 104.0 reads "104", 74.5 reads "74.5". Hidden
sheets are skipped: units keep drafts and lookup lists there.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Sequence

from python_calamine import CalamineSheet, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from jixiao.ingest.cellutil import join_lines, trim, value_text
from jixiao.ingest.formats import ODS_MIMETYPE
from jixiao.ingest.grid import Cell, Grid, GridRow, ReadOutcome
from jixiao.ingest.limits import (
    ReadLimits,
    column_limit_problem,
    current_limits,
    row_limit_problem,
)
from jixiao.ingest.sheet_formats import ods_layout
from jixiao.ingest.xlsx_bounds import Cut, DamagedPart, bounded_xlsx
from jixiao.ingest.xlsx_formats import Cells, percent_cells, percent_text, sheet_paths
from jixiao.model.location import Location
from jixiao.model.problems import Problem

Span = tuple[tuple[int, int], tuple[int, int]]


def is_failure(exc: BaseException) -> bool:
    """Given what a calamine call raised, return whether it is a bad-file failure.

    calamine is Rust: a malformed file can make it panic, which pyo3 raises as
    PanicException, a BaseException that ``except Exception`` lets through.
    """
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def open_workbook(data: bytes, name: str) -> CalamineWorkbook | ReadOutcome:
    """Given workbook bytes (xlsx, xls, ods), return the open book, or the problem why not."""
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except BaseException as exc:
        if not is_failure(exc):
            raise
        return ReadOutcome(problems=(workbook_problem(exc, name),))


def read_xlsx(data: bytes, name: str) -> ReadOutcome:
    """Given an xlsx file's bytes, return one grid per visible worksheet, within the read limits."""
    limits = current_limits()
    try:
        data, cuts = bounded_xlsx(data, limits)
    except DamagedPart as damaged:
        message = (
            f"Excel 文件已损坏: 其中的部件 {damaged.member} 无法解压({damaged.cause}), 无法读取"
        )
        return ReadOutcome(problems=(Problem("parse.corrupt", "error", message, Location(name)),))
    book = open_workbook(data, name)
    if isinstance(book, ReadOutcome):
        return book
    if ODS_MIMETYPE in data[:100]:
        percents, merges = ods_layout(data)
        outcome = workbook_grids(book, name, percents, merges)
    else:
        outcome = workbook_grids(book, name, percent_cells(data))
    if not cuts:
        return outcome
    return ReadOutcome(outcome.grids, _cut_problems(data, cuts, name, limits) + outcome.problems)


def _cut_problems(
    data: bytes, cuts: list[Cut], name: str, limits: ReadLimits
) -> tuple[Problem, ...]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            sheets = {path: sheet for sheet, path in sheet_paths(zf).items()}
    except (KeyError, zipfile.BadZipFile, ET.ParseError, OSError, zlib.error, EOFError):
        sheets = {}
    problems: list[Problem] = []
    for cut in cuts:
        sheet = sheets.get(cut.member, cut.member)
        if cut.damage is not None:
            message = f"工作表“{sheet}”的数据已损坏, 无法解压({cut.damage}), 该表未读取"
            where = Location(name, sheet=sheet)
            problems.append(Problem("parse.corrupt", "error", message, where))
        if cut.row is not None:
            where = Location(name, sheet=sheet, row=cut.row)
            problems.append(row_limit_problem(where, limits.rows))
        if cut.column is not None:
            where = Location(name, sheet=sheet, column=cut.column)
            problems.append(column_limit_problem(where, limits.columns))
    return tuple(problems)


def workbook_problem(exc: BaseException, name: str) -> Problem:
    """Given the error opening a workbook, return the problem to report."""
    if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
        return Problem(
            "parse.encrypted", "error", "工作簿已加密(需要密码), 无法读取", Location(name)
        )
    return Problem("parse.corrupt", "error", f"Excel 文件已损坏, 无法打开: {exc}", Location(name))


def workbook_grids(
    book: CalamineWorkbook,
    name: str,
    percents: dict[str, Cells] | None = None,
    merges: dict[str, list[Span]] | None = None,
) -> ReadOutcome:
    """Given an open workbook, return the grids of its visible worksheets and any sheet problems.

    ``merges`` stands in for the merged ranges calamine does not give (.ods).
    """
    grids: list[Grid] = []
    problems: list[Problem] = []
    for meta in book.sheets_metadata:
        if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
            continue
        try:
            sheet = book.get_sheet_by_name(meta.name)
            grid, cut = sheet_grid(
                sheet,
                name,
                (percents or {}).get(meta.name, set()),
                (merges or {}).get(meta.name),
            )
        except BaseException as exc:
            if not is_failure(exc):
                raise
            message = f"工作表“{meta.name}”无法读取: {exc}"
            problems.append(
                Problem("parse.corrupt", "error", message, Location(name, sheet=meta.name))
            )
            continue
        problems.extend(cut)
        if grid.rows:
            grids.append(grid)
    return ReadOutcome(tuple(grids), tuple(problems))


def sheet_grid(
    sheet: CalamineSheet,
    name: str,
    percent: Cells | None = None,
    merges: Sequence[Span] | None = None,
) -> tuple[Grid, list[Problem]]:
    """Given a worksheet, return its grid within the read limits and the problems of what was cut.

    Rows are taken up to the limit (one more is asked for, to know whether the sheet
    goes on); the ``<dimension>`` the file declares is never used to size anything.
    """
    limits = current_limits()
    values = sheet.to_python(skip_empty_area=False, nrows=limits.rows + 1)
    problems: list[Problem] = []
    if len(values) > limits.rows:
        values = values[: limits.rows]
        where = Location(name, sheet=sheet.name, row=limits.rows + 1)
        problems.append(row_limit_problem(where, limits.rows))
    if any(len(row) > limits.columns for row in values):
        values = [row[: limits.columns] for row in values]
        where = Location(name, sheet=sheet.name, column=limits.columns + 1)
        problems.append(column_limit_problem(where, limits.columns))
    width = max((len(row) for row in values), default=0)
    spans, covered = _merges(sheet.merged_cell_ranges or merges or [], len(values), width)
    rows: list[GridRow] = []
    for r, row in enumerate(values):
        texts = [join_lines(_shown(v, (r, c), percent)) for c, v in enumerate(row)]
        if not any(texts):
            continue
        where = Location(name, sheet=sheet.name, row=r + 1)
        cells = [
            _cell(texts[c], spans.get((r, c)), (r, c) in covered, where, c)
            for c in range(len(texts))
        ]
        rows.append(GridRow(trim(cells), where))
    return Grid(tuple(rows), Location(name, sheet=sheet.name)), problems


def _shown(value: object, at: tuple[int, int], percent: Cells | None) -> str:
    if percent and at in percent:
        return percent_text(value) or value_text(value)
    return value_text(value)


def _cell(text: str, span: tuple[int, int] | None, covered: bool, where: Location, c: int) -> Cell:
    if covered:
        return Cell("", covered=True)
    rowspan, colspan = span or (1, 1)
    source = Location(where.file, sheet=where.sheet, row=where.row, column=c + 1)
    return Cell(text, rowspan, colspan, False, source)


def _merges(
    ranges: Sequence[Span], height: int, width: int
) -> tuple[dict[tuple[int, int], tuple[int, int]], set[tuple[int, int]]]:
    # A merged range is a size the file declares (A1:XFD1048576 is 17 billion slots):
    # clip each to the rows and columns actually read before marking what it covers.
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for (r0, c0), (r1, c1) in ranges:
        if r0 >= height or c0 >= width or r1 < r0 or c1 < c0:
            continue
        r1, c1 = min(r1, height - 1), min(c1, width - 1)
        spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
        covered.discard((r0, c0))
    return spans, covered
