"""An HTML view of a file as jixiao read it: the grid with its merges, rows coloured by role.

When a file is misread, this page shows where: which rows were taken as the header
block, the funds, the goals, the indicator block, and which became indicators
(with the path they were filed under), next to the problems met.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from html import escape
from pathlib import Path
from typing import Any

from jixiao.ingest import read_grids
from jixiao.ingest.grid import Cell, Grid, GridRow, ReadOutcome
from jixiao.ingest.layout import grids_to_result
from jixiao.ingest.vocab import FUNDS_BLOCK, header_field, is_footer, is_title
from jixiao.model.location import Location
from jixiao.model.problems import ParseResult

ROLES: dict[str, tuple[str, str]] = {
    "title": ("标题", "#d6e4ff"),
    "year": ("年度", "#e8efff"),
    "header": ("表头字段", "#fff3c4"),
    "funds": ("项目资金", "#ffe0b3"),
    "goals": ("年度目标", "#e3f7d4"),
    "block": ("指标表头", "#d9d9d9"),
    "indicator": ("绩效指标", "#f3e6ff"),
    "footer": ("表尾", "#eeeeee"),
    "other": ("未归类", "#ffffff"),
}
# What each layout family (docs/reading.md) looks like, for the reader of the page.
FAMILY_LABELS: dict[str, str] = {
    "tab-separated": "制表符分隔的行",
    "pipes": "竖线分隔的行",
    "pipe-per-cell": "每格一行, 以竖线分隔",
    "line-per-cell": "每格一行",
    "glued-rows": "每行一条记录, 单元格首尾相连",
    "run-on": "整张表连成一段文字",
    "space-separated": "空格分隔的行",
    "prose": "指标以文字列出, 无表格",
}
_YEAR = re.compile(r"(19|20)\d{2}\s*年")
_FUNDS_FIELDS = frozenset({"total", "fiscal", "carryover", "other"})
_CSS = """body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin-bottom:2em}
td{border:1px solid #999;padding:2px 6px;vertical-align:top;font-size:13px}
td.loc{color:#777;font-size:11px;white-space:nowrap}td.role{font-size:11px;color:#333}
td.hit{font-size:11px;color:#5a2d82}.legend span{padding:2px 8px;margin-right:4px;border:1px solid #ccc}
.problem{color:#a00}td.ocr-unsure{outline:2px solid #e67e22}img.crop{max-width:400px;border:1px solid #ccc}
table.unsure td.read{font-size:15px}"""


def explain_html(path: Path) -> str:
    """Given a file, return a self-contained HTML page showing its grid, row roles and problems."""
    path = Path(path)
    # The same dispatch (and guard) as every read, so the page shows what a parse sees.
    data = path.read_bytes()
    with _ocr_crops() as unsure:
        kind, outcome = read_grids(data, path.name)
    from jixiao.ingest import with_text_prose

    result = grids_to_result(outcome.grids)
    had_rows = any(t.indicators for t in result.tables)
    result = with_text_prose(kind, data, path.name, result)
    prose = not had_rows and any(t.indicators for t in result.tables)
    return _page(path.name, kind, outcome, result, prose=prose, unsure=unsure)


@contextmanager
def _ocr_crops() -> Iterator[list[Any]]:
    # A scan's uncertain cells keep their image for the page (docs/ocr.md); without
    # the OCR extra nothing is scanned, so there is nothing to keep.
    try:
        from jixiao.ingest.ocr.reader import keeping_crops
    except ImportError:
        yield []
        return
    with keeping_crops() as kept:
        yield kept


def row_roles(rows: Iterable[GridRow]) -> list[str]:
    """Given grid rows, return each row's role (a key of ROLES), as the layout sees the form."""
    roles: list[str] = []
    state = "start"
    for row in rows:
        texts = [t for t in row.texts() if t.strip()]
        role = _role(texts, state)
        if role == "block":
            state = "indicator"
        elif role in ("title", "header", "funds", "goals", "footer"):
            state = role
        roles.append(role)
    return roles


def _role(texts: list[str], state: str) -> str:
    if not texts:
        return "other"
    first = texts[0]
    field = header_field(first)
    if len(texts) <= 2 and is_title(first):
        return "title"
    if len(texts) == 1 and len(first) <= 40 and _YEAR.search(first):
        return "year"
    if any("三级指标" in t for t in texts):
        return "block"
    if is_footer(first):
        return "footer"
    if FUNDS_BLOCK.match(first) or (field in _FUNDS_FIELDS and state != "indicator"):
        return "funds"
    if field == "name" or (field is not None and field != "ignore" and state != "indicator"):
        return "goals" if field == "goals" else "header"
    if state == "funds" and any(header_field(t) in _FUNDS_FIELDS for t in texts):
        return "funds"
    return "indicator" if state == "indicator" else "other"


def _page(
    name: str,
    kind: str | None,
    outcome: ReadOutcome,
    result: ParseResult,
    *,
    prose: bool = False,
    unsure: list[Any] | None = None,
) -> str:
    hits = _indicator_hits(result)
    parts = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(name)} · 读取说明</title>",
        f"<style>{_CSS}</style></head><body><h1>{escape(name)}</h1>",
    ]
    count = sum(len(t.indicators) for t in result.tables)
    parts.append(
        f"<p>格式: {escape(kind or '未知')} · 网格 {len(outcome.grids)} 个 · "
        f"识别出 {len(result.tables)} 张表, {count} 个三级指标</p>"
    )
    parts.append(
        "<p class='legend'>"
        + "".join(
            f"<span style='background:{color}'>{label}</span>" for label, color in ROLES.values()
        )
        + "</p>"
    )
    problems = outcome.problems + result.problems
    if problems:
        parts.append(
            "<ul>"
            + "".join(
                f"<li class='problem'>[{escape(p.code)}] {escape(p.message)} ({escape(p.source.describe())})</li>"
                for p in problems
            )
            + "</ul>"
        )
    if unsure:
        parts.append(_unsure_html(unsure))
    marked = {_cell_key(u.where): u for u in unsure or ()}
    for grid in outcome.grids:
        family = "prose" if prose else grid.family
        if family:
            parts.append(
                f"<p class='family' data-family='{escape(family)}'>版式: {escape(family)}"
                f" ({escape(FAMILY_LABELS.get(family, ''))})</p>"
            )
        parts.append(_grid_html(grid, hits, marked))
    parts.append("</body></html>")
    return "\n".join(parts)


def _key(loc: Location | None) -> tuple[object, ...] | None:
    if loc is None:
        return None
    return (loc.page, loc.sheet, loc.row if loc.row is not None else loc.line)


def _indicator_hits(result: ParseResult) -> dict[tuple[object, ...], list[str]]:
    hits: dict[tuple[object, ...], list[str]] = {}
    for table in result.tables:
        for ind in table.indicators:
            key = _key(ind.source)
            if key is not None:
                hits.setdefault(key, []).append(ind.path)
    return hits


def _cell_key(loc: Location | None) -> tuple[object, ...] | None:
    return None if loc is None else (loc.page, loc.row, loc.column)


def _img(png: bytes, alt: str) -> str:
    # Inline, so that the page stays one file a user can open or send.
    data = base64.b64encode(png).decode("ascii")
    return f"<img class='crop' alt='{escape(alt)}' src='data:image/png;base64,{data}'>"


def _unsure_html(unsure: list[Any]) -> str:
    # Each cell the recogniser was unsure of: the scan's image beside the text read.
    rows = "".join(
        f"<tr class='ocr-unsure'><td class='loc'>{escape(u.where.describe())}</td>"
        f"<td>{_img(u.png, u.text)}</td><td class='read'>{escape(u.text)}</td>"
        f"<td>{u.confidence:.0%}</td></tr>"
        for u in unsure
    )
    return (
        "<h2>识别把握不足的单元格(请对照原图核对)</h2><table class='unsure'>"
        "<tr><th>位置</th><th>扫描原图</th><th>识别为</th><th>把握</th></tr>"
        f"{rows}</table>"
    )


def _cell_html(cell: Cell, marked: dict[tuple[object, ...] | None, Any]) -> str:
    unsure = marked.get(_cell_key(cell.source)) if marked else None
    if unsure is None:
        return f"<td{_spans(cell.rowspan, cell.colspan)}>{escape(cell.text)}</td>"
    return (
        f"<td{_spans(cell.rowspan, cell.colspan)} class='ocr-unsure'"
        f" title='识别把握 {unsure.confidence:.0%}'>{escape(cell.text)}<br>"
        f"{_img(unsure.png, cell.text)}</td>"
    )


def _grid_html(
    grid: Grid,
    hits: dict[tuple[object, ...], list[str]],
    marked: dict[tuple[object, ...] | None, Any] | None = None,
) -> str:
    out = [f"<h2>{escape(str(grid.source))}{' (流式)' if grid.stream else ''}</h2><table>"]
    width = max((len(r.cells) for r in grid.rows), default=0)
    for row, role in zip(grid.rows, row_roles(grid.rows), strict=True):
        label, color = ROLES[role]
        if len(row.cells) == 1:  # a line outside the table (title, year) spans it
            cells = f"<td{_spans(1, width)}>{escape(row.cells[0].text)}</td>"
        else:
            cells = "".join(
                _cell_html(c, marked or {}) for c in row.cells if not c.covered
            ) + "<td></td>" * (width - len(row.cells))
        found = "<br>".join(escape(p) for p in hits.get(_key(row.source) or (), []))
        out.append(
            f"<tr style='background:{color}' data-role='{role}'><td class='loc'>{escape(str(row.source))}</td>"
            f"{cells}<td class='role'>{label}</td><td class='hit'>{found}</td></tr>"
        )
    out.append("</table>")
    return "\n".join(out)


def _spans(rowspan: int, colspan: int) -> str:
    return (f" rowspan='{rowspan}'" if rowspan > 1 else "") + (
        f" colspan='{colspan}'" if colspan > 1 else ""
    )
