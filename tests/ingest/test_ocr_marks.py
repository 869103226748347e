"""Issue 17: uncertain OCR cells become marked indicator fields (name, value) that storage keeps."""

from __future__ import annotations

from pathlib import Path

import pytest
from ocr_support import FONT
from PIL import Image, ImageDraw, ImageFont

from jixiao.ingest import read_bytes
from jixiao.ingest.grid import Cell, Grid, GridRow, ReadOutcome
from jixiao.ingest.layout import grids_to_result
from jixiao.ingest.ocr import reader
from jixiao.ingest.ocr.marks import mark_unsure
from jixiao.model.location import Location
from jixiao.model.problems import Problem
from jixiao.model.serialize import table_from_dict, table_to_dict

NAME = "scan.png"
ROWS = [
    ["项目名称", "劳模服务", "", ""],
    ["主管部门及代码", "市总工会-508", "实施单位", "市总工会"],
    ["年度资金总额", "74.5", "其中:财政拨款", "70"],
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "指标1:体检人数", "≥150人"],
    ["", "", "指标2:慰问人数", "≥40人"],
    ["", "时效指标", "指标1:项目完成时间", "本年内"],
]


def _grid() -> Grid:
    # The grid an OCR read gives: each cell with its page, row and column.
    rows = []
    for r, texts in enumerate(ROWS, start=1):
        cells = tuple(
            Cell(t, source=Location(NAME, page=1, row=r, column=c))
            for c, t in enumerate(texts, start=1)
        )
        rows.append(GridRow(cells, Location(NAME, page=1, row=r)))
    return Grid(tuple(rows), Location(NAME))


def _unsure(row: int, column: int) -> Problem:
    where = Location(NAME, page=1, row=row, column=column)
    return Problem("parse.ocr-uncertain", "warning", "识别把握不足", where)


def _marks(*problems: Problem) -> dict[str, tuple[str, ...]]:
    outcome = ReadOutcome((_grid(),), problems)
    result = mark_unsure(grids_to_result(outcome.grids), outcome)
    (table,) = result.tables
    return {i.name: i.ocr_unsure for i in table.indicators}


def test_uncertain_value_and_name_cells_mark_their_indicator_fields() -> None:
    marks = _marks(_unsure(5, 4), _unsure(6, 3), _unsure(2, 2))
    assert marks == {"体检人数": ("value",), "慰问人数": ("name",), "项目完成时间": ()}


def test_uncertain_header_cells_mark_the_field_their_label_names() -> None:
    outcome = ReadOutcome((_grid(),), (_unsure(3, 2), _unsure(3, 4), _unsure(1, 2)))
    (table,) = mark_unsure(grids_to_result(outcome.grids), outcome).tables
    # 项目名称 is the table's identity, not an editable field: not marked.
    assert table.ocr_unsure == ("funds_total", "funds_fiscal")
    assert table_from_dict(table_to_dict(table)).ocr_unsure == ("funds_total", "funds_fiscal")


def test_an_uncertain_level_cell_marks_no_indicator_field() -> None:
    # 数量指标 spans the rows below it; it is no indicator's name or value.
    outcome = ReadOutcome((_grid(),), (_unsure(5, 2),))
    (table,) = mark_unsure(grids_to_result(outcome.grids), outcome).tables
    assert {i.ocr_unsure for i in table.indicators} == {()} and table.ocr_unsure == ()


def test_a_read_without_uncertain_cells_is_left_as_it_is() -> None:
    outcome = ReadOutcome((_grid(),), ())
    result = grids_to_result(outcome.grids)
    assert mark_unsure(result, outcome) is result


def test_marks_survive_the_json_contract() -> None:
    outcome = ReadOutcome((_grid(),), (_unsure(5, 4),))
    (table,) = mark_unsure(grids_to_result(outcome.grids), outcome).tables
    data = table_to_dict(table)
    assert data["indicators"][0]["ocr_unsure"] == ["value"]
    assert "ocr_unsure" not in data["indicators"][1]  # other rows keep their shape
    assert table_from_dict(data).indicators[0].ocr_unsure == ("value",)


def test_scanned_image_read_end_to_end_marks_its_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("rapidocr_onnxruntime")
    # The table drawn ruled on an A4 page at 150 dpi; with the bar above any
    # confidence every cell is uncertain, so every indicator has both fields marked.
    monkeypatch.setattr(reader, "UNCERTAIN", 1.01)
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), 22)
    xs, ys = [60, 300, 540, 900, 1180], [100 + 60 * k for k in range(len(ROWS) + 1)]
    for y in ys:
        draw.line((xs[0], y, xs[-1], y), fill=0, width=2)
    for x in xs:
        draw.line((x, ys[0], x, ys[-1]), fill=0, width=2)
    for r, texts in enumerate(ROWS):
        for c, text in enumerate(texts):
            draw.text((xs[c] + 12, ys[r] + 18), text, fill=0, font=font)
    path = tmp_path / NAME
    page.save(path)
    (table,) = read_bytes(path.read_bytes(), NAME).tables
    assert [i.name for i in table.indicators] == ["体检人数", "慰问人数", "项目完成时间"]
    assert {i.ocr_unsure for i in table.indicators} == {("name", "value")}
    assert table.ocr_unsure == ("funds_total", "funds_fiscal")
