"""Which reader handles a file, decided from its content (not its name).

Units rename files freely (an xls saved as .xlsx, an HTML export saved as .xls), so
the bytes decide: ``%PDF``, a ZIP whose members say xlsx or docx, an OLE2 container,
HTML markup, CSV records, else text if it decodes.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
from collections import Counter
from collections.abc import Callable
from importlib import import_module

from jixiao.ingest.grid import ReadOutcome
from jixiao.ingest.text import decode, read_text_bytes

Reader = Callable[[bytes, str], ReadOutcome]


def _lazy(module: str, func: str) -> Reader:
    # pdfplumber, python-docx, calamine and lexbor are imported on first use, so that
    # `import jixiao` (and every CLI start) stays fast.
    def read(data: bytes, name: str) -> ReadOutcome:
        reader: Reader = getattr(import_module(f"jixiao.ingest.{module}"), func)
        return reader(data, name)

    read.__name__ = read.__qualname__ = func
    return read


READERS: dict[str, Reader] = {
    "text": read_text_bytes,
    "csv": _lazy("csvfile", "read_csv"),
    "html": _lazy("html", "read_html"),
    "pdf": _lazy("pdf", "read_pdf"),
    "xlsx": _lazy("xlsx", "read_xlsx"),
    "xls": _lazy("xls", "read_xls"),
    "docx": _lazy("docx", "read_docx"),
    "image": _lazy("ocr.reader", "read_image"),
    # The workbook ``jixiao template`` writes, filled in: read from its hidden sheet.
    "selfeval-template": _lazy("selfeval_template", "read_template"),
}

#: The kinds a folder scan keeps (everything the readers handle).
TABLE_KINDS = frozenset(READERS)

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: PNG, JPEG and TIFF (both byte orders) announce themselves in their first bytes.
IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
#: An OpenDocument package stores its type uncompressed as its first member.
ODS_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
_HTML_STARTS = ("<!doctype html", "<html", "<head", "<body", "<meta", "<table", "<?xml")
# Share of records that must have the usual field count (≥ 3) for text to be CSV.
CSV_SHARE = 0.5


def sniff(data: bytes, name: str) -> str | None:
    """Given a file's bytes and its name (only a tie-break), return the reader key, or None."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK"):
        return _zip_kind(data, name)
    if data.startswith(OLE2_MAGIC):
        return "xls"
    if data.startswith(IMAGE_MAGICS):
        return "image"  # a scan or photo of a table: read by OCR
    if not data.strip() or b"\x00" in head and not _utf16(head):
        return None
    text = decode(data[:65536])[0]
    if _is_html(text):
        return "html"
    if _is_csv(text) or name.lower().endswith(".csv"):
        return "csv"
    return "text" if _is_text(text) else None


def _zip_kind(data: bytes, name: str) -> str | None:
    if ODS_MIMETYPE in data[:100]:
        return "xlsx"  # OpenDocument (LibreOffice, WPS): calamine reads it like a workbook
    try:
        names = zipfile.ZipFile(io.BytesIO(zip_versions_lowered(data)[0])).namelist()
    except Exception:  # noqa: BLE001 - zipfile raises BadZipFile, NotImplementedError, EOFError, ...
        # A truncated download still holds its first members' names in local headers.
        names = [n.decode("latin-1") for n in (b"xl/", b"word/") if n in data]
    kind = zip_kind(names)
    if kind == "xlsx":
        from jixiao.ingest.selfeval_template import looks_like_template

        if looks_like_template(data):
            return "selfeval-template"
    return kind


#: zipfile refuses a member whose "version needed to extract" is above 6.3.
MAX_ZIP_VERSION = 63
#: The version a deflated or stored member really needs (2.0).
PLAIN_ZIP_VERSION = 20
_CENTRAL, _END = b"PK\x01\x02", b"PK\x05\x06"
_PLAIN_METHODS = (0, 8)  # stored, deflated


def has_zip_directory(data: bytes) -> bool:
    """Given ZIP bytes, return whether they end with the end-of-directory record (not cut short)."""
    return data.rfind(_END, max(0, len(data) - 65_557)) >= 0


def zip_versions_lowered(data: bytes) -> tuple[bytes, int | None]:
    """Given ZIP bytes, return them with overstated "version needed" fields lowered, and the highest one.

    Some tools write 7.0, 8.0 or 9.7 into the central directory of a plainly
    deflated member; zipfile then refuses the whole archive although nothing in it
    needs more than 2.0 (calamine ignores the field). Only stored and deflated
    members are lowered: a member really compressed another way keeps its claim.
    Returns the bytes unchanged and None when nothing was overstated or the
    directory cannot be walked.
    """
    end = data.rfind(_END, max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        return data, None
    count, offset = struct.unpack_from("<H4xI", data, end + 10)
    out, highest, pos = bytearray(data), None, offset
    for _ in range(count):
        if pos + 46 > len(data) or data[pos : pos + 4] != _CENTRAL:
            break
        version, method = data[pos + 6], struct.unpack_from("<H", data, pos + 10)[0]
        if version > MAX_ZIP_VERSION and method in _PLAIN_METHODS:
            out[pos + 6] = PLAIN_ZIP_VERSION
            highest = max(highest or 0, version)
        pos += 46 + sum(struct.unpack_from("<3H", data, pos + 28))
    return (bytes(out), highest) if highest else (data, None)


def zip_kind(names: list[str]) -> str | None:
    """Given the member names of a ZIP, return "xlsx" or "docx" (Office Open XML), or None."""
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    return None


def _utf16(head: bytes) -> bool:
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1::2].count(0) > len(head) // 4


def _is_html(text: str) -> bool:
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("<?xml"):
        return "<html" in start[:2000]
    return start.startswith(_HTML_STARTS) or start.startswith("<!--") and "<html" in start[:4000]


def _is_csv(text: str) -> bool:
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    if len(lines) < 2 or any("\t" in line for line in lines):
        return False
    try:
        counts = Counter(len(r) for r in csv.reader(io.StringIO("\n".join(lines))))
    except csv.Error:
        return False
    width, hits = counts.most_common(1)[0]
    return width >= 3 and hits >= CSV_SHARE * len(lines)


# C0 control characters other than tab, line feed, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def _is_text(text: str) -> bool:
    # Decoded binary is full of control characters; real text has almost none.
    head = text[:4096]
    return len(_CONTROL.findall(head)) <= len(head) // 100
