"""Text tables copied out of PDFs: page numbers between rows and cells wrapped onto a row.

PDF-to-text tools write a table line by line as it stands on the page. A cell longer
than its column wraps, and its second line comes out as a row of its own: the fragment
in its column with every other cell empty (``|  |  | 幼儿园数量 |  |``), or the fragment
alone on a line with no separator at all. A page break leaves the page's footer
("- 2 -", "第 2 页 共 3 页") between two rows. Both are put back here, while the lines
are still lines, so the grid holds the rows the page showed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from unicodedata import east_asian_width

from jixiao.ingest.glued import HEAD_WORDS
from jixiao.ingest.grid import Cell, GridRow
from jixiao.ingest.vocab import (
    COLUMN_ROLES,
    LEVEL_WORDS,
    header_field,
    is_footer,
    is_title,
    norm,
)

# "- 3 -", "第 3 页", "第3页，共5页", "3/12", "3": only a page number on the line.
_PAGE_NUMBER = re.compile(
    r"^[\s\-—–第]*\d+\s*(?:页|/\s*\d+)?(?:\s*[,，]?\s*共\s*\d+\s*页)?[\s\-—–]*$"
)
_PAGE_LINE_MAX = 20
# "续表", "(续表)", "续上表": a page's heading over the rest of a table broken across
# pages; like the page's number it is no cell (a wrapped piece would take it).
_CONTINUED = re.compile(r"^[(（]?续上?表\s*\d{0,2}[)）]?$")
_LEVEL_KEYS = frozenset(LEVEL_WORDS)
# A line breaks where the next character no longer fits: the line after it may come out a
# digit's width wider ("2023年预计在校生:小" / "学600人,初中700人,高").
_SLACK = 1
# "效益指标(30分)": a level with its points is a level.
_POINTS = re.compile(r"[(（]\d+分[)）]$")
_HEAD_KEYS = frozenset(HEAD_WORDS) | frozenset(w for w, _ in COLUMN_ROLES)
_NUMBERED = re.compile(r"^(?:三级)?指标\s*\d")


def page_number(line: str) -> str | None:
    """Given a line, say whether it is only a page's number: ``"worded"`` ("- 3 -",
    "第 3 页 共 5 页"), ``"bare"`` ("3", "3/12") or None (anything else).

    A bare number may as well be a cell standing on its own line: the caller decides.
    """
    text = line.strip()
    if "续" in text and len(text) <= _PAGE_LINE_MAX and _CONTINUED.match(text):
        return "worded"
    if not text or len(text) > _PAGE_LINE_MAX or not (text[0] in "-—–第" or text[0].isdigit()):
        return None  # most lines: a cell's words
    if _PAGE_NUMBER.match(text) is None:
        return None
    return "worded" if text[0] in "-—–第" or text.endswith("页") else "bare"


def _fragment_word(text: str, simplify: Callable[[str], str] | None) -> bool:
    # A wrapped piece goes on with words: a new row's name or value starts with a digit
    # or a comparator as often as not, a label, a level or a title is no piece.
    if not text or not ("\u4e00" <= text[0] <= "\u9fff" or text[0].isalpha()):
        return False
    key = norm(simplify(text) if simplify else text)
    return (
        not _NUMBERED.match(key)  # "指标2:" a blank form's spare row
        and key not in _LEVEL_KEYS
        and key not in _HEAD_KEYS
        and header_field(key) is None
        and not is_title(key)
        and not is_footer(key)
    )


def _target(
    prev: GridRow, column: int | None, piece: str, simplify: Callable[[str], str] | None
) -> int | None:
    """Return the cell of the row above that a wrapped piece goes on."""
    keys = [_POINTS.sub("", norm(simplify(c.text) if simplify else c.text)) for c in prev.cells]
    if sum(bool(k) for k in keys) < 2 or any(k in _HEAD_KEYS for k in keys):
        return None  # a lone cell or a row of column heads (their pieces are joined later)
    # A wrapped cell's first line fills its column and the rest is no longer: a longer
    # "piece" is a row of its own whose value was left empty ("|  |  | 新建智能控制箱 |  |"
    # under "更换路灯数量").
    fits = shown_width(piece) - _SLACK
    words = [i for i, k in enumerate(keys) if k and k not in _LEVEL_KEYS and shown_width(k) >= fits]
    if column is not None and column in words:
        return column  # the piece stands in its cell's column
    # A piece alone on its line, or under a row that left out its merged cells: a cell
    # wraps when it is wider than its column, so the row's longest cell is the one cut.
    return max(words, key=lambda i: len(keys[i]), default=None)


def wrapped_cell(
    prev: GridRow | None, cells: list[str], simplify: Callable[[str], str] | None = None
) -> int | None:
    """Given the row above and a line's cells, return the cell of the row above the
    line's one piece continues (None: the line is a row)."""
    if prev is None or not cells or cells[0] or sum(bool(c) for c in cells) != 1:
        return None  # a row starts with its first cell, or holds more than one piece
    column = next(i for i, c in enumerate(cells) if c)
    if not _fragment_word(cells[column], simplify):
        return None
    return _target(prev, column, norm(cells[column]), simplify)


