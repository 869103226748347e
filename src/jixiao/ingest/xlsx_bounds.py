"""Cut an xlsx's worksheets to the read limits before calamine sees them.

calamine builds each sheet as one dense rectangle sized by the farthest cell it
holds: a 130 KB file with one cell at ``A1`` and one at ``XFD50000`` asks for
26 GB and aborts the whole process (a Rust allocation failure is no exception
anyone can catch). The farthest cell is a position the file merely states, so
each sheet's XML is first scanned as a stream for the rows and columns it really
reaches; a sheet beyond the limits is rewritten to keep only the rows and
columns within them, and the cut is reported with its place.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from jixiao.ingest.limits import ReadLimits

_CELL_REF = re.compile(rb'<(?:[\w.-]+:)?c\b[^<>]*?\sr="([A-Za-z]+)')
_CELL_ANY = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_REF = re.compile(rb'(?:^|\s)r="([A-Za-z]*)(\d*)"')
# A row (cell) runs to its end tag but never past the next row (cell) start: a file
# with unclosed rows must cost one pass, not one pass per row.
_ROW = re.compile(
    rb"<(?:[\w.-]+:)?row\b[^>]*?(?:/>|>(?:(?!<(?:[\w.-]+:)?row[\s/>]).)*?</(?:[\w.-]+:)?row>)",
    re.S,
)
_CELL = re.compile(
    rb"<(?:[\w.-]+:)?c\b[^>]*?(?:/>|>(?:(?!<(?:[\w.-]+:)?c[\s/>]).)*?</(?:[\w.-]+:)?c>)",
    re.S,
)
_DATA_START = re.compile(rb"<(?:[\w.-]+:)?sheetData\b[^>]*?>")
_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData>")


#: What reading one damaged zip member raises: a bad deflate stream, a CRC or
#: length mismatch, a compression method zipfile has no decoder for.
MEMBER_ERRORS = (zlib.error, zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError)
#: What a worksheet whose data cannot be unpacked is replaced with: no cells at all.
_EMPTY_SHEET = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b"<sheetData/></worksheet>"
)

#: Parts no cell value comes from (document properties, theme, printer settings,
#: pictures): one damaged is left out of a rebuilt package rather than losing the book.
_DECORATION = ("docProps/", "xl/theme/", "xl/printerSettings/", "xl/media/", "customXml/")


@dataclass(frozen=True, slots=True)
class Cut:
    """What was left out of one worksheet: the first row and column beyond the limits.

    ``damage`` is set when the worksheet's data could not be unpacked at all: the
    sheet is then left out whole (emptied), and why is said here.
    """

    member: str
    row: int | None
    column: int | None
    damage: str | None = None


class DamagedPart(Exception):
    """A part of the package other than a worksheet could not be unpacked."""

    def __init__(self, member: str, cause: BaseException) -> None:
        super().__init__(member, cause)
        self.member = member
        self.cause = cause


def column_number(letters: bytes) -> int:
    """Given column letters (b"AB"), return the 1-based column number."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def bounded_xlsx(data: bytes, limits: ReadLimits) -> tuple[bytes, list[Cut]]:
    """Given an xlsx's bytes, return them with every sheet cut to the limits, and the cuts made.

    A worksheet whose data cannot be unpacked is emptied and reported as a cut with
    its damage: calamine must not read a sheet whose size was never checked, and the
    other sheets stay readable. Raises :class:`DamagedPart` when another part the
    rebuilt package needs cannot be unpacked.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        return data, []  # no readable zip directory: the reader reports it
    replaced: dict[str, bytes] = {}
    cuts: list[Cut] = []
    for member in members:
        if not _is_sheet(member.filename):
            continue
        try:
            raw = archive.read(member)
        except MEMBER_ERRORS as exc:
            replaced[member.filename] = _EMPTY_SHEET
            cuts.append(Cut(member.filename, None, None, damage=str(exc) or type(exc).__name__))
            continue
        xml, cut = cut_sheet(raw, member.filename, limits)
        if cut.row is not None or cut.column is not None:
            replaced[member.filename] = xml
            cuts.append(cut)
    if not replaced:
        return data, []
    return _rebuilt(archive, replaced), cuts


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml") and name.count("/") == 2


def cut_sheet(xml: bytes, member: str, limits: ReadLimits) -> tuple[bytes, Cut]:
    """Given a worksheet's XML, return it keeping only rows and columns within the limits.

    Rows are walked in order and the walk stops at the first row past the limit;
    cells are looked at one by one only when the rows kept may reach past the
    column limit (their largest reference, plus any cells without one).
    """
    start, end = _DATA_START.search(xml), None
    if start is not None and not start.group().endswith(b"/>"):
        end = _DATA_END.search(xml, start.end())
    if start is None or end is None:
        return xml, Cut(member, None, None)
    rows: list[tuple[int, int, int]] = []  # (row number, start, end) of the rows kept
    row = 0
    first_row: int | None = None
    for m in _ROW.finditer(xml, start.end(), end.start()):
        ref = _REF.search(xml, m.start(), xml.index(b">", m.start()) + 1)
        row = int(ref.group(2)) if ref and ref.group(2) else row + 1
        if row > limits.rows:
            first_row = row
            break
        rows.append((row, m.start(), m.end()))
    stop = rows[-1][2] if rows else start.end()
    if not _may_be_wide(xml[start.end() : stop], limits.columns):
        if first_row is None:
            return xml, Cut(member, None, None)
        return xml[:stop] + xml[end.start() :], Cut(member, first_row, None)
    kept: list[bytes] = []
    first_col: int | None = None
    for _, a, b in rows:
        text = xml[a:b]
        head = text[: text.index(b">") + 1]
        if not head.endswith(b"/>"):
            cells, beyond = _cells_within(text[len(head) :], limits.columns)
            if beyond is not None:
                first_col = beyond if first_col is None else min(first_col, beyond)
                text = head + b"".join(cells) + text[text.rindex(b"</") :]
        kept.append(text)
    body = xml[: start.end()] + b"".join(kept) + xml[end.start() :]
    return body, Cut(member, first_row, first_col)


def _may_be_wide(region: bytes, limit: int) -> bool:
    letters = _CELL_REF.findall(region)
    far = max(map(column_number, set(letters)), default=0)
    loose = len(_CELL_ANY.findall(region)) - len(letters)
    return far + max(loose, 0) > limit


def _cells_within(inner: bytes, limit: int) -> tuple[list[bytes], int | None]:
    cells: list[bytes] = []
    col = 0
    beyond: int | None = None
    for m in _CELL.finditer(inner):
        text = m.group()
        ref = _REF.search(text[: text.index(b">") + 1])
        col = column_number(ref.group(1)) if ref and ref.group(1) else col + 1
        if col > limit:
            beyond = col if beyond is None else min(beyond, col)
            continue
        cells.append(text)
    return cells, beyond


def _rebuilt(archive: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in archive.infolist():
            body = replaced.get(info.filename)
            if body is None:
                try:
                    body = archive.read(info)
                except MEMBER_ERRORS as exc:
                    if info.filename.startswith(_DECORATION):
                        continue
                    raise DamagedPart(info.filename, exc) from exc
            # A fresh entry, not the source's: its method, flags and extra field may be
            # what was damaged, or a method zipfile reads but cannot write.
            fresh = zipfile.ZipInfo(info.filename, info.date_time)
            fresh.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fresh, body)
    return out.getvalue()
