"""values.period-repeats-year: a 申报表 whose 中期 (multi-year) group only repeats the year's.

Anhui-style forms set the 中期 and the 年度 targets side by side, each group with its own
names and values, and give a 中期资金总额 beside the 年度资金总额. The tables here are
made up (a county seed-farm project), in the layout such forms have.
"""

from __future__ import annotations

import pytest

from jixiao.ingest import read_text
from jixiao.rules import check_table

_ROWS = (
    ("数量指标", "良种繁育面积", "≥800亩"),
    ("数量指标", "提纯复壮品种", "≥6个"),
    ("质量指标", "种子发芽率", "≥92%"),
    ("时效指标", "种子供应时间", "2025年3月底前"),
)


def form(period_total: str, year_total: str, period_values: tuple[str, ...] | None = None) -> str:
    """Given the two totals and the 中期 values (the year's when None), return the form."""
    lines = [
        "项目支出绩效目标申报表 | |||||||",
        "项目名称 | 县良种场良种繁育基地建设项目 | |||||||",
        "主管部门及代码 | [031]某县农业农村局 | 实施单位 | 某县良种场 | |||||",
        "项目期 | 3年 | |||||||",
        f"中期资金总额: | {period_total} | 年度资金总额: | {year_total} | |||||",
        f"其中:财政拨款 | {period_total} | 其中:财政拨款 | {year_total} | ||||||",
        "一级指标 | 二级指标 | 三级指标 | 指标值 | 二级指标 | 三级指标 | 指标值 | |",
    ]
    mid = period_values or tuple(v for _, _, v in _ROWS)
    for n, ((level2, name, value), other) in enumerate(zip(_ROWS, mid, strict=True)):
        level1 = "产出指标 | " if n == 0 else ""
        lines.append(f"{level1}{level2} | {name} | {other} | {level2} | {name} | {value} | |")
    lines.append(
        "效益指标 | 经济效益指标 | 带动农户增收 | ≥50万元 | 经济效益指标 | 带动农户增收 | ≥50万元 |"
    )
    lines.append(
        "满意度指标 | 服务对象满意度指标 | 农户满意度 | ≥90% | 服务对象满意度指标 | 农户满意度 | ≥90% |"
    )
    return "\n".join(lines) + "\n"


def _codes(text: str) -> list[str]:
    (table,) = read_text(text, "period.txt").tables
    return [f.code for f in check_table(table).findings if f.severity == "warning"]


CUMULATIVE = ("≥2400亩", "≥18个", "≥92%", "2027年3月底前")


def test_the_years_group_is_the_target_and_the_period_group_is_kept() -> None:
    # 中期 first, 年度 last (as the goals are): the year's values are the table's targets.
    (table,) = read_text(form("240", "80", CUMULATIVE), "period.txt").tables
    assert (table.period_total, table.funds.total) == (240, 80)
    assert [i.value.raw for i in table.indicators][:2] == ["≥800亩", "≥6个"]
    assert ("良种繁育面积", "≥2400亩") in table.period_targets
    assert len(table.period_targets) == 6


def test_a_multi_year_group_that_repeats_the_years_targets_is_flagged() -> None:
    assert "values.period-repeats-year" in _codes(form("240", "80"))


@pytest.mark.parametrize(
    "text",
    [
        # cumulative 中期 targets: what a three-year plan should say
        form("240", "80", CUMULATIVE),
        # one year's money: the same targets are right
        form("80", "80"),
    ],
    ids=["cumulative", "same-money"],
)
def test_cumulative_or_same_money_groups_are_quiet(text: str) -> None:
    assert "values.period-repeats-year" not in _codes(text)


def _cell_lines(text: str) -> str:
    # The same form as a Word table's paragraphs: one cell a line, empty cells gone.
    cells = [c.strip() for line in text.splitlines() for c in line.split("|")]
    return "\n".join(c for c in cells if c) + "\n"


def test_one_cell_a_line_the_two_groups_are_one_row_each() -> None:
    (table,) = read_text(_cell_lines(form("240", "80", CUMULATIVE)), "period.txt").tables
    assert [i.name for i in table.indicators][:3] == ["良种繁育面积", "提纯复壮品种", "种子发芽率"]
    assert [i.value.raw for i in table.indicators][:2] == ["≥800亩", "≥6个"]
    assert "values.period-repeats-year" in _codes(_cell_lines(form("240", "80")))
    assert "structure.duplicate-name" not in _codes(_cell_lines(form("240", "80")))
