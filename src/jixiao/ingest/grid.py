"""The neutral grid every reader produces and the layout step consumes.

A reader turns its format into rows of cells. A merged cell keeps its text in its
top-left slot only; the slots it covers are empty cells with ``covered=True``. Text
outside tables (titles such as "(2024年度)") is a one-cell row in document order.
This is exactly what a tab-separated export of the same table looks like, so one
layout step serves every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from jixiao.model.location import Location
from jixiao.model.problems import Problem
from jixiao.model.project import TargetTable


@dataclass(frozen=True, slots=True)
class Cell:
    """One slot of the grid."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    covered: bool = False
    source: Location | None = None


@dataclass(frozen=True, slots=True)
class GridRow:
    """One row of cells with where the row came from."""

    cells: tuple[Cell, ...]
    source: Location

    def texts(self) -> list[str]:
        """Given a row, return its cells' texts."""
        return [c.text for c in self.cells]


@dataclass(frozen=True, slots=True)
class Grid:
    """The rows of one document part (a sheet, a PDF, an HTML page, a text file).

    ``stream`` marks grids whose rows are not real table rows but one cell each in
    reading order (text where every cell sits on its own line): the layout then
    rebuilds rows from the meaning of the cells.
    """

    rows: tuple[GridRow, ...]
    source: Location
    stream: bool = False
    #: Text whose last line closes its row with a border ("| 满意度 |  |"): the file
    #: ends after a whole row, so an empty last cell was left blank, not cut off.
    closed_end: bool = False
    #: Whether the text is in traditional characters, when the reader already knows
    #: (None: the layout decides from the cells).
    traditional: bool | None = None
    #: The layout family the reader recognised (docs/reading.md), for --explain:
    #: "tab-separated", "pipes", "pipe-per-cell", "line-per-cell", "glued-rows",
    #: "run-on", "space-separated"; None where the format itself gives the cells.
    family: str | None = None


@dataclass(frozen=True, slots=True)
class ReadOutcome:
    """What a format reader gives: grids to lay out and problems met while reading."""

    grids: tuple[Grid, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    #: Whole tables, from a file jixiao wrote itself with the tables inside (a filled
    #: self-evaluation template): nothing to lay out, they pass through as they are.
    tables: tuple[TargetTable, ...] = ()


def row_of(texts: list[str], source: Location) -> GridRow:
    """Given plain cell texts and the row's location, return a grid row."""
    return GridRow(tuple(Cell(t) for t in texts), source)


# C0 controls other than tab, line feed and carriage return, and DEL: no table text
# holds them, PostgreSQL refuses NUL in text, and exports cannot draw them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(outcome: ReadOutcome) -> ReadOutcome:
    """Given what a reader gave, return it with control characters out of the cell texts.

    NUL goes (it splits no words: "芜湖\\x00市" is 芜湖市); the others become spaces.
    """
    if not any(_CONTROL.search(c.text) for g in outcome.grids for r in g.rows for c in r.cells):
        return outcome
    grids = tuple(
        replace(g, rows=tuple(replace(r, cells=tuple(_clean(c) for c in r.cells)) for r in g.rows))
        for g in outcome.grids
    )
    return replace(outcome, grids=grids)


def _clean(cell: Cell) -> Cell:
    if not _CONTROL.search(cell.text):
        return cell
    return replace(cell, text=_CONTROL.sub(" ", cell.text.replace("\x00", "")))