def wrapped_cells(
    prev: GridRow | None,
    cells: list[str],
    line_above: list[str],
    widths: Callable[[], dict[int, int]],
    simplify: Callable[[str], str] | None = None,
) -> list[int] | None:
    """Given the row above, a line's cells and the table's column widths, return the
    cells of the row above that the line's pieces continue, each in its column (None: a row).

    A name and its text target both wrapped leave a row of two pieces that reads like the
    next row of a merged group; it is their continuation only when every cell above a
    piece fills its column (as wide as the column's widest cell, give or take one
    character, measured as shown: a CJK character is two digits wide) and no piece is longer than that cell or starts like a value.
    """
    filled = [i for i, c in enumerate(cells) if c]
    if prev is None or cells[0] or len(filled) < 2 or len(filled) >= len(prev.cells):
        return None
    if not all(_fragment_word(cells[i], simplify) for i in filled):
        return None
    keys = [norm(simplify(c.text) if simplify else c.text) for c in prev.cells]
    if any(k in _HEAD_KEYS for k in keys):
        return None
    width = widths()
    for i in filled:
        if i >= len(keys) or not keys[i] or _POINTS.sub("", keys[i]) in _LEVEL_KEYS:
            return None
        # The line just above, not the cell so far: a wrapped cell's last line that does
        # not fill its column ends it, and the row after is a row.
        last = line_above[i] if i < len(line_above) else ""
        above = shown_width(last)
        if shown_width(cells[i]) - _SLACK > above or above < width.get(i, 0) - 2:
            return None
    return filled


def shown_width(text: str) -> int:
    """Given a cell's text, return its width on the page: a CJK or full-width character
    takes two columns, a digit or a Latin letter one (a column of dates is no wider)."""
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def wrapped_line(
    prev: GridRow | None,
    line: str,
    row_follows: bool,
    simplify: Callable[[str], str] | None = None,
) -> int | None:
    """Given the row above and a line with no separator between rows of a table, return
    the cell of the row above it continues (None: a line of its own)."""
    text = line.strip()
    if prev is None or ":" in text or "：" in text or not _fragment_word(text, simplify):
        return None  # "项目期：2年": a label and its value on a line of their own
    if not row_follows:
        return None  # under the last row: a note, or the next row cut off with the page
    return _target(prev, None, norm(text), simplify)


def continued(prev: GridRow, index: int, text: str) -> GridRow:
    """Return the row with the wrapped piece put back at the end of its cell."""
    cell = prev.cells[index]
    cells = list(prev.cells)
    cells[index] = Cell(
        cell.text + text.strip(), cell.rowspan, cell.colspan, cell.covered, cell.source
    )
    return GridRow(tuple(cells), prev.source)
