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
from jixiao.ingest.text import decode
from jixiao.model.location import Location

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
    if root is not None:
        _Walker(rows).walk(root)
    grid_rows = [_located(cells, name, i) for i, cells in enumerate(rows, 1)]
    return ReadOutcome((Grid(tuple(grid_rows), Location(name)),) if grid_rows else ())


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
            self.rows.append([Cell(text)])

    def table(self, table: Node) -> None:
        trs = table_rows(table)
        if any(td.css_first("table") is not None for tr in trs for td in _cells(tr)):
            # A layout table framing the real one: read its cells' content in order.
            for tr in trs:
                for td in _cells(tr):
                    self.walk(td)
            return
        self.rows.extend(expand_spans(trs))


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
    """Given <tr> rows, return cell rows with rowspan/colspan slots marked covered."""
    taken: dict[tuple[int, int], bool] = {}
    rows: list[list[Cell]] = []
    for r, tr in enumerate(trs):
        placed: dict[int, Cell] = {}
        col = 0
        for td in _cells(tr):
            while taken.get((r, col)):
                col += 1
            rs, cs = min(_span(td, "rowspan"), len(trs) - r), _span(td, "colspan")
            placed[col] = Cell(squash(td.text(separator="")), rs, cs)
            for rr in range(r, r + rs):
                for cc in range(col, col + cs):
                    taken[(rr, cc)] = True
            col += cs
        width = max([c + 1 for (rr, c) in taken if rr == r] or [0])
        rows.append(
            [placed.get(c) or Cell("", covered=bool(taken.get((r, c)))) for c in range(width)]
        )
    return rows
