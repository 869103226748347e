"""PDF with a text layer → grid, via pdfplumber's ruled-table finder.

A PDF is one grid: the rows of every page in reading order, so a table that runs
over a page break simply continues (the first rows on the next page carry empty
一级/二级 slots, exactly like covered cells). Text lines outside tables (the title,
"(2024年度)") become one-cell rows at their place on the page.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Any

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.table import Table

from jixiao.ingest.cellutil import join_lines, trim
from jixiao.ingest.grid import Cell, Grid, GridRow, ReadOutcome
from jixiao.ingest.limits import current_limits, row_limit_problem
from jixiao.ingest.pdf_pagecut import (
    closing_edges,
    drop_repeated_header,
    join_continuation,
)
from jixiao.model.location import Location
from jixiao.model.problems import Problem

#: Lines that are only a page number ("- 3 -", "第 3 页", "3/12") are page furniture.
PAGE_NUMBER = re.compile(r"^[\s\-—–第]*\d+\s*(页|/\s*\d+)?(\s*共\s*\d+\s*页)?[\s\-—–]*$")
#: Two chars belong to one text line when their tops differ by less than this (pt).
LINE_TOLERANCE = 3.0
#: A gap wider than this share of the font size between two chars means a space.
SPACE_GAP = 0.6
#: A gap wider than this many font sizes separates two cells of a line.
CELL_GAP = 2.0
_SLACK = 1.0

Obj = dict[str, Any]


def read_pdf(data: bytes, name: str) -> ReadOutcome:
    """Given a PDF's bytes, return one grid of all its pages, or the reason it cannot be read."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for bad files
        return ReadOutcome(problems=(_open_problem(exc, name),))
    rows: list[GridRow] = []
    problems: list[Problem] = []
    chars = tables = 0
    limit = current_limits().rows
    with pdf:
        for number, page in enumerate(pages, 1):
            if len(rows) >= limit:
                # Pages are read one at a time: the rest of a huge PDF is never parsed.
                problems.append(row_limit_problem(Location(name, page=number), limit))
                break
            try:
                chars += len(page.chars)
                found, count = page_rows(page, name, number)
                rows.extend(join_continuation(rows, drop_repeated_header(found, rows)))
                del rows[limit:]
                tables += count
            except Exception as exc:  # noqa: BLE001 - one broken page must not lose the others
                problems.append(_page_problem(exc, name, number))
            page.close()
    if chars and not tables:
        message = "PDF 中没有带框线的表格, 已按文字行与间距读取, 请对照原文件核对读取结果"
        problems.append(Problem("parse.pdf-unruled", "warning", message, Location(name)))
    if not chars and not problems:
        # No text layer: a scan. OCR reads its page images into the same grid.
        from jixiao.ingest.ocr.reader import read_scanned_pdf

        return read_scanned_pdf(data, name)
    return ReadOutcome((Grid(tuple(rows), Location(name)),) if rows else (), tuple(problems))


def _open_problem(exc: Exception, name: str) -> Problem:
    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if "Password" in type(cause).__name__ or "Encrypt" in type(cause).__name__:
        return Problem("parse.encrypted", "error", "PDF 已加密(需要密码), 无法读取", Location(name))
    return Problem("parse.corrupt", "error", f"PDF 文件已损坏, 无法打开: {cause}", Location(name))


def _page_problem(exc: Exception, name: str, number: int) -> Problem:
    return Problem(
        "parse.corrupt",
        "error",
        f"第{number}页无法解析: {type(exc).__name__}: {exc}",
        Location(name, page=number),
    )


def page_rows(page: Page, name: str, number: int) -> tuple[list[GridRow], int]:
    """Given a page, return its table rows and text lines as grid rows, top to bottom, and its table count."""
    if has_doubled_chars(page.chars):
        page = page.dedupe_chars()
    tables = page.find_tables(_table_settings(page))
    boxes = [t.bbox for t in tables]
    outside = [c for c in page.chars if not _inside(c, boxes)]
    items: list[tuple[float, list[list[Cell]]]] = [(t.bbox[1], table_cells(t)) for t in tables]
    # Text lines carry a source without a column: they are not in a table.
    where = Location(name, page=number)
    items += [
        (top, [[Cell(t, source=where) for t in texts]])
        for top, texts in text_lines(outside)
        if not PAGE_NUMBER.match(" ".join(texts))
    ]
    items.sort(key=lambda item: item[0])
    out: list[GridRow] = []
    for _, block in items:
        for cells in block:
            row = len(out) + 1
            located = trim([_locate(c, name, number, row, col) for col, c in enumerate(cells, 1)])
            out.append(GridRow(located, Location(name, page=number, row=row)))
    return out, len(tables)


