"""Merged cells cut by a page break: text put back where the merge starts, nothing else moved."""

from __future__ import annotations

from jixiao.ingest.grid import Cell, GridRow
from jixiao.ingest.pdf_pagecut import closing_edges, join_continuation
from jixiao.model.location import Location

C = Cell("", covered=True)


def _row(*cells: Cell | str, page: int = 1) -> GridRow:
    out = tuple(
        c if isinstance(c, Cell) else Cell(c, source=Location("x.pdf", page=page, row=1, column=j))
        for j, c in enumerate(cells, 1)
    )
    return GridRow(out, Location("x.pdf", page=page))


def _line(text: str) -> GridRow:
    return GridRow((Cell(text, source=Location("x.pdf", page=1)),), Location("x.pdf", page=1))


def test_label_printed_on_the_next_page_moves_to_its_merge() -> None:
    header = _row(
        Cell("", rowspan=2, source=Location("x.pdf", column=1)), "一级指标", "三级指标", "指标值"
    )
    last = _row(C, Cell("", source=Location("x.pdf", column=2)), "指标1: 体检人数", "≥100人")
    before = [header, last, _line("绩效指标")]  # the clipped copy under the table
    nxt = _row(
        Cell("绩效指标", rowspan=3), Cell("产出指标", rowspan=3), "指标2: 救助人数", "≥25人", page=2
    )
    after = join_continuation(before, [nxt])
    assert [r.texts() for r in before] == [
        ["绩效指标", "一级指标", "三级指标", "指标值"],
        ["", "产出指标", "指标1: 体检人数", "≥100人"],
    ]
    assert after[0].texts() == ["", "", "指标2: 救助人数", "≥25人"]


def test_an_empty_value_cell_does_not_take_the_next_pages_value() -> None:
    before = [_row("产出指标", "指标1: 体检人数", "")]
    nxt = [_row("", "指标2: 救助人数", "≥25人", page=2)]
    assert join_continuation(before, nxt) == nxt
    assert before[0].texts() == ["产出指标", "指标1: 体检人数", ""]


def _edge(x0: float, x1: float, top: float, bottom: float) -> dict[str, object]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "orientation": "h" if top == bottom else "v",
    }


def test_boxes_open_at_the_page_top_are_closed() -> None:
    # Columns 0-1 continue a merge from the page before: no top border over them.
    edges = [_edge(x, x, 100, 300) for x in (10, 60, 110, 200)] + [_edge(110, 200, 100, 100)]
    edges += [_edge(10, 200, 300, 300)]
    closing = closing_edges(edges)
    assert [(e["x0"], e["x1"], e["top"]) for e in closing] == [(10, 60, 100), (60, 110, 100)]
