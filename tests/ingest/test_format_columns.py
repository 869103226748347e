"""Grid rules found by reading the corpus tables in other formats (tests/corpus/formats.py).

Each test writes a small table the way an office would (openpyxl, python-docx, an HTML
page) with one family trait, reads it back and checks the indicators.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest

from jixiao.ingest import read_path

HEAD = [
    ["项目名称", "乡村道路养护", "", ""],
    ["主管部门", "某县交通运输局", "实施单位", "某县公路中心"],
    ["项目资金(万元)", "年度资金总额", "120", ""],
]
ROWS = [
    ["产出指标", "数量指标", "养护里程", "≥125公里"],
    ["", "", "修补坑槽面积", "≥3000平方米"],
    ["", "质量指标", "路况优良率", "≥85%"],
    ["效益指标", "社会效益指标", "群众出行条件", "明显改善"],
]


def _write_xlsx(rows: list[list[str]], path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row, 1):
            if text:
                ws.cell(r, c, text)
    wb.save(path)
    return path


def _write_html(rows: list[list[str]], path: Path) -> Path:
    body = "".join("<tr>" + "".join(f"<td>{escape(t)}</td>" for t in row) + "</tr>" for row in rows)
    path.write_text(f"<html><body><table>{body}</table></body></html>", encoding="utf-8")
    return path


def _pairs(path: Path) -> list[tuple[str, str, str]]:
    (table,) = read_path(path).tables
    return [(i.level2, i.name, i.value.raw) for i in table.indicators]


EXPECTED = [
    ("数量指标", "养护里程", "≥125公里"),
    ("数量指标", "修补坑槽面积", "≥3000平方米"),
    ("质量指标", "路况优良率", "≥85%"),
    ("社会效益指标", "群众出行条件", "明显改善"),
]


@pytest.mark.parametrize("write", [_write_xlsx, _write_html], ids=["xlsx", "html"])
def test_value_column_headed_before_the_name_is_read_as_the_value(
    write: object, tmp_path: Path
) -> None:
    # "一级指标 | 二级指标 | 指标值 | 三级指标": the block header says which column is which.
    swapped = [[r[0], r[1], r[3], r[2]] for r in ROWS]
    rows = [*HEAD, ["一级指标", "二级指标", "指标值", "三级指标"], *swapped]
    assert _pairs(write(rows, tmp_path / ("t." + write.__name__[7:]))) == EXPECTED  # type: ignore[operator]


def test_split_value_columns_before_the_name_move_together(tmp_path: Path) -> None:
    # 指标性质 / 指标值 / 度量单位 all in front of the name, and a self-evaluation's 实际完成值 after it.
    rows = [
        *HEAD,
        ["一级指标", "二级指标", "指标性质", "指标值", "度量单位", "三级指标", "实际完成值"],
    ]
    rows += [
        ["产出指标", "数量指标", "≥", "125", "公里", "养护里程", "130公里"],
        ["", "质量指标", "≥", "85", "%", "路况优良率", "88%"],
    ]
    (table,) = read_path(_write_xlsx(rows, tmp_path / "split.xlsx")).tables
    got = [
        (i.name, i.value.op, str(i.value.number), i.value.unit, i.actual and i.actual.raw)
        for i in table.indicators
    ]
    assert got == [
        ("养护里程", "≥", "125", "公里", "130公里"),
        ("路况优良率", "≥", "85", "%", "88%"),
    ]


def test_columns_in_the_usual_order_are_left_alone(tmp_path: Path) -> None:
    rows = [*HEAD, ["一级指标", "二级指标", "三级指标", "指标值"], *ROWS]
    assert _pairs(_write_xlsx(rows, tmp_path / "plain.xlsx")) == EXPECTED


def test_full_width_amounts_and_values_are_read_as_numbers(tmp_path: Path) -> None:
    # A form typed in full-width mode: the funds and the values in full-width digits.
    full = str.maketrans("0123456789.%≥", "０１２３４５６７８９．％≧")
    head = [[t.replace("120", "120.5").translate(full) for t in r] for r in HEAD]
    rows = [*head, ["一级指标", "二级指标", "三级指标", "指标值"]]
    rows += [[r[0], r[1], r[2], r[3].translate(full)] for r in ROWS[:3]]
    rows += [["", "", "完成率", "１００"]]
    (table,) = read_path(_write_html(rows, tmp_path / "full.html")).tables
    assert str(table.funds.total) == "120.5"
    got = [(i.value.op, str(i.value.number), i.value.unit) for i in table.indicators]
    assert got == [
        ("≥", "125", "公里"),
        ("≥", "3000", "平方米"),
        ("≥", "85", "%"),
        ("=", "100", ""),
    ]
    assert table.indicators[0].value.raw == "≧１２５公里"  # the raw text as the file wrote it


@pytest.mark.parametrize("write", [_write_xlsx, _write_html], ids=["xlsx", "html"])
def test_words_under_the_level_heads_are_levels(write: object, tmp_path: Path) -> None:
    # "产出目标 / 数量目标" and "项目决策" are not in the level vocabulary, but the block
    # header says they stand in the 一级 / 二级 columns; "成本指标" under the 二级 head
    # (its 一级 merged above) is a second level there, not the 101号 first level.
    rows = [*HEAD, ["一级指标", "二级指标", "三级指标", "指标值"]]
    rows += [
        ["产出目标", "数量目标", "养护里程", "≥125公里"],
        ["", "质量目标", "路况优良率", "≥85%"],
        ["项目决策", "群众满意度指标", "群众满意度", "≥90%"],
        ["", "成本指标", "每公里养护成本", "≤1万元"],
    ]
    (table,) = read_path(write(rows, tmp_path / ("levels." + write.__name__[7:]))).tables  # type: ignore[operator, attr-defined]
    got = [(i.level1, i.level2, i.name, i.value.raw) for i in table.indicators]
    assert got == [
        ("产出目标", "数量目标", "养护里程", "≥125公里"),
        ("产出目标", "质量目标", "路况优良率", "≥85%"),
        ("项目决策", "群众满意度指标", "群众满意度", "≥90%"),
        ("项目决策", "成本指标", "每公里养护成本", "≤1万元"),
    ]


def test_a_row_without_a_cell_after_the_name_column_is_left_to_the_words(tmp_path: Path) -> None:
    # A row that lost its leading cell: its value stands under 三级指标 and nothing after.
    rows = [*HEAD, ["一级指标", "二级指标", "三级指标", "指标值"], ROWS[0]]
    rows += [["质量指标", "路况优良率", "≥85%", ""]]
    got = [
        (i.level2, i.name, i.value.raw)
        for i in read_path(_write_xlsx(rows, tmp_path / "x.xlsx")).tables[0].indicators
    ]
    assert got == [("数量指标", "养护里程", "≥125公里"), ("质量指标", "路况优良率", "≥85%")]


def test_a_value_merged_down_over_rows_is_each_rows_value(tmp_path: Path) -> None:
    # "100%" typed once for two rates, its cell merged over both rows (and 一级 merged too).
    from openpyxl import Workbook

    rows = [*HEAD, ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值"]]
    rows += [
        ["产出指标", "质量指标", "验收合格率", "100%", "100%"],
        ["", "", "资金到位率", "", "98%"],
        ["", "时效指标", "完成及时率", "≥95%", ""],
    ]
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, 1):
        for c, text in enumerate(row, 1):
            if text:
                ws.cell(r, c, text)
    ws.merge_cells("D5:D6")
    ws.merge_cells("A5:A7")
    ws.merge_cells("B5:B6")
    wb.save(tmp_path / "merged.xlsx")
    (table,) = read_path(tmp_path / "merged.xlsx").tables
    got = [(i.name, i.value.raw, i.actual and i.actual.raw) for i in table.indicators]
    assert got == [
        ("验收合格率", "100%", "100%"),
        ("资金到位率", "100%", "98%"),
        ("完成及时率", "≥95%", None),
    ]


@pytest.mark.parametrize("write", [_write_xlsx, _write_html], ids=["xlsx", "html"])
def test_a_name_like_a_column_head_is_an_indicator_when_a_figure_follows(
    write: object, tmp_path: Path
) -> None:
    # "完成率 | 100" is an indicator named like the self-evaluation column; the block header
    # repeated mid-table ("三级指标 | 2024年指标值") carries a year, not a figure, and stays out.
    rows = [*HEAD, ["一级指标", "二级指标", "三级指标", "2024年指标值"], ROWS[0]]
    rows += [["", "", "三级指标", "2024年指标值"], ["", "", "完成率", "100"]]
    got = [
        (i.name, i.value.raw)
        for i in read_path(write(rows, tmp_path / ("h." + write.__name__[7:]))).tables[0].indicators  # type: ignore[operator, attr-defined]
    ]
    assert got == [("养护里程", "≥125公里"), ("完成率", "100")]


@pytest.mark.parametrize("write", [_write_xlsx, _write_html], ids=["xlsx", "html"])
def test_a_first_level_word_alone_in_the_first_level_column_is_a_first_level(
    write: object, tmp_path: Path
) -> None:
    # "项目决策" opens the block; "成本指标" then stands in the 一级 column with the 二级
    # cell empty. Both trees know it as a first level, and the column says so.
    rows = [*HEAD, ["一级指标", "二级指标", "三级指标", "指标值"]]
    rows += [
        ["项目决策", "数量指标", "宣传次数", "≥2次"],
        ["成本指标", "", "宣传成本", "≤10万元"],
        ["满意度指标", "", "群众满意度", "≥90%"],
    ]
    (table,) = read_path(write(rows, tmp_path / ("c." + write.__name__[7:]))).tables  # type: ignore[operator, attr-defined]
    got = [(i.level1, i.level2 or None, i.name) for i in table.indicators]
    assert got == [
        ("项目决策", "数量指标", "宣传次数"),
        ("成本指标", None, "宣传成本"),
        ("满意度指标", None, "群众满意度"),
    ]


def test_a_first_row_of_short_cells_worded_like_heads_is_still_a_row(tmp_path: Path) -> None:
    # Every cell short and holding 指标 or 完成, as a wrapped second header row would; the
    # level that opens it makes it the first indicator.
    rows = [*HEAD, ["一级指标", "二级指标", "三级指标", "指标值"]]
    rows += [["产出指标", "数量指标", "指标1:建设完成", "按要求完成"], ROWS[2]]
    got = [
        (i.name, i.value.raw)
        for i in read_path(_write_xlsx(rows, tmp_path / "w.xlsx")).tables[0].indicators
    ]
    assert got == [("建设完成", "按要求完成"), ("路况优良率", "≥85%")]
