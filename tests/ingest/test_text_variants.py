"""Layouts the example does not have: 101号 tree, 元 funds, self-evaluation, monitoring."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.ingest import read_path

INPUTS = Path(__file__).resolve().parents[1] / "fixtures" / "inputs"


def test_central_2021_tree_and_yuan_funds() -> None:
    table = read_path(INPUTS / "central2021-target-yuan.txt").tables[0]
    assert (table.fiscal_year, table.project.department_code) == (2025, "301")
    assert (table.funds.total, table.funds.fiscal, table.funds.carryover, table.funds.other) == (
        Decimal(125),
        Decimal(100),
        Decimal(25),
        Decimal(0),
    )
    assert table.goals == ("完成城区主次干道保洁", "垃圾日产日清")
    pairs = [(i.level1, i.level2) for i in table.indicators]
    assert pairs[:2] == [("成本指标", "经济成本指标"), ("成本指标", "社会成本指标")]
    assert not any(i.level1_inferred for i in table.indicators)


def test_selfevaluation_columns() -> None:
    table = read_path(INPUTS / "selfeval-anhui-tab.txt").tables[0]
    assert table.kind == "self_evaluation"
    f = table.funds
    assert (
        f.budget_initial,
        f.budget_adjusted,
        f.executed,
        f.execution_rate,
        f.execution_weight,
        f.execution_score,
    ) == (Decimal(100), Decimal(100), Decimal(95), Decimal("0.95"), Decimal(10), Decimal("9.5"))
    assert (table.goals, table.goals_actual) == (("组织劳模疗休养100人",), ("完成疗休养96人",))
    first = table.indicators[0]
    assert first.actual is not None and (first.actual.number, first.actual.unit) == (
        Decimal(96),
        "人",
    )
    assert (first.weight, first.score, first.deviation_reason) == (
        Decimal(10),
        Decimal("9.6"),
        "部分劳模因病未参加",
    )
    assert [i.score for i in table.indicators] == [
        Decimal(x) for x in ("9.6", "10", "10", "20", "27", "10")
    ]


def test_monitoring_columns() -> None:
    table = read_path(INPUTS / "monitoring-tab.txt").tables[0]
    assert (table.kind, table.fiscal_year) == ("monitoring", 2024)
    assert (table.funds.executed, table.funds.execution_rate) == (Decimal(40), Decimal("0.4"))
    quality = table.indicators[1]
    assert quality.progress is not None and quality.progress.raw == "40%"
    assert quality.expected is not None and quality.expected.number == Decimal(90)
    assert (quality.likelihood, quality.deviation_reason, quality.measures) == (
        "有可能",
        "经费保障",
        "加快进度",
    )


def test_label_and_value_in_one_cell() -> None:
    # Word documents often write "项目名称：某某" in a single cell.
    table = read_path(INPUTS / "labels-with-colons.txt").tables[0]
    p = table.project
    assert (p.name, p.department, p.department_code, p.implementing_unit, p.period_years) == (
        "社区养老服务补贴",
        "某市民政局",
        "203",
        "某市养老服务中心",
        2,
    )
    assert (table.funds.total, table.funds.fiscal) == (Decimal(60), Decimal(60))
    assert table.goals == ("为200名老人提供居家养老服务",)


def test_sequence_column_and_split_value_columns() -> None:
    # A 序号 column, 指标名称 instead of 三级指标, and 指标方向 / 指标值 / 单位 columns.
    result = read_path(INPUTS / "sequence-column-split-values.txt")
    assert result.problems == ()
    values = [
        (i.level2, i.name, i.value.raw, i.value.op, i.value.unit)
        for i in result.tables[0].indicators
    ]
    assert values == [
        ("数量指标", "培训人数", "≥200人", "≥", "人"),
        ("质量指标", "合格率", "≥95%", "≥", "%"),
        ("服务对象满意度指标", "满意度", "≥90%", "≥", "%"),
    ]