def has_doubled_chars(chars: Sequence[Obj]) -> bool:
    """Given a page's chars, return whether some are drawn twice in the same place.

    Word and WPS fake bold type by printing each character twice, a hair apart;
    pdfplumber's dedupe is costly, so it runs only on pages where this happens.
    """
    seen: set[tuple[str, int, int]] = set()
    for c in chars:
        key = (c["text"], round(c["x0"]), round(c["top"]))
        if key in seen and not c["text"].isspace():
            return True
        seen.add(key)
    return False


def _locate(cell: Cell, name: str, page: int, row: int, col: int) -> Cell:
    if cell.covered:
        return cell
    if cell.source is not None:
        return Cell(cell.text, source=Location(name, page=page, row=row))
    return Cell(
        cell.text, cell.rowspan, cell.colspan, False, Location(name, page=page, row=row, column=col)
    )


def _table_settings(page: Page) -> dict[str, Any]:
    if not page.rotation:
        closing = closing_edges(page.edges)
        return {"explicit_horizontal_lines": closing} if closing else {}
    # pdfplumber turns a /Rotate page's lines but decides horizontal/vertical by exact
    # float equality, so turned lines come out mislabelled and no table is found.
    edges = [_straighten(e) for e in page.edges]
    return {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": [e for e in edges if e["orientation"] == "v"],
        "explicit_horizontal_lines": [e for e in edges if e["orientation"] == "h"]
        + closing_edges(edges),
    }


def _straighten(edge: Obj) -> Obj:
    flat = abs(edge["bottom"] - edge["top"]) < abs(edge["x1"] - edge["x0"])
    out = dict(edge, object_type="line_edge", orientation="h" if flat else "v")
    if flat:
        out.update(bottom=edge["top"], height=0)
    else:
        out.update(x1=edge["x0"], width=0)
    return out


def _inside(char: Obj, boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


def table_cells(table: Table) -> list[list[Cell]]:
    """Given a found table, return its rows of cells with spans from the cell boxes."""
    xs = sorted({c[0] for c in table.cells})
    tops = sorted({c[1] for c in table.cells})
    texts = table.extract()
    out: list[list[Cell]] = []
    for row, row_texts in zip(table.rows, texts, strict=True):
        cells: list[Cell] = []
        for box, text in zip(row.cells, row_texts, strict=True):
            if box is None:
                cells.append(Cell("", covered=True))
                continue
            colspan = max(1, bisect_left(xs, box[2] - _SLACK) - bisect_left(xs, box[0] - _SLACK))
            rowspan = max(
                1, bisect_left(tops, box[3] - _SLACK) - bisect_left(tops, box[1] - _SLACK)
            )
            cells.append(Cell(join_lines(text or ""), rowspan, colspan))
        out.append(cells)
    return out


def text_lines(chars: Iterable[Obj]) -> list[tuple[float, list[str]]]:
    """Given chars outside tables, return (top, cell texts) for each visual line.

    A wide gap between two chars separates cells (a table without ruling lines, or
    "单位: 万元" set apart on the title line); a narrow one is a space.
    """
    lines: list[list[Obj]] = []
    for char in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if lines and abs(lines[-1][0]["top"] - char["top"]) < LINE_TOLERANCE:
            lines[-1].append(char)
        else:
            lines.append([char])
    out: list[tuple[float, list[str]]] = []
    for line in lines:
        line.sort(key=lambda c: c["x0"])
        cells = [line[0]["text"]]
        for prev, char in zip(line, line[1:], strict=False):
            gap = char["x0"] - prev["x1"]
            if gap > CELL_GAP * char["size"]:
                cells.append(char["text"])
            else:
                cells[-1] += (" " if gap > SPACE_GAP * char["size"] else "") + char["text"]
        texts = [" ".join(c.split()) for c in cells if c.strip()]
        if texts:
            out.append((line[0]["top"], texts))
    return out
