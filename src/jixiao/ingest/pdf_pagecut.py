"""Tables cut by a page break: close the cut cells and put merged text back where it belongs.

Office programs (Excel, WPS, LibreOffice Calc) print a merged cell that runs over a
page break with no border at the cut, and draw its text at the middle of the *whole*
merged range, so "绩效指标" or "产出指标" shows up on the next page, inside an open
box, or as clipped (invisible) text under the table on the first page.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from jixiao.ingest.grid import Cell, GridRow

Obj = dict[str, Any]

#: Points within which two line ends are taken to meet.
TOLERANCE = 1.5


def closing_edges(edges: list[Obj]) -> list[Obj]:
    """Given a page's edges, return horizontal edges that close boxes cut open by the page edge.

    Only the topmost and bottommost ends of the vertical lines are looked at: a page
    break cuts the first table on a page at its top and the last one at its bottom.
    """
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    if len(verticals) < 2:
        return []
    out: list[Obj] = []
    for end, y in (
        ("top", min(e["top"] for e in verticals)),
        ("bottom", max(e["bottom"] for e in verticals)),
    ):
        xs = sorted({round(e["x0"], 1) for e in verticals if abs(e[end] - y) <= TOLERANCE})
        for left, right in zip(xs, xs[1:], strict=False):
            if not _covered(horizontals, (left + right) / 2, y):
                out.append(_edge(left, right, y))
    return out


def _covered(horizontals: list[Obj], x: float, y: float) -> bool:
    return any(
        abs(h["top"] - y) <= TOLERANCE and h["x0"] - TOLERANCE <= x <= h["x1"] + TOLERANCE
        for h in horizontals
    )


def _edge(x0: float, x1: float, y: float) -> Obj:
    return {
        "object_type": "line_edge",
        "orientation": "h",
        "x0": x0,
        "x1": x1,
        "top": y,
        "bottom": y,
        "width": x1 - x0,
        "height": 0,
    }


def join_continuation(before: list[GridRow], page: list[GridRow]) -> list[GridRow]:
    """Given the rows so far and the next page's rows, move displaced merged text back up.

    When the page opens with a table row whose cells continue merges from the page
    before (those slots are covered or spanned to the bottom there) and the merge's
    own cell above is empty, the text belongs to that cell. Clipped copies of the
    same words left as a text line under the table on the page before are dropped.
    Returns the page's rows; ``before`` is updated in place.
    """
    if not page or is_text_line(page[0]):
        return page
    orphans = _trailing_lines(before)
    last = len(before) - len(orphans) - 1
    if last < 0 or len(before[last].cells) != len(page[0].cells):
        return page
    moved: list[str] = []
    first = list(page[0].cells)
    for col, cell in enumerate(first):
        origin = _origin(before, last, col, cell)
        if cell.covered or not cell.text or origin is None or before[origin[0]].cells[col].text:
            continue
        row, _ = origin
        before[row] = _with_text(before[row], col, cell.text)
        moved.append(cell.text)
        first[col] = replace(cell, text="")
    if moved:
        words = set(moved)
        kept = [r for r in orphans if not set(r.texts()) <= words]
        del before[last + 1 :]
        before.extend(kept)
    return [replace(page[0], cells=tuple(first)), *page[1:]] if moved else page


def is_text_line(row: GridRow) -> bool:
    """Given a row of a PDF grid, return whether it is a text line outside tables (no column)."""
    return all(c.source is not None and c.source.column is None for c in row.cells)


def _trailing_lines(rows: list[GridRow]) -> list[GridRow]:
    out: list[GridRow] = []
    for row in reversed(rows):
        if not is_text_line(row):
            return out
        out.insert(0, row)
    return out


def _origin(rows: list[GridRow], last: int, col: int, continued: Cell) -> tuple[int, int] | None:
    # The cell whose merge reaches the bottom of the page before at this column; a
    # one-row cell on the last row counts only when the continuation spans rows, so
    # an empty value cell never takes the next page's value.
    for index in range(last, -1, -1):
        cells = rows[index].cells
        if col >= len(cells):
            return None
        cell = cells[col]
        if not cell.covered:
            reaches = index + cell.rowspan - 1 >= last
            spans = index < last or cell.rowspan > 1 or continued.rowspan > 1
            return (index, col) if reaches and spans else None
    return None


def _with_text(row: GridRow, col: int, text: str) -> GridRow:
    cells: list[Cell] = list(row.cells)
    cells[col] = replace(cells[col], text=text)
    return replace(row, cells=tuple(cells))


def drop_repeated_header(page: list[GridRow], before: list[GridRow]) -> list[GridRow]:
    """Given a page's rows and the rows of the pages before, drop a header row repeated on top.

    Word ("重复标题行") and Excel (打印标题) print the table's first row, or its
    indicator header, again on each page: page furniture, not a new table or indicator.
    """
    first = next((i for i, r in enumerate(page) if not is_text_line(r)), None)
    if first is None or not before or is_text_line(before[-1]):
        return page
    key = _row_key(page[first])
    if any(_repeats(key, header) for header in _headers(before)):
        return page[:first] + page[first + 1 :]
    return page


def _headers(before: list[GridRow]) -> list[tuple[str, ...]]:
    # The running table's first row and its indicator header row, if any.
    start = len(before)
    while start and not is_text_line(before[start - 1]):
        start -= 1
    rows = before[start:]
    found = [_row_key(rows[0])] if rows else []
    found += [_row_key(r) for r in rows if "三级指标" in r.texts()][-1:]
    return found


def _repeats(key: tuple[str, ...], header: tuple[str, ...]) -> bool:
    # The repeat may leave out a label cell merged down the side (绩效指标).
    return key == header or (len(key) >= 3 and header[-len(key) :] == key)


def _row_key(row: GridRow) -> tuple[str, ...]:
    return tuple(t for t in row.texts() if t)
