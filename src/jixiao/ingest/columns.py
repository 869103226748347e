"""Indicator columns put in reading order, and values merged down a column filled in.

The layout reads an indicator row as levels, then the name, then the columns the block
header names after 三级指标 (docs/reading.md). Some units move the 指标值 column (or
指标性质 / 度量单位 with it) in front of 三级指标, as in "一级指标 | 二级指标 | 指标值 |
三级指标"; read as it stands, every value would become a name. The block header says
where each column belongs, so the rows of that block get their columns moved back
behind the name column before the layout sees them. Rows with a merge across the moved
columns (a footnote, the next table's header) are left as they are.

A value cell merged down over several indicator rows (one "100%" for three rates) gives
its text to each row it covers, as the rows' own cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from jixiao.ingest.grid import Cell, Grid, GridRow, ReadOutcome
from jixiao.ingest.vocab import NAME_COLUMN_HEADS, column_role, header_field, norm

#: Roles of columns that belong after the name (values and their parts).
_VALUE_ROLES = frozenset({"value", "op", "unit", "actual", "expected", "progress"})
_LEVEL_HEADS = ("一级指标", "二级指标")


def name_before_values(outcome: ReadOutcome) -> ReadOutcome:
    """Given a reader's grids, return them with value columns behind 三级指标 and merged values filled in."""
    grids = tuple(_grid(g) for g in outcome.grids)
    if all(a is b for a, b in zip(grids, outcome.grids, strict=True)):
        return outcome
    return replace(outcome, grids=grids)


def _grid(grid: Grid) -> Grid:
    if grid.stream:
        return grid  # one cell per row: there are no columns to move
    rows = list(grid.rows)
    order: list[int] | None = None
    name_at: int | None = None
    spans: dict[int, tuple[str, int]] = {}
    changed = False
    for r, row in enumerate(rows):
        texts = [c.text for c in row.cells]
        keys = [norm(t) for t in texts]
        new = row
        if any(k in NAME_COLUMN_HEADS for k in keys):
            order, spans = _order(row.cells, keys), {}
            if order is not None and _movable(row.cells, order):
                new = _moved(row, order)
            name_at = max(i for i, c in enumerate(new.cells) if norm(c.text) in NAME_COLUMN_HEADS)
        elif next((header_field(t) for t in texts if t), None) is not None:
            # A header row: the next table, with its own block header.
            order, name_at, spans = None, None, {}
        else:
            if order is not None and _movable(row.cells, order):
                new = _moved(row, order)
            if name_at is not None:
                new = _filled(new, name_at, spans)
        if new is not row:
            rows[r], changed = new, True
    return replace(grid, rows=tuple(rows)) if changed else grid


def _filled(row: GridRow, name_at: int, spans: dict[int, tuple[str, int]]) -> GridRow:
    """Given an indicator row, return it with value cells merged down from above filled in.

    "100%" typed once for three rates, its cell merged over their rows: each row has
    that value (a merged 一级/二级 name is carried by the layout; a value is not).
    """
    cells = list(row.cells)
    changed = False
    for c in range(name_at + 1, len(cells)):
        cell = cells[c]
        if not cell.covered:
            spans.pop(c, None)
            if cell.rowspan > 1 and cell.colspan == 1 and cell.text:
                spans[c] = (cell.text, cell.rowspan - 1)
        elif spans.get(c, ("", 0))[1] > 0:
            text, left = spans[c]
            cells[c], spans[c], changed = Cell(text), (text, left - 1), True
    return replace(row, cells=tuple(cells)) if changed else row


def _order(cells: Sequence[Cell], keys: list[str]) -> list[int] | None:
    """Given a block header row, return the column order that puts values after the name, or None."""
    name = max(i for i, k in enumerate(keys) if k in NAME_COLUMN_HEADS)
    levels = [i for i, k in enumerate(keys) if k in _LEVEL_HEADS]
    start = max(levels, default=-1) + 1
    before = [
        i
        for i in range(start, name)
        if keys[i] and column_role(cells[i].text) in _VALUE_ROLES and not cells[i].covered
    ]
    if not before:
        return None
    rest = [i for i in range(len(cells)) if i not in before]
    at = rest.index(name) + 1
    return rest[:at] + before + rest[at:]


def _movable(cells: Sequence[Cell], order: list[int]) -> bool:
    # Only the columns between the first moved one and the name change places; a cell
    # spanning into that stretch from elsewhere would be cut by the move.
    moved = [i for i, j in enumerate(order) if i != j]
    if not moved:
        return False
    lo, hi = min(moved), max(moved)
    for c, cell in enumerate(cells):
        if cell.covered or cell.colspan == 1:
            continue
        if c <= hi and c + cell.colspan - 1 >= lo:
            return False
    return True


def _moved(row: GridRow, order: list[int]) -> GridRow:
    cells = list(row.cells) + [Cell("")] * (len(order) - len(row.cells))
    out = [cells[j] for j in order] + cells[len(order) :]
    while out and not out[-1].text and not out[-1].covered:
        out.pop()
    return replace(row, cells=tuple(out))
