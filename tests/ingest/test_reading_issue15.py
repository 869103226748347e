"""Issue 15 reading families, each on a synthetic table of its own (no corpus strings)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.ingest import read_path, read_text
from jixiao.ingest.glued import split_heads, split_rows


def _rows(text: str) -> list[tuple[str, str]]:
    return [(i.name, i.value.raw) for t in read_text(text).tables for i in t.indicators]


# A short table run together on one line, in traditional characters.
_TRADITIONAL_RUN_ON = (
    "2023年鄉村書屋補助經費項目績效目標表項目名稱鄉村書屋補助經費主管部門縣文化局"
    "一級指標二級指標三級指標指標值產出指標數量指標新建書屋數量>=3個"
    "質量指標書屋驗收合格率100%效益指標社會效益指標閱讀人次>=500人次"
    "滿意度指標服務對象滿意度指標讀者滿意度>=90%"
)


def test_a_short_traditional_run_on_table_is_read() -> None:
    # Its glued heads are found on the simplified form ("一級指標二級指標" = 一级指标二级指标).
    [table] = read_text(_TRADITIONAL_RUN_ON).tables
    assert table.project.name == "鄉村書屋補助經費"
    assert [i.name for i in table.indicators] == [
        "新建書屋數量",
        "書屋驗收合格率",
        "閱讀人次",
        "讀者滿意度",
    ]


def test_traditional_values_keep_the_files_script_in_raw() -> None:
    # The table is read on its simplified form; the value's raw text is still the
    # file's own (">=3個"), only the parsed unit is the simplified word.
    [table] = read_text(_TRADITIONAL_RUN_ON).tables
    first = table.indicators[0]
    assert (first.name, first.value.raw, first.value.unit) == ("新建書屋數量", ">=3個", "个")
    assert first.value.number is not None and int(first.value.number) == 3


def test_a_yes_no_answer_is_a_glued_value() -> None:
    # 分值 | 年度指标值 | 全年实际值 | 得分 glued: "…不高于市场价6是是6" = 6 | 是 | 是 | 6.
    roles: list[str | None] = ["weight", "value", "actual", "score"]
    assert split_rows("农机采购价格不高于市场价6是是6", roles) == [
        ["农机采购价格不高于市场价", "6", "是", "是", "6"]
    ]
    # A "是否…" question is one name: its answer follows, never inside it.
    roles = ["value", "actual", "reason"]
    rows = split_rows("村民环保意识是否明显增强是达成预期指标垃圾清运率不低于90%95%", roles)
    assert rows is not None
    assert rows[0][:3] == ["村民环保意识是否明显增强", "是", "达成预期指标"]
    assert rows[1][:3] == ["垃圾清运率", "不低于90%", "95%"]


def test_a_head_whose_note_was_emptied_is_still_a_head() -> None:
    # A copy that lost its digits or letters keeps "年初目标值()实际完成值()得分".
    assert split_heads("年初目标值()实际完成值()得分") == ["年初目标值", "实际完成值", "得分"]


def test_two_row_block_header_keeps_the_upper_rows_columns() -> None:
    # The lower row splits 年度指标值 into 指标性质 | 指标值 | 度量单位; 实际完成值, 分值 and
    # 得分 are named only by the upper row and must still be read.
    text = "\n".join(
        [
            "| 项目名称 | 乡镇污水管网维护经费 |",
            "| 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
            "| 一级 指标 |",
            "| 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 |",
            "| 产出指标 | 数量指标 | 维护管网长度 | ≥ | 12 | 公里 | 13 | 20 | 20 | |",
            "| 质量指标 | 管网完好率 | ≥ | 95 | % | 90 | 30 | 28 | 雨季损坏 |",
            "| 满意度指标 | 服务对象满意度指标 | 居民满意度 | ≥ | 90 | % | 92 | 10 | 10 | |",
        ]
    )
    [table] = read_text(text).tables
    assert table.kind == "self_evaluation"
    got = [
        (i.name, i.value.raw, i.actual.raw if i.actual else None, i.weight, i.score)
        for i in table.indicators
    ]
    assert got == [
        ("维护管网长度", "≥12公里", "13", Decimal(20), Decimal(20)),
        ("管网完好率", "≥95%", "90", Decimal(30), Decimal(28)),
        ("居民满意度", "≥90%", "92", Decimal(10), Decimal(10)),
    ]
    assert table.indicators[1].deviation_reason == "雨季损坏"


def test_a_report_names_its_project_in_a_sentence_when_the_table_lost_its_header() -> None:
    # The embedded table starts at its indicator rows; the report's prose after it
    # says "该…项目于…": that is the project's name (never "该项目" alone).
    text = "\n".join(
        [
            "一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值",
            "产出指标 | 数量指标 | 维修路灯数量 | ≥120盏 | 130盏",
            "产出指标 | 质量指标 | 路灯亮灯率 | ≥98% | 99%",
            "满意度指标 | 服务对象满意度指标 | 居民满意度 | ≥90% | 93%",
            "",
            "二、项目资金申报及使用情况",
            "该项目资金按时拨付。该城区路灯维护经费项目于2021年初向财政局申报,批复资金30万元。",
        ]
    )
    [table] = read_text(text).tables
    assert table.project.name == "城区路灯维护经费"
    assert [i.name for i in table.indicators] == ["维修路灯数量", "路灯亮灯率", "居民满意度"]


def test_a_transposed_block_pairs_names_across_with_values_below() -> None:
    # Names run across after 三级指标 (one wrapped onto the next line), the year's
    # values across after 年度目标值; the period's values after them end the block.
    text = "\n".join(
        [
            "绩效目标表",
            "资金名称 市级业务主管部",
            "门 资金类型",
            "农村饮水安全专项资金",
            "一段说明文字," * 30,
            "三级指标 新建水厂(座) 水质达标率(%)",
            "供水覆盖率(%)",
            "年度目标值",
            "4 98% 95%",
            "实施周期目标值",
            "12 98% 99% 稳步提高",
        ]
    )
    [table] = read_text(text).tables
    got = [(i.name, i.value.raw) for i in table.indicators]
    assert got == [("新建水厂(座)", "4"), ("水质达标率(%)", "98%"), ("供水覆盖率(%)", "95%")]


def test_a_label_wrapped_at_the_line_end_is_one_label() -> None:
    # "…主管部" / "门 …": the label goes on at the start of the next line.
    text = "\n".join(
        [
            "项目名称 乡村道路养护 主管部",
            "门 县交通运输局",
            "一级指标 二级指标 三级指标 指标值",
            "产出指标 数量指标 养护里程 ≥40公里",
            "产出指标 质量指标 路面完好率 ≥90%",
            "满意度指标 服务对象满意度指标 群众满意度 ≥90%",
        ]
    )
    [table] = read_text(text).tables
    assert table.project.name == "乡村道路养护"
    assert table.project.department == "县交通运输局"


_RUN_ON_SELF_EVALUATION = (
    "项目名称 社区文化活动经费 主管部门 某区文化馆 "
    "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"
    "产出指标数量指标举办文化活动场次12场12场2020"
    "质量指标活动器材、场地、人员 安全等合格合格2020"
    "效益指标社会效益 指标指标1:指标2:满意度 指标服务对象 满意度指 标"
    "参与群众满意度95%96%1010"
)


def test_a_name_cut_by_a_space_runs_on_into_its_glued_values() -> None:
    # "活动器材、场地、人员" / "安全等合格合格2020": the name's end is glued to its values.
    rows = _rows(_RUN_ON_SELF_EVALUATION)
    assert ("活动器材、场地、人员安全等", "合格") in rows


def test_spaced_level_words_and_empty_numbering_are_no_indicator() -> None:
    # "社会效益 指标", "满意度指 标": level names wrapped with spaces; "指标1:指标2:" is an
    # empty template row. Neither becomes a name or a value.
    [table] = read_text(_RUN_ON_SELF_EVALUATION).tables
    last = table.indicators[-1]
    assert (last.level2, last.name, last.value.raw) == (
        "服务对象满意度指标",
        "参与群众满意度",
        "95%",
    )
    assert not any("指标" in i.name or "指标" in i.value.raw for i in table.indicators)


def test_a_sheet_row_keeps_an_empty_score_in_its_place(tmp_path: Path) -> None:
    # In a sheet the cells keep their columns: "≥90% | 92 | 10 | (empty)" is weight 10
    # with no score, not a row that dropped its cells (as space-separated text does).
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [
        ["项目名称", "社区养老服务补助"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "服务老人人次", "≥500人次", "520人次", 40, 40],
        ["满意度指标", "服务对象满意度指标", "老人满意度", "≥90%", 92, 10, None],
    ]:
        sheet.append(row)
    path = tmp_path / "selfeval.xlsx"
    book.save(path)
    [table] = read_path(path).tables
    last = table.indicators[-1]
    assert last.actual is not None and last.actual.number == 92
    assert (last.weight, last.score) == (Decimal(10), None)
