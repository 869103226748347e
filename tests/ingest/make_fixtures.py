"""Real files in every format, written from the six example tables.

Each table is laid out the way the official 项目支出绩效目标表 is printed: the title
and "(2024年度)" above, 项目资金 merged over its four rows, 绩效指标 / 一级 / 二级
merged over the rows they head. Cells keep exactly the positions the text export
gives them, so a correct reader yields the same tables as the text file.

Run as a script to (re)write the committed samples: ``python tests/ingest/make_fixtures.py DIR``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from fixture_tables import EXAMPLE, REPO_ROOT, FormTable, Merge, as_number, example_tables
from make_pdf_fixtures import (
    pdf_story,
    split_table,
    write_pdf,
    write_rotated_pdf,
    write_scanned_pdf,
    write_unruled_pdf,
)

__all__ = [
    "EXAMPLE",
    "REPO_ROOT",
    "FormTable",
    "Merge",
    "example_tables",
    "pdf_story",
    "split_table",
    "write_all",
    "write_csv",
    "write_docx",
    "write_html",
    "write_pdf",
    "write_rotated_pdf",
    "write_scanned_pdf",
    "write_unruled_pdf",
    "write_xls",
    "write_xlsx",
]


# --- spreadsheets -----------------------------------------------------------------


def write_xlsx(tables: list[FormTable], path: Path, per_sheet: int = 3) -> Path:
    """Given tables, write them per_sheet to a sheet, plus a hidden sheet to skip."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Side

    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    for start in range(0, len(tables), per_sheet):
        ws = wb.create_sheet(f"目标表{start // per_sheet + 1}")
        r = 1
        for t in tables[start : start + per_sheet]:
            for title in t.titles:
                ws.cell(r, 1, title)
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=t.width)
                r += 1
            for i, row in enumerate(t.rows):
                for j, text in enumerate(row):
                    cell = ws.cell(r + i, j + 1, as_number(text) if text else None)
                    cell.border = Border(thin, thin, thin, thin)
                    cell.alignment = Alignment(wrap_text=True, vertical="center")
            for m in t.merges:
                ws.merge_cells(
                    start_row=r + m.r0, start_column=m.c0 + 1, end_row=r + m.r1, end_column=m.c1 + 1
                )
            _print_sizes(ws, t, r)
            r += len(t.rows) + 2
    hidden = wb.create_sheet("草稿")
    hidden.sheet_state = "hidden"
    _fill_plain(hidden.cell, tables[0])
    wb.save(path)
    return path


#: Column widths (characters) of the printed form; the last, narrow one is table 2's spare column.
XLSX_WIDTHS = (12, 12, 14, 34, 26, 3)


