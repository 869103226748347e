"""Which cells of a legacy .xls or an OpenDocument .ods sheet are formatted as percentages.

Like :mod:`jixiao.ingest.xlsx_formats` for xlsx: a unit typing 95% stores the number
0.95 with a percent format, and calamine gives the bare number. An .xls says so in its
BIFF8 records (an XF whose number format is 9, 10 or a custom one with "%", named by
each NUMBER/RK/MULRK/FORMULA cell); an .ods in the cell itself
(``office:value-type="percentage"``). Both are refinements: anything odd gives no
percent cells and the numbers stay as stored.
"""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET
import zipfile

from jixiao.ingest.limits import current_limits
from jixiao.ingest.xlsx_formats import BUILTIN_PERCENT, Cells

_QUOTED = re.compile(r'"[^"]*"|\\.')

# --- .xls (BIFF8) -------------------------------------------------------------------

_BOF, _EOF = 0x0809, 0x000A
_FORMAT, _XF, _SHEET = 0x041E, 0x00E0, 0x0085
_NUMBER, _RK, _MULRK, _FORMULA = 0x0203, 0x027E, 0x00BD, 0x0006
_BIFF8 = 0x0600


def xls_percent_cells(data: bytes) -> dict[str, Cells]:
    """Given an .xls file's bytes, return per sheet name the 0-based (row, col) of percent cells."""
    try:
        import olefile

        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if not ole.exists("Workbook"):
                return {}  # "Book": BIFF5 (Excel 95), whose strings this does not read
            stream = ole.openstream("Workbook").read()
        return _biff_percents(stream)
    except Exception:  # noqa: BLE001 - olefile, struct and decoding errors alike
        return {}


def _records(stream: bytes, at: int) -> list[tuple[int, bytes]]:
    out: list[tuple[int, bytes]] = []
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        out.append((kind, stream[at + 4 : at + 4 + size]))
        at += 4 + size
        if kind == _EOF:
            break
    return out


def _biff_percents(stream: bytes) -> dict[str, Cells]:
    globals_ = _records(stream, 0)
    if (
        not globals_
        or globals_[0][0] != _BOF
        or struct.unpack_from("<H", globals_[0][1])[0] != _BIFF8
    ):
        return {}
    formats = set(BUILTIN_PERCENT)
    xfs: list[int] = []
    sheets: list[tuple[str, int]] = []
    for kind, body in globals_:
        if kind == _FORMAT:
            code, size, wide = struct.unpack_from("<HHB", body)
            raw = body[5 : 5 + size * (2 if wide & 1 else 1)]
            text = raw.decode("utf-16-le" if wide & 1 else "latin-1", "replace")
            if "%" in _QUOTED.sub("", text):
                formats.add(code)
        elif kind == _XF:
            xfs.append(struct.unpack_from("<H", body, 2)[0])
        elif kind == _SHEET:
            offset, size, wide = struct.unpack_from("<I2xBB", body)
            raw = body[8 : 8 + size * (2 if wide & 1 else 1)]
            sheets.append((raw.decode("utf-16-le" if wide & 1 else "latin-1", "replace"), offset))
    percent = {i for i, fmt in enumerate(xfs) if fmt in formats}
    if not percent:
        return {}
    rows = current_limits().rows
    return {name: _sheet_percents(stream, offset, percent, rows) for name, offset in sheets}


def _sheet_percents(stream: bytes, offset: int, percent: set[int], rows: int) -> Cells:
    out: Cells = set()
    for kind, body in _records(stream, offset):
        if kind in (_NUMBER, _RK, _FORMULA) and len(body) >= 6:
            row, col, xf = struct.unpack_from("<HHH", body)
            if xf in percent and row < rows:
                out.add((row, col))
        elif kind == _MULRK and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body)
            for k in range((len(body) - 6) // 6):
                if struct.unpack_from("<H", body, 4 + 6 * k)[0] in percent and row < rows:
                    out.add((row, first + k))
    return out


# --- .ods ---------------------------------------------------------------------------

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ROW_TAGS = {f"{{{_TABLE}}}table-row"}
_ROW_GROUPS = {f"{{{_TABLE}}}{t}" for t in ("table-header-rows", "table-row-group", "table-rows")}
_CELL_TAGS = {f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"}
#: content.xml above this size is not parsed a second time just for percent formats.
ODS_CONTENT_LIMIT = 64 * 1024 * 1024


Span = tuple[tuple[int, int], tuple[int, int]]


def ods_percent_cells(data: bytes) -> dict[str, Cells]:
    """Given an .ods file's bytes, return per sheet name the 0-based (row, col) of percent cells."""
    return ods_layout(data)[0]


def ods_layout(data: bytes) -> tuple[dict[str, Cells], dict[str, list[Span]]]:
    """Given an .ods file's bytes, return per sheet its percent cells and its merged ranges.

    calamine gives no merged ranges for .ods: a cell's ``number-rows-spanned`` and
    ``number-columns-spanned`` say them (0-based, inclusive, as calamine gives xlsx's).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if zf.getinfo("content.xml").file_size > ODS_CONTENT_LIMIT:
                return {}, {}
            root = ET.fromstring(zf.read("content.xml"))
    except Exception:  # noqa: BLE001 - zipfile, zlib and XML errors alike
        return {}, {}
    limits = current_limits()
    percents: dict[str, Cells] = {}
    merges: dict[str, list[Span]] = {}
    for table in root.iter(f"{{{_TABLE}}}table"):
        name = table.get(f"{{{_TABLE}}}name", "")
        cells: Cells = set()
        spans: list[Span] = []
        _ods_rows(table, cells, spans, [0], limits.rows, limits.columns)
        if cells:
            percents[name] = cells
        if spans:
            merges[name] = spans
    return percents, merges


def _ods_rows(
    parent: ET.Element, cells: Cells, spans: list[Span], row: list[int], rows: int, columns: int
) -> None:
    for child in parent:
        if row[0] >= rows:
            return
        if child.tag in _ROW_GROUPS:
            _ods_rows(child, cells, spans, row, rows, columns)
        elif child.tag in _ROW_TAGS:
            repeat = _repeat(child, "number-rows-repeated")
            col = 0
            for cell in child:
                if cell.tag not in _CELL_TAGS or col >= columns:
                    continue
                span = _repeat(cell, "number-columns-repeated")
                if cell.get(f"{{{_OFFICE}}}value-type") == "percentage":
                    for r in range(row[0], min(row[0] + repeat, rows)):
                        cells.update((r, c) for c in range(col, min(col + span, columns)))
                down = _repeat(cell, "number-rows-spanned")
                across = _repeat(cell, "number-columns-spanned")
                if down > 1 or across > 1:
                    spans.append(((row[0], col), (row[0] + down - 1, col + across - 1)))
                col += span
            row[0] += repeat


def _repeat(element: ET.Element, attr: str) -> int:
    try:
        return max(1, int(element.get(f"{{{_TABLE}}}{attr}", "1")))
    except ValueError:
        return 1
