"""Header and funds families seen in real files, each on a synthetic variant (docs/reading.md).

Every table here is made up; the labels, units and layouts are those real files use.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.export.json import write_json
from jixiao.ingest import read_bytes, read_path, read_text
from jixiao.ingest.header import unglue_funds
from jixiao.model.project import TargetTable

INDICATORS = (
    "一级指标\t二级指标\t三级指标\t指标值\n"
    "产出指标\t数量指标\t培训人数\t≥200人\n"
    "效益指标\t社会效益指标\t技能提升率\t≥90%\n"
    "满意度指标\t服务对象满意度指标\t学员满意度\t≥95%\n"
)


def one(text: str) -> TargetTable:
    result = read_text(text, "synthetic.txt")
    assert len(result.tables) == 1, [p.code for p in result.problems]
    return result.tables[0]


def target(header: str) -> TargetTable:
    return one("项目支出绩效目标表\n(2024年度)\n" + header + INDICATORS)


@pytest.mark.parametrize(
    ("label", "value", "total"),
    [
        ("年度本级预算金额", "35.5", "35.5"),
        ("项目预算金额(万元)", "35.5", "35.5"),
        ("本年度申请财政预算资金", "80", "80"),
        ("本次下达中央预算内投资", "1200", "1200"),
        ("年度预算资金总额", "25", "25"),
        ("年度金额(提前下达)", "208万元", "208"),
        ("资金总额及构成", "总额1002.6万元,其中:中央726.7万元", "1002.6"),
        ("年度资金总额", "120万(含上年结转20万)", "120"),
        ("年度资金总额", "2 279.048 万元", "2279.048"),
    ],
)
def test_total_funds_under_other_labels(label: str, value: str, total: str) -> None:
    table = target(f"项目名称\t职业技能培训\n{label}\t{value}\n")
    assert table.funds.total == Decimal(total)


@pytest.mark.parametrize(
    "label", ["专项资金名称", "转移支付名称", "资金名称", "转移支付(项目)名称", "项 目 名 称"]
)
def test_project_name_under_other_labels(label: str) -> None:
    assert target(f"{label}\t职业技能培训补助资金\n").project.name == "职业技能培训补助资金"


@pytest.mark.parametrize(
    ("label", "cell", "name", "code"),
    [
        ("主管部门及其编码", "[155]某县人力资源和社会保障局", "某县人力资源和社会保障局", "155"),
        ("主管部门及代码", "某县人力资源和社会保障局-508", "某县人力资源和社会保障局", "508"),
        ("主管部门及编码", "【066】某县农业农村局", "某县农业农村局", "066"),
    ],
)
def test_department_with_code_before_or_after(label: str, cell: str, name: str, code: str) -> None:
    project = target(f"项目名称\t职业技能培训\n{label}\t{cell}\n").project
    assert (project.department, project.department_code) == (name, code)


@pytest.mark.parametrize("layout", ["tab", "line-per-cell"])
def test_department_per_level_of_government_takes_the_most_local(layout: str) -> None:
    # Transfer-payment (区域) templates: one 主管部门 per level, listed from the top down.
    pairs = [
        ("专项资金名称", "某专项补助资金"),
        ("省级业务主管部门", "某省民政厅"),
        ("市级主管部门", "某市民政局"),
        ("县级主管部门", "某县民政局"),
    ]
    sep = "\t" if layout == "tab" else "\n"
    header = "".join(f"{label}{sep}{value}\n" for label, value in pairs)
    assert target(header).project.department == "某县民政局"


def test_amounts_in_yuan_from_the_label() -> None:
    table = target("项目名称\t职业技能培训\n项目资金(元)\t年度资金总额\t1,250,000.00\n")
    assert table.funds.total == Decimal(125)


def test_yuan_caption_believed_for_yuan_sized_amounts() -> None:
    table = target("单位:元\n项目名称\t职业技能培训\n年度资金总额\t3,309,840.00\n")
    assert table.funds.total == Decimal("330.984")


@pytest.mark.parametrize("amount", ["112", "2279.048"])
def test_yuan_caption_over_wan_sized_amounts_is_a_leftover(amount: str) -> None:
    # No project is funded with 112 元, and 元 stop at two decimals: the caption is stale.
    table = target(f"单位:元\n项目名称\t职业技能培训\n年度资金总额\t{amount}\n")
    assert table.funds.total == Decimal(amount)


def test_block_unit_beats_the_caption() -> None:
    table = target("单位:元\n项目名称\t职业技能培训\n资金情况(万元)\t年度金额\t3000\n")
    assert table.funds.total == Decimal(3000)


@pytest.mark.parametrize(
    ("rows", "total"),
    [
        ("中央资金\t40\n地方资金\t72\n", "112"),
        ("中央补助\t726.7\n省级财政\t23.9\n市级财政\t252\n", "1002.6"),
        ("中央资金\t40\n地方资金\t72\n市级\t50\n县级\t22\n", "112"),
        ("一般公共预算拨款\t1800\n", "1800"),
    ],
)
def test_funds_by_source_add_up_when_no_total(rows: str, total: str) -> None:
    table = target("项目名称\t职业技能培训\n资金情况(万元)\t年度金额\t\n" + rows)
    assert table.funds.total == Decimal(total)


def test_a_given_total_wins_over_the_sources() -> None:
    table = target("项目名称\t职业技能培训\n年度资金总额\t100\n中央资金\t40\n地方资金\t72\n")
    assert table.funds.total == Decimal(100)


def test_sum_row_of_a_funds_block() -> None:
    table = target(
        "项目名称\t职业技能培训\n项目资金(万元)\t合计\t1800\n一般公共预算拨款\t小计\t1800\n"
    )
    assert table.funds.total == Decimal(1800)


def test_label_on_one_line_value_on_the_next() -> None:
    # Even a value that reads like a title ("…绩效自评表") belongs to the label above it.
    text = (
        "项目支出绩效自评表\n项目名称\n2024年职业技能培训经费支出绩效自评表\n"
        "主管部门\t某县人力资源和社会保障局\n" + INDICATORS
    )
    assert one(text).project.name == "2024年职业技能培训经费支出绩效自评表"


@pytest.mark.parametrize(
    ("first", "second"), [("项目", "名称"), ("项目主管", "部门"), ("年度资金", "总额")]
)
def test_label_broken_over_two_lines(first: str, second: str) -> None:
    text = (
        "项目支出绩效目标表\n项目名称\t职业技能培训\n主管部门\t某县人社局\n年度资金总额\t50\n"
    ).replace(f"{first}{second}\t", f"{first}\n{second}\t")
    table = one(text + INDICATORS)
    assert (table.project.name, table.project.department, table.funds.total) == (
        "职业技能培训",
        "某县人社局",
        Decimal(50),
    )


def test_label_glued_to_its_value() -> None:
    table = target("部门(单位)名称某县职业技能鉴定中心区级支出预算总量3724.39\n")
    assert table.funds.total == Decimal("3724.39")


SELF_EVAL_HEAD = (
    "项目支出绩效自评表\n(2023年度)\n项目名称\t职业技能培训\n主管部门\t某县人社局\n"
    "项目资金(万元)\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
)
SELF_EVAL_ROWS = (
    "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
    "产出指标\t数量指标\t培训人数\t≥200人\t210人\t50\t50\n"
    "满意度指标\t服务对象满意度指标\t学员满意度\t≥95%\t96%\t40\t40\n"
)


def test_self_evaluation_funds_columns() -> None:
    table = one(SELF_EVAL_HEAD + "年度资金总额\t100\t120\t108\t10\t90%\t9\n" + SELF_EVAL_ROWS)
    f = table.funds
    # The total is the 年初预算 set with the targets; execution is on the full-year 120.
    assert (f.total, f.budget_initial, f.budget_adjusted, f.executed) == (
        Decimal(100),
        Decimal(100),
        Decimal(120),
        Decimal(108),
    )
    assert (f.execution_rate, f.execution_weight, f.execution_score) == (
        Decimal("0.9"),
        Decimal(10),
        Decimal(9),
    )


@pytest.mark.parametrize(
    ("row", "total", "adjusted"),
    [
        # 年初 and 全年 differ: the total is the 年初预算 set with the targets.
        ("年度资金总额 | 80 | 95.5 | 90 | 10 | 94.24% | 9.42", "80", "95.5"),
        # The 年初 cell left blank ("/"): the full-year budget is the only total.
        ("年度资金总额 | / | 95.5 | 90 | 10 | 94.24% | 9.42", "95.5", "95.5"),
    ],
)
def test_self_evaluation_total_is_the_initial_budget(row: str, total: str, adjusted: str) -> None:
    head = SELF_EVAL_HEAD.replace("\t", " | ").replace("职业技能培训", "乡村公路养护")
    rows = SELF_EVAL_ROWS.replace("\t", " | ")
    f = one(head + row + "\n" + rows).funds
    assert (f.total, f.budget_adjusted, f.executed) == (
        Decimal(total),
        Decimal(adjusted),
        Decimal(90),
    )


def test_self_evaluation_funds_glued_into_one_cell() -> None:
    # Run-on dumps lose the cell borders: "1001201081090%9" read through the column heads.
    table = one(SELF_EVAL_HEAD + "年度资金总额\t1001201081090%9\n" + SELF_EVAL_ROWS)
    f = table.funds
    assert (f.budget_initial, f.budget_adjusted, f.executed, f.execution_rate) == (
        Decimal(100),
        Decimal(120),
        Decimal(108),
        Decimal("0.9"),
    )
    assert (f.total, f.execution_weight, f.execution_score) == (
        Decimal(100),
        Decimal(10),
        Decimal(9),
    )


def test_glued_funds_heads_after_a_value() -> None:
    text = (
        "项目支出绩效自评表\n项目名称\t职业技能培训\n"
        "项目实施单位\t某县职业技能鉴定中心预算执行情况(万元)资金来源预算数(A)执行数(B)执行率(B/A)\n"
        "一般预算内拨款\t4545100%合计4545100%\n" + SELF_EVAL_ROWS
    )
    table = one(text)
    assert table.project.implementing_unit == "某县职业技能鉴定中心"
    assert (table.funds.total, table.funds.executed, table.funds.execution_rate) == (
        Decimal(45),
        Decimal(45),
        Decimal(1),
    )


@pytest.mark.parametrize(
    ("glued", "roles", "cells"),
    [
        (
            "303010100%",
            [
                "budget_initial",
                "budget_adjusted",
                "execution_weight",
                "execution_rate",
                "execution_score",
            ],
            ["30", "30", "10", "100%"],
        ),
        (
            "1010100%20",
            ["budget_adjusted", "executed", "execution_rate", "execution_score"],
            ["10", "10", "100%", "20"],
        ),
        (
            "20019095%10",
            ["budget_adjusted", "executed", "execution_rate", "execution_score"],
            ["200", "190", "95%", "10"],
        ),
        ("620.82620.8295.5%", ["budget_adjusted", "executed", "execution_rate"], None),
        # The 分值 cell was left blank: the amounts still fit without it.
        (
            "10012010890%9",
            [
                "budget_initial",
                "budget_adjusted",
                "executed",
                "execution_weight",
                "execution_rate",
                "execution_score",
            ],
            ["100", "120", "108", "90%", "9"],
        ),
    ],
)
def test_unglue_funds(glued: str, roles: list[str], cells: list[str] | None) -> None:
    assert unglue_funds(glued, roles) == cells


def test_overall_target_named_after_the_unit() -> None:
    text = (
        "2024年部门(单位)整体绩效目标表\n单位:万元\n"
        "部门(单位)名称\t某县某某街道办事处\t区级支出预算总量\t3724.39\n"
        "当年整体绩效目标\t保障街道机关正常运转\n" + INDICATORS
    )
    table = one(text)
    assert (table.kind, table.project.name, table.funds.total) == (
        "target",
        "某县某某街道办事处整体支出",
        Decimal("3724.39"),
    )
    assert len(table.indicators) == 3


def test_overall_self_evaluation_named_after_the_unit() -> None:
    text = (
        "部门整体支出绩效自评表\n单位名称\t某镇人民政府\n"
        "预算执行情况(万元)\t预算数(A)\t执行数(B)\t执行率(B/A)\t得分\n"
        "部门整体支出总额\t864.2\t864.2\t100%\t20\n" + SELF_EVAL_ROWS
    )
    table = one(text)
    assert (table.kind, table.project.name, table.funds.total) == (
        "self_evaluation",
        "某镇人民政府整体支出",
        Decimal("864.2"),
    )


def test_a_project_name_wins_over_the_unit_name() -> None:
    text = "项目支出绩效目标表\n单位名称\t某县人社局\n项目名称\t职业技能培训\n" + INDICATORS
    assert one(text).project.name == "职业技能培训"


def test_file_opening_inside_a_table_is_a_fragment() -> None:
    # The tail of the previous page's table: rows, no header. Nothing is invented.
    result = read_text(INDICATORS.split("\n", 1)[1], "tail.txt")
    assert len(result.tables) == 1
    table = result.tables[0]
    assert table.project.name is None and table.funds.total is None
    assert [i.name for i in table.indicators] == ["培训人数", "技能提升率", "学员满意度"]
    assert "parse.fragment" in {p.code for p in result.problems}
    assert "parse.no-table" not in {p.code for p in result.problems}


def test_table_after_a_header_is_not_a_fragment() -> None:
    result = read_text("项目支出绩效目标表\n项目名称\t职业技能培训\n" + INDICATORS, "whole.txt")
    assert "parse.fragment" not in {p.code for p in result.problems}


def test_cut_off_table_is_marked_and_keeps_what_was_read() -> None:
    cut = (
        "项目支出绩效目标表\n项目名称\t职业技能培训\n年度资金总额\t50\n"
        + INDICATORS
        + "满意度指标\t服务对象满意度指标\t家长满"
    )
    result = read_text(cut, "cut.txt")
    table = result.tables[0]
    assert (table.project.name, table.funds.total, len(table.indicators)) == (
        "职业技能培训",
        Decimal(50),
        3,
    )
    assert "parse.truncated" in {p.code for p in result.problems}


def test_parse_json_round_trip(tmp_path: Path) -> None:
    source = target("项目名称\t职业技能培训\n主管部门及代码\t[155]某县人社局\n年度资金总额\t35.5\n")
    out = tmp_path / "tables.json"
    write_json([source], out)
    again = read_path(out)
    assert again.tables == (source,)
    assert not again.problems


def test_parse_json_broken_document_is_a_problem() -> None:
    result = read_bytes(b'{"schema": "jixiao.parse/1", "tables": [', "broken.json")
    assert result.tables == ()
    assert [p.code for p in result.problems] == ["parse.corrupt"]


def test_cli_parse_and_db_load_read_exported_json(tmp_path: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_text(
        "项目支出绩效目标表\n(2024年度)\n项目名称\t职业技能培训\n年度资金总额\t35.5\n" + INDICATORS,
        encoding="utf-8",
    )
    exported = tmp_path / "t.json"
    runner = CliRunner()
    assert (
        runner.invoke(app, ["export", str(text), "--to", "json", "-o", str(exported)]).exit_code
        == 0
    )
    first = runner.invoke(app, ["parse", str(text), "--json"])
    second = runner.invoke(app, ["parse", str(exported), "--json"])
    assert second.exit_code == 0
    assert json.loads(second.stdout)["tables"] == json.loads(first.stdout)["tables"]
    db = f"sqlite:///{tmp_path / 'j.db'}"
    loaded = runner.invoke(app, ["db", "load", str(exported), "--db", db, "--json"])
    assert loaded.exit_code == 0, loaded.output
    assert json.loads(loaded.stdout.splitlines()[0])["added"] == 1


@pytest.mark.parametrize(
    ("funds_line", "total"),
    [
        # A funds block whose borders were lost: its unit, a 中期 amount, then the year's.
        ("项目资金 (万元)中期资金总额:642.5年度资金总额:128.5", "128.5"),
        # The block's 合计 cell glued to its amount.
        ("项目资金 (万元)合计936", "936"),
        # The block's label, an empty 中期 amount, then the year's label and amount.
        ("项目预算资金(万元)中期预算资金总额年度预算资金总额48", "48"),
    ],
)
def test_funds_labels_glued_to_their_amounts(funds_line: str, total: str) -> None:
    text = (
        "项目支出绩效目标表\n"
        "项目名称某某县学生营养改善计划\n"
        "主管部门某某县教育局\n"
        f"{funds_line}\n"
        "一级指标 二级指标 三级指标 指标值\n"
        "产出指标 数量指标 受益学生人数 ≥8000人\n"
        "质量指标 供餐合格率 100%\n"
    )
    for table_text in (text, text.replace(" ", "")):  # space-separated, then glued rows
        table = read_text(table_text).tables[0]
        assert table.funds.total == Decimal(total)
        assert len(table.indicators) == 2


def test_label_unit_stays_with_a_glued_label() -> None:
    # "年度资金总额(元):450,000.00" in run-on text: the keyword cut must keep "(元)" on the
    # label, or the amount is read in the block's 万元.
    text = (
        "项目名称某某村饮水安全巩固提升工程\n"
        "资金情况\n(元)\n年度资金总额(元):450,000.00\n"
        "绩效指标一级指标二级指标三级指标指标值\n"
        "产出指标数量指标新建供水管网≥6公里\n"
        "质量指标水质检测合格率100%\n"
    )
    assert read_text(text).tables[0].funds.total == Decimal(45)


def test_self_evaluation_funds_glued_with_their_units() -> None:
    # The cells of the 年度资金总额 row ran together, each amount keeping its 万: the units
    # say where each cell ends (no digit split is needed).
    text = (
        "项目支出绩效自评表\n"
        "项目名称 | 某某社区养老服务补助\n"
        "项目资金(万元) | 全年预算数(A) | 全年执行数(B) | 执行率(B/A)\n"
        "年度资金总额 | 120万108万90%\n"
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值\n"
        "产出指标 | 数量指标 | 助餐服务人次 | ≥3000人次 | 3200人次\n"
        "质量指标 | 服务合格率 | 100% | 100%\n"
        "时效指标 | 补助发放及时率 | 100% | 100%\n"
    )
    table = read_text(text).tables[0]
    f = table.funds
    assert (f.total, f.executed, f.execution_rate) == (Decimal(120), Decimal(108), Decimal("0.9"))


# An evaluation report quoted from its middle: no 项目名称 row, yet its funds rows name
# the money evaluated ("…补贴资金到位率", "…补贴资金拨付及时率").
_NO_NAME = (
    "年度资金总额\t80\n"
    "一级指标\t二级指标\t三级指标\t指标值\t实际完成值\n"
    "产出指标\t数量指标\t补贴农机具数量\t≥300台\t326台\n"
    "产出指标\t时效指标\t農機購置補貼資金到位率\t100%\t100%\n"
    "产出指标\t时效指标\t農機購置補貼資金拨付及时率\t≥95%\t98%\n"
    "满意度指标\t服务对象满意度指标\t购机农户满意度\t≥90%\t93%\n"
)


def test_a_table_without_a_name_is_named_after_the_money_its_funds_rows_measure() -> None:
    result = read_text(_NO_NAME, "synthetic.txt")
    (table,) = result.tables
    assert table.project.name == "農機購置補貼資金"  # as the file writes it
    assert any(p.code == "parse.name-inferred" for p in result.problems)


@pytest.mark.parametrize(
    "rows",
    [
        # a generic word names no project
        ("项目资金到位率\t100%\t100%", "财政资金拨付及时率\t≥95%\t98%"),
        # two different funds: which one is the project is not known
        ("农机购置补贴资金到位率\t100%\t100%", "秸秆还田补助资金到位率\t100%\t100%"),
    ],
)
def test_no_name_is_inferred_from_generic_or_disagreeing_funds_rows(rows: tuple[str, str]) -> None:
    text = _NO_NAME.replace("農機購置補貼資金到位率\t100%\t100%", rows[0]).replace(
        "農機購置補貼資金拨付及时率\t≥95%\t98%", rows[1]
    )
    (table,) = read_text(text, "synthetic.txt").tables
    assert table.project.name is None


def test_a_named_table_keeps_its_own_name() -> None:
    (table,) = read_text("项目名称\t農機購置補貼項目\n" + _NO_NAME, "synthetic.txt").tables
    assert table.project.name == "農機購置補貼項目"


_SELF_EVAL = (
    "| 项目名称 | 乡村道路养护补助经费 | |\n"
    "| 年度资金总额 | 36 | |\n"
    "GOALS\n"
    "| 一级指标 | 二级指标 | 三级指标 | 指标值 | 实际完成值 | 分值 | 得分 |\n"
    "| 产出指标 | 数量指标 | 养护里程 | ≥30公里 | 31公里 | 50 | 50 |\n"
)


@pytest.mark.parametrize(
    "goals",
    [
        "| 年度总体目标 | 预期目标 | 实际完成情况 |\n| 完成养护30公里 | 完成31公里 |",
        "| 年度总体目标 | 预期目标 | 实际完成情况 |\n| | 完成养护30公里 | 完成31公里 |",
        # the label alone on its line (it also begins 年度总体目标完成情况), heads below it
        "| 年度总体目标 |\n| 预期目标 | 实际完成情况 |\n| 完成养护30公里 | 完成31公里 |",
    ],
    ids=["heads-beside-label", "label-column-left-empty", "heads-on-their-own-row"],
)
def test_a_self_evaluations_goal_and_actual_under_their_heads(goals: str) -> None:
    # The 实际完成情况 head says which text is the goal and which the actual, even before
    # the block header shows the table is a self-evaluation.
    (table,) = read_text(_SELF_EVAL.replace("GOALS", goals), "synthetic.txt").tables
    assert (table.goals, table.goals_actual) == (("完成养护30公里",), ("完成31公里",))
