"""Which xlsx cells are formatted as percentages, so 0.95 shows as "95%".

A unit typing 95% into Excel stores the number 0.95 with a percent format; calamine
gives the bare number. The styles and sheet XML say which cells carry such a format.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile

from jixiao.ingest.limits import current_limits

_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}
#: Built-in number formats 9 ("0%") and 10 ("0.00%") (ECMA-376 18.8.30).
BUILTIN_PERCENT = frozenset({9, 10})
_CELL = re.compile(rb"<c\s([^>]*?)/?>")
_ATTR = re.compile(rb'\b(r|s|t)="([^"]*)"')
_QUOTED = re.compile(r'"[^"]*"|\\.')

Cells = set[tuple[int, int]]


def percent_cells(data: bytes) -> dict[str, Cells]:
    """Given an xlsx file's bytes, return per sheet name the 0-based (row, col) of percent cells."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            styles = _percent_styles(zf.read("xl/styles.xml"))
            if not styles:
                return {}
            rows = current_limits().rows
            return {
                name: _cells(zf.read(path), styles, rows) for name, path in sheet_paths(zf).items()
            }
    except Exception:  # noqa: BLE001 - zipfile, zlib, XML and int() errors alike
        # No styles, odd packaging or a damaged part: numbers stay as stored; the
        # workbook itself is read (or reported) by calamine, this is only a refinement.
        return {}


def _percent_styles(xml: bytes) -> set[bytes]:
    root = ET.fromstring(xml)
    ids = set(BUILTIN_PERCENT)
    for fmt in root.iterfind("m:numFmts/m:numFmt", _NS):
        if "%" in _QUOTED.sub("", fmt.get("formatCode", "")):
            ids.add(int(fmt.get("numFmtId", "-1")))
    xfs = root.iterfind("m:cellXfs/m:xf", _NS)
    return {str(i).encode() for i, xf in enumerate(xfs) if int(xf.get("numFmtId", "0")) in ids}


def sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Given an open xlsx package, return each sheet's name with its XML member's path."""
    book = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iterfind("p:Relationship", _NS)}
    out: dict[str, str] = {}
    for sheet in book.iterfind("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        out[sheet.get("name", "")] = (
            target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        )
    return out


def _cells(xml: bytes, styles: set[bytes], rows: int) -> Cells:
    # Only cells within the rows the reader takes: a sheet lying about its size must
    # not fill this set with millions of positions nobody reads.
    out: Cells = set()
    for match in _CELL.finditer(xml):
        attrs = dict(_ATTR.findall(match.group(1)))
        if attrs.get(b"s") in styles and attrs.get(b"t", b"n") == b"n" and b"r" in attrs:
            at = _position(attrs[b"r"].decode())
            if at[0] < rows:
                out.add(at)
    return out


def _position(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return int(ref[len(letters) :]) - 1, col - 1


def percent_text(value: object) -> str | None:
    """Given a cell value under a percent format, return it as shown ("95%"), or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return f"{value * 100:.10g}%"
