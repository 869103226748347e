"""HTML pages → one grid: tables with rowspan/colspan, text blocks as one-cell rows.

The encoding comes from a BOM, then the page's own ``<meta charset>`` (a GB2312
declaration is read as GB18030, its superset, as browsers do), then detection.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from jixiao.ingest.cellutil import squash, trim
from jixiao.ingest.grid import Cell, Grid, GridRow, ReadOutcome
from jixiao.ingest.limits import clip_span, current_limits, row_limit_problem
from jixiao.ingest.text import decode
from jixiao.model.location import Location
from jixiao.model.problems import Problem

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CHINESE_LEGACY = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "euc-cn", "hz-gb-2312"}
_BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "section",
    "article",
    "center",
    "header",
    "footer",
    "caption",
    "br",
    "tr",
    "body",
    "blockquote",
    "pre",
    "dt",
    "dd",
}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "-comment"}


def decode_html(data: bytes) -> str:
    """Given an HTML page's bytes, return its text using the declared or detected encoding."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:8192])
        if m:
            declared = m.group(1).decode("ascii").lower()
            codec = "gb18030" if declared in _CHINESE_LEGACY else declared
            try:
                return data.decode(codec)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common: fall back on detection
    return decode(data)[0]


def read_html(data: bytes, name: str) -> ReadOutcome:
    """Given an HTML page's bytes, return one grid of its tables and text blocks."""
    tree = HTMLParser(decode_html(data))
    root = tree.body or tree.root
    rows: list[list[Cell]] = []
    problems: tuple[Problem, ...] = ()
    if root is not None:
        try:
            _Walker(rows).walk(root)
        except _Full:
            limit = current_limits().rows
            problems = (row_limit_problem(Location(name, row=limit + 1), limit),)
    grid_rows = [_located(cells, name, i) for i, cells in enumerate(rows, 1)]
    return ReadOutcome((Grid(tuple(grid_rows), Location(name)),) if grid_rows else (), problems)


class _Full(Exception):
    """The page has more rows than the read limit: stop walking it."""


def _located(cells: list[Cell], name: str, r: int) -> GridRow:
    out = [
        c
        if c.covered
        else Cell(c.text, c.rowspan, c.colspan, False, Location(name, row=r, column=j))
        for j, c in enumerate(cells, 1)
    ]
    return GridRow(trim(out), Location(name, row=r))


class _Walker:
    """Walks the DOM in document order, flushing inline text at block boundaries."""

    def __init__(self, rows: list[list[Cell]]) -> None:
        self.rows = rows
        self.buffer: list[str] = []
        self.limit = current_limits().rows

    def room(self) -> int:
        """Return how many more rows may be read; stop the walk when there is none."""
        if len(self.rows) >= self.limit:
            raise _Full
        return self.limit - len(self.rows)

    def walk(self, node: Node) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.buffer.append(child.text(deep=False) or "")
            elif tag in _SKIP:
                continue
            elif tag == "table":
                self.flush()
                self.table(child)
            elif tag in _BLOCKS:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)
        self.flush()

    def flush(self) -> None:
        text = squash("".join(self.buffer))
        self.buffer.clear()
        if text:
            self.room()
            self.rows.append([Cell(text)])

    def table(self, table: Node) -> None:
        trs = table_rows(table)
        if any(td.css_first("table") is not None for tr in trs for td in _cells(tr)):
            # A layout table framing the real one: read its cells' content in order.
            for tr in trs:
                for td in _cells(tr):
                    self.walk(td)
            return
        room = self.room()
        self.rows.extend(expand_spans(trs[:room]))
        if len(trs) > room:
            raise _Full


def table_rows(table: Node) -> list[Node]:
    """Given a <table>, return its own <tr> rows (not those of nested tables)."""
    out: list[Node] = []
    for child in table.iter():
        if child.tag == "tr":
            out.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            out.extend(c for c in child.iter() if c.tag == "tr")
    return out


def _cells(tr: Node) -> list[Node]:
    return [c for c in tr.iter() if c.tag in ("td", "th")]


def _span(node: Node, attr: str) -> int:
    raw = (node.attributes.get(attr) or "1").strip()
    digits = re.match(r"\d+", raw)
    # Browsers clamp spans (HTML spec: rowspan ≤ 65534, colspan ≤ 1000); so do we, tighter.
    return min(max(int(digits.group()) if digits else 1, 1), 500)


def expand_spans(trs: list[Node]) -> list[list[Cell]]:
    """Given <tr> rows, return cell rows with rowspan/colspan slots marked covered.

    ``colspan`` is a size the page declares: spans are clipped to the column limit
    and cells beyond it dropped, so the slots marked stay within rows × columns.
    """
    limit = current_limits().columns
    taken: set[tuple[int, int]] = set()
    widths: dict[int, int] = {}
    rows: list[list[Cell]] = []
    for r, tr in enumerate(trs):
        placed: dict[int, Cell] = {}
        col = 0
        for td in _cells(tr):
            while (r, col) in taken:
                col += 1
            if col >= limit:
                break
            rs = min(_span(td, "rowspan"), len(trs) - r)
            cs = clip_span(col, _span(td, "colspan"), limit)
            placed[col] = Cell(squash(td.text(separator="")), rs, cs)
            for rr in range(r, r + rs):
                taken.update((rr, cc) for cc in range(col, col + cs))
                widths[rr] = max(widths.get(rr, 0), col + cs)
            col += cs
        width = widths.pop(r, 0)
        rows.append([placed.get(c) or Cell("", covered=(r, c) in taken) for c in range(width)])
        taken.difference_update((r, c) for c in range(width))
    return rows
