"""Rows whose cells lost their borders: the header's columns and the cells' grammar cut them.

Synthetic variants of the glued-rows and run-on families (docs/reading.md); no corpus text.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.ingest import read_text
from jixiao.ingest.glued import split_heads, split_rows
from jixiao.synth import generate
from jixiao.synth.text import table_to_layout


def test_a_glued_header_names_its_columns() -> None:
    assert split_heads("指标名称指标权重计量单位指标性质指标值") == [
        "指标名称",
        "指标权重",
        "计量单位",
        "指标性质",
        "指标值",
    ]
    assert split_heads("年初目标值实际完成值未完成原因及改进措施") == [
        "年初目标值",
        "实际完成值",
        "未完成原因及改进措施",
    ]
    assert split_heads("保障街道正常运转") is None


def test_weight_unit_op_value_are_cut_by_the_header() -> None:
    roles: list[str | None] = ["weight", "unit", "op", "value"]
    assert split_rows("道路保洁覆盖率15%=98", roles) == [["道路保洁覆盖率", "15", "%", "=", "98"]]
    # "1530": weight 15 then value 30 (a weight is at most 100), unit and op left out.
    assert split_rows("举办培训班期数1530", roles) == [["举办培训班期数", "15", "", "", "30"]]
    assert split_rows("群众安全感保障情况20有效保障", roles) == [
        ["群众安全感保障情况", "20", "", "", "有效保障"]
    ]


def test_several_rows_glued_together_come_apart() -> None:
    roles: list[str | None] = ["value", "actual", "weight", "score"]
    rows = split_rows("补贴发放人数≥300人312人15%15资金拨付率100%100%10%10", roles)
    assert rows == [
        ["补贴发放人数", "≥300人", "312人", "15%", "15"],
        ["资金拨付率", "100%", "100%", "10%", "10"],
    ]


def test_weight_glued_to_the_target_is_cut_where_score_and_actual_agree() -> None:
    roles: list[str | None] = ["weight", "value", "actual", "score", "reason"]
    rows = split_rows("培训农户人次6320人次320人次6", roles)
    assert rows == [["培训农户人次", "6", "320人次", "320人次", "6", ""]]


def test_text_that_is_no_row_is_left_alone() -> None:
    assert split_rows("保障街道机关正常运转", ["value", "actual", "weight", "score"]) is None


def test_a_glued_table_reads_its_weights_and_split_values() -> None:
    text = "\n".join(
        [
            "2024年部门整体绩效目标表",
            "项目名称某某街道整体支出",
            "绩效指标指标名称指标权重计量单位指标性质指标值",
            "道路保洁覆盖率15%=98",
            "举办培训班期数1530",
            "群众安全感保障情况20有效保障",
            "居民满意度10%≥90",
        ]
    )
    found = {i.name: i for t in read_text(text).tables for i in t.indicators}
    assert found["道路保洁覆盖率"].value.number == Decimal("98")
    assert found["道路保洁覆盖率"].value.unit == "%"
    assert found["举办培训班期数"].value.number == Decimal("30")
    assert found["群众安全感保障情况"].value.raw == "有效保障"
    assert found["居民满意度"].value.op == "≥"
    assert found["居民满意度"].name == "居民满意度"  # a level word as the name stays the name


@pytest.mark.parametrize("layout", ["glued-rows", "run-on"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_synthetic_tables_in_glued_layouts_keep_every_quantitative_indicator(
    layout: str, seed: int
) -> None:
    for synth in generate(4, seed=seed):
        table = synth.table
        text = table_to_layout(table, layout)
        read = [i for t in read_text(text).tables for i in t.indicators]
        got = {(i.name, i.value.raw) for i in read}
        want = {(i.name, i.value.raw) for i in table.indicators if i.value.is_quantitative}
        assert want <= got, text
        # Precision: nothing read carries a header word or a bare number as its name.
        assert not [i for i in read if i.name in ("指标值", "三级指标") or i.name.isdigit()]


@pytest.mark.parametrize(
    ("layout", "family"),
    [
        ("tab", "tab-separated"),
        ("glued-rows", "glued-rows"),
        ("run-on", "run-on"),
        ("prose", "prose"),
    ],
)
def test_explain_names_the_layout_family(tmp_path, layout: str, family: str) -> None:  # type: ignore[no-untyped-def]
    from jixiao.ingest.explain import explain_html

    path = tmp_path / f"{layout}.txt"
    path.write_text(table_to_layout(generate(1, seed=5)[0].table, layout), encoding="utf-8")
    assert f"data-family='{family}'" in explain_html(path)


def test_unit_column_header_glued_to_its_rows_with_decimals_and_a_cut_tail() -> None:
    # Heads with "(分)", the first rows glued after them, numbers glued to numbers,
    # and the preview cut off mid-row: whole rows are read, the tail is dropped.
    text = (
        "项目名称某某区林业局整体支出"
        + "。" * 100
        + "绩效指标指标名称计量单位指标性质指标值指标权重(分)全年完成值指标得分(分)说明"
        + "古树名木挂牌率%951510015有害生物监测面积万亩120109810"
        + "火灾受害率‰0.8200.520林下经济示范"
    )
    read = {i.name: i for t in read_text(text).tables for i in t.indicators}
    assert {n: (str(i.value.number), i.value.unit, str(i.weight)) for n, i in read.items()} == {
        "古树名木挂牌率": ("95", "%", "15"),
        "有害生物监测面积": ("120", "万亩", "10"),
        "火灾受害率": ("0.8", "‰", "20"),
    }
    assert read["火灾受害率"].actual is not None and str(read["火灾受害率"].actual.number) == "0.5"


@pytest.mark.parametrize("layout", ["glued-rows", "run-on", "prose", "bracketed"])
def test_synth_cli_writes_each_layout_and_it_reads_back(tmp_path, layout: str) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from jixiao.cli import app
    from jixiao.ingest import read_path

    out = tmp_path / "corpus"
    run = CliRunner().invoke(
        app, ["synth", "-n", "3", "-o", str(out), "--layout", layout, "--seed", "4"]
    )
    assert run.exit_code == 0, run.output
    files = sorted(out.glob("*.txt"))
    assert files
    assert sum(len(t.indicators) for f in files for t in read_path(f).tables) >= 3 * 4
    bad = CliRunner().invoke(app, ["synth", "-n", "1", "-o", str(out), "--layout", "x"])
    assert bad.exit_code == 2


def test_a_text_target_met_word_for_word_is_cut_where_it_repeats() -> None:
    roles: list[str | None] = ["value", "actual", "score"]
    rows = split_rows("档案数字化范围以馆藏为主以馆藏为主10存储容量40TB40TB10", roles)
    assert rows == [
        ["档案数字化范围", "以馆藏为主", "以馆藏为主", "10"],
        ["存储容量", "40TB", "40TB", "10"],
    ]


def test_periods_and_bare_wan_are_one_value() -> None:
    roles: list[str | None] = ["value"]
    assert split_rows("服务保障期限2021年3月--2021年12月", roles) == [
        ["服务保障期限", "2021年3月--2021年12月"]
    ]
    assert split_rows("补助发放期间2021.1.1-2021.12.31", roles) == [
        ["补助发放期间", "2021.1.1-2021.12.31"]
    ]
    assert split_rows("人员经费≤35万/月", roles) == [["人员经费", "≤35万/月"]]


def test_glued_rows_under_a_letter_spaced_label_and_a_note_column() -> None:
    text = (
        "项目名称某某馆藏修复工程\n"
        "项目资金(万元)年度资金总额36.5\n"
        "绩 效 指 标一级指标二级指标三级指标指标值指标说明\n"
        "产出指标数量指标修复古籍册数120册\n"
        "修复字画幅数30幅\n"
        "质量指标修复验收合格率100%\n"
        "时效指标完成时间2024年11月30日前\n"
    )
    table = read_text(text).tables[0]
    assert [(i.name, i.value.raw) for i in table.indicators] == [
        ("修复古籍册数", "120册"),
        ("修复字画幅数", "30幅"),
        ("修复验收合格率", "100%"),
        ("完成时间", "2024年11月30日前"),
    ]
    assert table.funds.total == Decimal("36.5")


def test_a_goal_heading_before_glued_heads_on_their_line() -> None:
    text = (
        "项目名称某某公共文化服务\n"
        "年度绩效目标1 (80分)一级指标二级指标三级指标年初目标值(A)实际完成值(B)得分\n"
        "产出指标数量指标送书下乡册数5000册5000册20\n"
        "质量指标图书验收合格率100%100%20\n"
    )
    table = read_text(text).tables[0]
    assert [
        (i.name, i.value.raw, i.actual.raw if i.actual else None) for i in table.indicators
    ] == [
        ("送书下乡册数", "5000册", "5000册"),
        ("图书验收合格率", "100%", "100%"),
    ]


def test_a_sign_off_line_under_glued_rows_is_no_row() -> None:
    text = (
        "项目名称某某乡镇文化站免费开放\n"
        "绩效指标一级指标二级指标三级指标指标值\n"
        "产出指标数量指标全年开放天数≥300天\n"
        "质量指标设施完好率≥95%\n"
        "财政资金管理科室(盖章) 年 月 日财政绩效管理科室(盖章) 年 月 日\n"
    )
    table = read_text(text).tables[0]
    assert [(i.name, i.value.raw) for i in table.indicators] == [
        ("全年开放天数", "≥300天"),
        ("设施完好率", "≥95%"),
    ]
