"""Indicator columns put in reading order: the third-level name before its values.

The layout reads an indicator row as levels, then the name, then the columns the block
header names after 三级指标 (docs/reading.md). Some units move the 指标值 column (or
指标性质 / 度量单位 with it) in front of 三级指标, as in "一级指标 | 二级指标 | 指标值 |
三级指标"; read as it stands, every value would become a name. The block header says
where each column belongs, so the rows of that block get their columns moved back
behind the name column before the layout sees them. Rows with a merge across the moved
columns (a footnote, the next table's header) are left as they are.
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
    """Given a reader's grids, return them with value columns moved behind 三级指标 where headed before it."""
    grids = tuple(_grid(g) for g in outcome.grids)
    if all(a is b for a, b in zip(grids, outcome.grids, strict=True)):
        return outcome
    return replace(outcome, grids=grids)


def _grid(grid: Grid) -> Grid:
    if grid.stream:
        return grid  # one cell per row: there are no columns to move
    rows = list(grid.rows)
    order: list[int] | None = None
    changed = False
    for r, row in enumerate(rows):
        texts = [c.text for c in row.cells]
        keys = [norm(t) for t in texts]
        if any(k in NAME_COLUMN_HEADS for k in keys):
            order = _order(row.cells, keys)
        elif next((header_field(t) for t in texts if t), None) is not None:
            order = None  # a header row: the next table, with its own block header
        if order is not None and _movable(row.cells, order):
            rows[r] = _moved(row, order)
            changed = True
    return replace(grid, rows=tuple(rows)) if changed else grid


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
