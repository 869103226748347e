"""Space-separated copies of a PDF whose narrow cells wrapped onto the next line,
and glued rows whose unit has a one-character denominator (元/餐)."""

from __future__ import annotations

import pytest

from jixiao.ingest import read_bytes

HEAD = (
    "2022年度部门项目支出绩效目标申报表\n"
    "项目名称 农村公路安保工程省级补助\n"
    "主管部门及代码 [305]某县交通运输局 实施单位 某县公路事业发展中心\n"
    "项目资金 （万元） 年度资金总额： 860.00\n"
    "其中：财政拨款 860.00\n"
    "一级指标 二级指标 三级指标 指标值\n"
)


def _rows(text: str) -> list[tuple[str, str, str, str]]:
    result = read_bytes(text.encode("utf-8"), "wrapped.txt")
    [table] = result.tables
    assert not [p.code for p in result.problems if p.code == "parse.stray-row"]
    return [(i.level1, i.level2, i.name, i.value.raw) for i in table.indicators]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # The name's last character on a line of its own.
        (
            "产出指标 数量指标 安保工程实施里 ≥42公里\n程\n",
            ("产出指标", "数量指标", "安保工程实施里程", "≥42公里"),
        ),
        # A second-level name wrapped in the middle of the row.
        (
            "满意度指标 服务对象满意度指 沿线群众满意度 ≥92%\n标\n",
            ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥92%"),
        ),
        # The value's unit wrapped after its number.
        (
            "产出指标 数量指标 设置波形护栏长度 ≥18.5万\n米\n",
            ("产出指标", "数量指标", "设置波形护栏长度", "≥18.5万米"),
        ),
    ],
    ids=["name", "level", "unit"],
)
def test_wrapped_piece_joins_its_cell(lines: str, expected: tuple[str, str, str, str]) -> None:
    text = HEAD + lines + "效益指标 社会效益指标 事故发生率下降 ≥10%\n"
    assert _rows(text)[0] == expected
    assert _rows(text)[1] == ("效益指标", "社会效益指标", "事故发生率下降", "≥10%")


def test_short_row_of_its_own_is_not_a_piece() -> None:
    # A level name alone on its line heads the rows below; it joins nothing above.
    text = (
        HEAD
        + "产出指标 数量指标 安保工程实施里程 ≥42公里\n效益指标\n社会效益指标 事故发生率下降 ≥10%\n"
    )
    assert [r[2] for r in _rows(text)] == ["安保工程实施里程", "事故发生率下降"]


@pytest.mark.parametrize("unit", ["元/餐", "元/床", "元/人·次"])
def test_glued_unit_with_any_one_character_denominator(unit: str) -> None:
    text = (
        "2023年度项目支出绩效目标表项目名称社区养老服务补贴主管部门某区民政局实施单位某区民政局"
        "项目资金(万元)年度资金总额:96其中:财政拨款96上年结转0其他资金0年度总体目标为困难老人提供"
        "服务。绩效指标一级指标二级指标三级指标指标值产出指标数量指标服务老人人次≥12000人次"
        f"成本指标补贴标准≤8{unit}效益指标社会效益指标困难老人服务覆盖率≥85%满意度指标"
        "服务对象满意度指标老人满意度≥90%\n"
    )
    result = read_bytes(text.encode("utf-8"), "glued.txt")
    values = {i.name: i.value.raw for t in result.tables for i in t.indicators}
    assert values["补贴标准"] == f"≤8{unit}"
    assert values["困难老人服务覆盖率"] == "≥85%"


def test_self_evaluation_name_piece_skips_word_target_and_actual() -> None:
    # "下降 下降" (target and actual in words) stand between the name and the points.
    text = (
        "2023年度项目支出绩效自评表\n项目名称 农村饮水工程运行维护\n"
        "主管部门 某县水利局 实施单位 某县农村供水站\n"
        "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分\n"
        "产出指标 数量指标 维护供水工程处数 ≥45处 47处 30 30\n"
        "效益指标 社会效益指标 供水管网漏损 降低 降低 30 30\n率\n"
        "满意度指标 服务对象满意度指标 用水户满意度 ≥90% 93% 30 30\n"
    )
    result = read_bytes(text.encode("utf-8"), "selfeval.txt")
    [table] = result.tables
    rows = {i.name: (i.value.raw, i.actual.raw if i.actual else None) for i in table.indicators}
    assert rows["供水管网漏损率"] == ("降低", "降低")
    assert len(rows) == 3


def test_piece_on_the_last_line_is_a_row_cut_off() -> None:
    # A copy cut off mid-row ends with the start of the next name: no wrapped tail.
    text = HEAD + "产出指标 数量指标 安保工程实施里程 ≥42公里\n开展质\n"
    result = read_bytes(text.encode("utf-8"), "cut.txt")
    assert [i.name for t in result.tables for i in t.indicators] == ["安保工程实施里程"]


def test_level_piece_on_the_last_line_still_joins() -> None:
    # The level's tail closes the text: a cut-off row never completes a level name.
    text = (
        HEAD
        + "产出指标 数量指标 安保工程实施里程 ≥42公里\n满意度指标 服务对象满意度指 沿线群众满意度 ≥92%\n标\n"
    )
    assert _rows(text)[-1] == ("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥92%")
