"""Files that lie about their size, written byte by byte (no spreadsheet library involved).

A real attacker writes the XML by hand too: an xlsx whose ``<dimension>`` says
``A1:E14`` while its sheet holds thousands of rows, merged ranges and spans that
declare millions of cells.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from jixiao.web.bootstrap import EXAMPLE_PATH

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def first_example_rows() -> list[list[str]]:
    """Return the rows of the bundled example's first table (title lines as one cell)."""
    rows: list[list[str]] = []
    for line in EXAMPLE_PATH.read_text("utf-8").splitlines():
        if line.startswith("## "):
            break
        if line.strip():
            rows.append(line.lstrip("# ").split("\t"))
    return rows


def padded_rows(extra: int) -> list[list[str]]:
    """Given a count, return the example's first table followed by that many indicator rows.

    Each added row repeats an indicator without a target value, so every one of them
    breaks the same rule.
    """
    rows = first_example_rows()
    return rows + [["", "产出指标", "数量指标", f"指标{n}:培训场次{n}", ""] for n in range(extra)]


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def _col(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def xlsx_bytes(
    rows: list[list[str]], *, declared: str = "A1:E14", merges: tuple[str, ...] = ()
) -> bytes:
    """Given rows of texts, return an xlsx whose sheet declares ``declared`` whatever it holds."""
    body = "".join(
        f'<row r="{r}">'
        + "".join(_cell(f"{_col(c)}{r}", t) for c, t in enumerate(row) if t)
        + "</row>"
        for r, row in enumerate(rows, 1)
    )
    merge_xml = (
        f'<mergeCells count="{len(merges)}">'
        + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
        + "</mergeCells>"
        if merges
        else ""
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">'
        f'<dimension ref="{declared}"/><sheetData>{body}</sheetData>{merge_xml}</worksheet>'
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<sheets><sheet name="目标表" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return buf.getvalue()
