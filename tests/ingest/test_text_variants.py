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
        Decimal(125), Decimal(100), Decimal(25), Decimal(0))
    assert table.goals == ("完成城区主次干道保洁", "垃圾日产日清")
    pairs = [(i.level1, i.level2) for i in table.indicators]
    assert pairs[:2] == [("成本指标", "经济成本指标"), ("成本指标", "社会成本指标")]
    assert not any(i.level1_inferred for i in table.indicators)


def test_selfevaluation_columns() -> None:
    table = read_path(INPUTS / "selfeval-anhui-tab.txt").tables[0]
    assert table.kind == "self_evaluation"
    f = table.funds
    assert (f.budget_initial, f.budget_adjusted, f.executed, f.execution_rate, f.execution_weight,
            f.execution_score) == (Decimal(100), Decimal(100), Decimal(95), Decimal("0.95"),
                                   Decimal(10), Decimal("9.5"))
    assert (table.goals, table.goals_actual) == (("组织劳模疗休养100人",), ("完成疗休养96人",))
    first = table.indicators[0]
    assert first.actual is not None and (first.actual.number, first.actual.unit) == (Decimal(96), "人")
    assert (first.weight, first.score, first.deviation_reason) == (Decimal(10), Decimal("9.6"), "部分劳模因病未参加")
    assert [i.score for i in table.indicators] == [Decimal(x) for x in ("9.6", "10", "10", "20", "27", "10")]


def test_monitoring_columns() -> None:
    table = read_path(INPUTS / "monitoring-tab.txt").tables[0]
    assert (table.kind, table.fiscal_year) == ("monitoring", 2024)
    assert (table.funds.executed, table.funds.execution_rate) == (Decimal(40), Decimal("0.4"))
    quality = table.indicators[1]
    assert quality.progress is not None and quality.progress.raw == "40%"
    assert quality.expected is not None and quality.expected.number == Decimal(90)
    assert (quality.likelihood, quality.deviation_reason, quality.measures) == ("有可能", "经费保障", "加快进度")