def _print_sizes(ws: object, t: FormTable, first: int) -> None:
    # Excel and LibreOffice do not re-measure wrapped rows on opening: without
    # widths and heights the printout (and a PDF made from it) overlaps its text.
    from openpyxl.utils import get_column_letter

    for j, width in enumerate(XLSX_WIDTHS, 1):
        ws.column_dimensions[get_column_letter(j)].width = width  # type: ignore[attr-defined]
    # Printed one page wide, as units set their forms up.
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[attr-defined]
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # type: ignore[attr-defined]
    spans = {(m.r0, m.c0): m.c1 for m in t.merges}
    for i, row in enumerate(t.rows):
        lines = 1
        for j, text in enumerate(row):
            room = sum(XLSX_WIDTHS[j : spans.get((i, j), j) + 1])
            lines = max(lines, -(-len(text) * 2 // max(room - 1, 1)))
        ws.row_dimensions[first + i].height = 15 * lines  # type: ignore[attr-defined]


def _fill_plain(put: object, t: FormTable) -> None:
    put_cell = put  # openpyxl ws.cell(row, col, value)
    for i, title in enumerate(t.titles):
        put_cell(i + 1, 1, title)  # type: ignore[operator]
    for i, row in enumerate(t.rows):
        for j, text in enumerate(row):
            if text:
                put_cell(len(t.titles) + i + 1, j + 1, text)  # type: ignore[operator]


def write_xls(tables: list[FormTable], path: Path) -> Path:
    """Given tables, write a legacy Excel 97 workbook, one sheet per table."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for k, t in enumerate(tables):
        ws = wb.add_sheet(f"表{k + 1}")
        for i, title in enumerate(t.titles):
            ws.write_merge(i, i, 0, t.width - 1, title)
        off = len(t.titles)
        covered = t.covered()
        for i, row in enumerate(t.rows):
            for j, text in enumerate(row):
                m = t.merge_at(i, j)
                if m is not None:
                    ws.write_merge(off + m.r0, off + m.r1, m.c0, m.c1, as_number(text))
                elif (i, j) not in covered and text:
                    ws.write(off + i, j, as_number(text))
    wb.save(str(path))
    return path


def write_csv(t: FormTable, path: Path, encoding: str = "utf-8-sig") -> Path:
    """Given one table, write it as CSV (titles as one-cell lines) in the encoding."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf)
    for title in t.titles:
        writer.writerow([title])
    writer.writerows(t.rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


# --- documents ----------------------------------------------------------------------


def write_docx(tables: list[FormTable], path: Path, nested: bool = False) -> Path:
    """Given tables, write a Word document with merged cells (nested: each table in a frame)."""
    from docx import Document

    doc = Document()
    for k, t in enumerate(tables):
        if k:
            doc.add_page_break()
        for title in t.titles:
            doc.add_paragraph(title)
        if nested:
            outer = doc.add_table(rows=1, cols=1)
            host = outer.cell(0, 0)
            table = host.add_table(rows=len(t.rows), cols=t.width)
        else:
            table = doc.add_table(rows=len(t.rows), cols=t.width)
        table.style = "Table Grid"
        _fill_docx(table, t)
    doc.save(str(path))
    return path


def _fill_docx(table: object, t: FormTable) -> None:
    covered = t.covered()
    for i, row in enumerate(t.rows):
        for j, text in enumerate(row):
            if (i, j) not in covered and text:
                table.cell(i, j).text = text  # type: ignore[attr-defined]
    for m in t.merges:
        table.cell(m.r0, m.c0).merge(table.cell(m.r1, m.c1))  # type: ignore[attr-defined]


def write_html(tables: list[FormTable], path: Path, encoding: str = "utf-8") -> Path:
    """Given tables, write an HTML page with rowspan/colspan, declaring the encoding."""
    from html import escape

    parts = [f'<html><head><meta charset="{encoding}"><title>绩效目标</title></head><body>']
    for t in tables:
        parts.append(f"<h2>{escape(t.titles[0])}</h2>")
        parts.extend(f"<p>{escape(x)}</p>" for x in t.titles[1:])
        parts.append('<table border="1">')
        covered = t.covered()
        for i, row in enumerate(t.rows):
            cells = []
            for j, text in enumerate(row):
                if (i, j) in covered:
                    continue
                m = t.merge_at(i, j)
                span = ""
                if m is not None:
                    span += f' rowspan="{m.r1 - m.r0 + 1}"' if m.r1 > m.r0 else ""
                    span += f' colspan="{m.c1 - m.c0 + 1}"' if m.c1 > m.c0 else ""
                cells.append(f"<td{span}>{escape(text)}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    # Pages declared GB2312 really use GBK (browsers do the same), so encode as GBK.
    codec = "gbk" if encoding.lower() in ("gb2312", "gbk") else encoding
    path.write_bytes("\n".join(parts).encode(codec))
    return path


# --- PDF ----------------------------------------------------------------------------


def write_encrypted_xlsx(tables: list[FormTable], path: Path, password: str = "jixiao") -> Path:
    """Given tables, write an xlsx protected by an opening password."""
    import msoffcrypto.format.ooxml as ooxml

    plain = path.with_suffix(".plain.xlsx")
    write_xlsx(tables[:1], plain)
    with plain.open("rb") as src, path.open("wb") as out:
        ooxml.OOXMLFile(src).encrypt(password, out)
    plain.unlink()
    return path


def write_all(out: Path) -> dict[str, Path]:
    """Given a folder, write every fixture into it and return them by name."""
    out.mkdir(parents=True, exist_ok=True)
    t = example_tables()
    files = {
        "xlsx": write_xlsx(t, out / "wuhu-2024.xlsx"),
        "xls": write_xls(t, out / "wuhu-2024.xls"),
        "docx": write_docx(t, out / "wuhu-2024.docx"),
        "docx-nested": write_docx(t, out / "wuhu-2024-nested.docx", nested=True),
        "pdf": write_pdf(t, out / "wuhu-2024.pdf"),
        "pdf-continued": write_pdf(t, out / "wuhu-2024-continued.pdf", continued=True),
        "pdf-repeated": write_pdf(t, out / "wuhu-2024-repeated.pdf", continued=True, repeat=True),
        "pdf-rotated": write_rotated_pdf(t, out / "wuhu-2024-rotated.pdf"),
        "html": write_html(t, out / "wuhu-2024.html"),
        "html-gb2312": write_html(t, out / "wuhu-2024-gb2312.html", encoding="gb2312"),
        "csv-gbk": write_csv(t[0], out / "wuhu-2024-1-gbk.csv", encoding="gbk"),
        "csv": write_csv(t[1], out / "wuhu-2024-2.csv"),
        "pdf-unruled": write_unruled_pdf(t, out / "wuhu-2024-unruled.pdf"),
        "scanned": write_scanned_pdf(out / "scanned.pdf"),
        "pdf-encrypted": write_pdf(t[:1], out / "locked.pdf", encrypt="jixiao"),
        "xlsx-encrypted": write_encrypted_xlsx(t, out / "locked.xlsx"),
    }
    corrupt = out / "corrupt.xlsx"
    corrupt.write_bytes(files["xlsx"].read_bytes()[:2000])
    files["corrupt-xlsx"] = corrupt
    broken_pdf = out / "corrupt.pdf"
    broken_pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    files["corrupt-pdf"] = broken_pdf
    return files


if __name__ == "__main__":
    for name, p in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "fixtures-out")).items():
        print(f"{name:16} {p}")  # noqa: T201
