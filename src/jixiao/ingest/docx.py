"""Word (.docx) → one grid: paragraphs as one-cell rows, tables with gridSpan/vMerge spans.

Body paragraphs and tables come in document order. A table used only as a frame
(every row one cell, holding other tables) is opened up so the real table inside is
read as rows; a small table nested inside a real cell becomes part of that cell's text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from jixiao.ingest.cellutil import join_lines, squash, trim
from jixiao.ingest.grid import Cell, Grid, GridRow, ReadOutcome
from jixiao.ingest.limits import clip_span, current_limits, row_limit_problem
from jixiao.model.location import Location
from jixiao.model.problems import Problem

Element = Any  # lxml element of the WordprocessingML tree

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _TAB, _BR = qn("w:t"), qn("w:tab"), qn("w:br")
_VAL = qn("w:val")


@dataclass
class _Slot:
    text: str
    rowspan: int = 1
    colspan: int = 1
    covered: bool = False
    column: int = 0


def read_docx(data: bytes, name: str) -> ReadOutcome:
    """Given a .docx file's bytes, return one grid of its paragraphs and tables."""
    try:
        body = Document(io.BytesIO(data)).element.body
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml/zipfile errors alike
        problem = Problem(
            "parse.corrupt", "error", f"Word 文件已损坏, 无法打开: {exc}", Location(name)
        )
        return ReadOutcome(problems=(problem,))
    rows: list[GridRow] = []
    problems: tuple[Problem, ...] = ()
    try:
        _blocks(body, name, rows)
    except _Full:
        limit = current_limits().rows
        problems = (row_limit_problem(Location(name, row=limit + 1), limit),)
    return ReadOutcome((Grid(tuple(rows), Location(name)),) if rows else (), problems)


class _Full(Exception):
    """The document has more rows than the read limit: stop walking it."""


def _add(rows: list[GridRow], row: GridRow) -> None:
    if len(rows) >= current_limits().rows:
        raise _Full
    rows.append(row)


def _blocks(parent: Element, name: str, rows: list[GridRow]) -> None:
    for child in parent.iterchildren():
        if child.tag == _P:
            text = squash(paragraph_text(child))
            if text:
                where = Location(name, row=len(rows) + 1)
                _add(rows, GridRow((Cell(text, source=where),), where))
        elif child.tag == _TBL:
            if _is_frame(child):
                for tc in child.iter(_TC):
                    if tc.getparent().getparent() is child:
                        _blocks(tc, name, rows)
            else:
                _table(child, name, rows)
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            _blocks(child, name, rows)


def paragraph_text(p: Element) -> str:
    """Given a w:p element, return its visible text (tabs and breaks as spaces)."""
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR):
        parts.append((el.text or "") if el.tag == _T else " " if el.tag == _TAB else "\n")
    return "".join(parts)


def _is_frame(tbl: Element) -> bool:
    trs = [tr for tr in tbl.iterchildren(_TR)]
    cells = [list(tr.iterchildren(_TC)) for tr in trs]
    return (
        bool(trs)
        and all(len(c) == 1 for c in cells)
        and any(c[0].find(_TBL) is not None for c in cells)
    )


def _table(tbl: Element, name: str, rows: list[GridRow]) -> None:
    room = current_limits().rows - len(rows)
    grid_rows = table_slots(tbl, room)
    for slots in grid_rows:
        if not any(s.text for s in slots) and not any(s.covered for s in slots):
            continue
        r = len(rows) + 1
        where = Location(name, row=r)
        cells = [
            Cell("", covered=True)
            if s.covered
            else Cell(
                s.text, s.rowspan, s.colspan, False, Location(name, row=r, column=s.column + 1)
            )
            for s in slots
        ]
        _add(rows, GridRow(trim(cells), where))
    if len(grid_rows) >= room and sum(1 for _ in tbl.iterchildren(_TR)) > room:
        raise _Full  # the table goes on past the limit


def table_slots(tbl: Element, max_rows: int | None = None) -> list[list[_Slot]]:
    """Given a w:tbl, return its rows as grid slots, horizontal and vertical merges resolved.

    ``gridBefore`` and ``gridSpan`` are sizes the file declares: they are clipped to
    the column limit (a gridSpan of a billion would otherwise fill memory), and at
    most ``max_rows`` rows are taken.
    """
    width = current_limits().columns
    out: list[list[_Slot]] = []
    for tr in tbl.iterchildren(_TR):
        if max_rows is not None and len(out) >= max_rows:
            break
        before = min(max(_grid_before(tr), 0), width - 1)
        row: list[_Slot] = [_Slot("", covered=True) for _ in range(before)]
        for tc in tr.iterchildren(_TC):
            if len(row) >= width:
                break
            col = len(row)
            span = clip_span(col, _int_prop(tc, "w:gridSpan", 1), width)
            if _vmerge(tc) == "continue":
                origin = _origin_above(out, col)
                if origin is not None:
                    origin.rowspan += 1
                row.extend(_Slot("", covered=True) for _ in range(span))
                continue
            row.append(_Slot(_cell_text(tc), colspan=span, column=col))
            row.extend(_Slot("", covered=True) for _ in range(span - 1))
        out.append(row)
    return out


def _origin_above(rows: list[list[_Slot]], col: int) -> _Slot | None:
    for row in reversed(rows):
        if col < len(row) and not row[col].covered:
            return row[col]
    return None


def _cell_text(tc: Element) -> str:
    # Paragraphs of a cell (and of a table nested in it) are one value: the text
    # export writes them on one line.
    parts = [join_lines(paragraph_text(p)) for p in tc.iter(_P)]
    return join_lines("\n".join(p for p in parts if p))


def _grid_before(tr: Element) -> int:
    pr = tr.find(qn("w:trPr"))
    el = pr.find(qn("w:gridBefore")) if pr is not None else None
    return int(el.get(_VAL, "0")) if el is not None else 0


def _int_prop(tc: Element, tag: str, default: int) -> int:
    pr = tc.find(qn("w:tcPr"))
    el = pr.find(qn(tag)) if pr is not None else None
    try:
        return int(el.get(_VAL)) if el is not None else default
    except (TypeError, ValueError):
        return default


def _vmerge(tc: Element) -> str | None:
    pr = tc.find(qn("w:tcPr"))
    el = pr.find(qn("w:vMerge")) if pr is not None else None
    if el is None:
        return None
    # <w:vMerge/> without a value continues the merge above (ECMA-376 17.4.85).
    return el.get(_VAL) or "continue"
