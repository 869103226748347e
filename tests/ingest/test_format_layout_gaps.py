"""Grid shapes real files have, checked against the shared layout."""

from __future__ import annotations

from make_fixtures import example_tables

from jixiao.ingest.grid import Cell, Grid, GridRow
from jixiao.ingest.layout import grids_to_result
from jixiao.model.location import Location


def _grid(rows: list[list[str]]) -> Grid:
    where = Location("printed.html")
    return Grid(tuple(GridRow(tuple(Cell(t) for t in r), where) for r in rows), where)


def test_repeated_indicator_header_inside_the_block_is_not_an_indicator() -> None:
    # A multi-page table printed to HTML or text repeats its header inside the block.
    table = example_tables()[0]
    rows = [[x] for x in table.titles] + table.rows
    middle = len(rows) - 5
    rows.insert(middle, ["", "一级指标", "二级指标", "三级指标", "指标值"])
    result = grids_to_result((_grid(rows),))
    assert [len(t.indicators) for t in result.tables] == [10]


def test_a_line_between_two_tables_is_not_an_indicator() -> None:
    first, second = example_tables()[:2]
    rows = [[x] for x in first.titles] + first.rows + [["Sheet 2: 目标表2"]]
    rows += [[x] for x in second.titles] + second.rows
    result = grids_to_result((_grid(rows),))
    assert [len(t.indicators) for t in result.tables] == [10, 10]


def test_last_indicator_of_a_sheet_with_an_empty_value_is_kept() -> None:
    table = example_tables()[0]
    rows = [[x] for x in table.titles] + [list(r) for r in table.rows]
    rows[-1][-1] = ""  # 劳模满意度 left blank by the unit
    where = Location("one-table-per-sheet.xlsx", sheet="表1")
    grid = Grid(tuple(GridRow(tuple(Cell(t) for t in r), where) for r in rows), where)
    result = grids_to_result((grid,))
    assert [i.name for i in result.tables[0].indicators][-1] == "劳模满意度"
