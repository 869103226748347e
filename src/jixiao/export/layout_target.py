"""The 项目支出绩效目标表 laid out as the official (Anhui 2024) form prints it.

Five columns: 绩效指标 label | 一级指标 | 二级指标 | 三级指标 | 指标值. Header labels span
the first two columns, as in the published Wuhu tables. A table whose indicators carry
a 权重 (Chongqing's 整体绩效目标表) gets a sixth column, 分值, so the weights survive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from jixiao.export.form import Box, Form, money_box, runs
from jixiao.model.indicator import Indicator
from jixiao.model.project import TargetTable

TARGET_TITLE = "项目支出绩效目标表"
_WIDTHS = (10, 12, 18, 38, 26)
_WEIGHTED_WIDTHS = (10, 12, 18, 34, 22, 8)


def year_line(table: TargetTable) -> str:
    """Given a table, return its (年度) line: "(2024年度)"."""
    year = str(table.fiscal_year) if table.fiscal_year is not None else "    "
    return f"({year}年度)"


def department_text(table: TargetTable) -> str:
    """Given a table, return 主管部门及代码 as written on the form: "芜湖市总工会-508"."""
    p = table.project
    parts = [x for x in (p.department, p.department_code) if x]
    return "-".join(parts)


def period_text(table: TargetTable) -> str:
    """Given a table, return 项目期 as written: "5年", or "" when unknown."""
    years = table.project.period_years
    return f"{years}年" if years is not None else ""


def goals_text(goals: Sequence[str]) -> str:
    """Given the goals, return the goal cell: one goal as is, several numbered 目标N:.

    The reader splits a goal cell on 目标N: markers (CONTRACT: one string per
    numbered goal), so several goals must carry them to come back as several.
    """
    if len(goals) <= 1:
        return goals[0] if goals else ""
    return "\n".join(f"目标{i}:{g}" for i, g in enumerate(goals, 1))


def indicator_label(index: int, ind: Indicator) -> str:
    """Given an indicator's number inside its 二级 group, return "指标N:name"."""
    return f"指标{index}:{ind.name}" if ind.name else ""


def header_boxes(table: TargetTable, ncols: int, split: int = 3) -> list[Box]:
    """Given a table, return the rows 项目名称 / 主管部门及代码 / 项目来源 (rows 0-2).

    ``split`` is the column of the 实施单位 / 项目期 labels.
    """
    left, right = split - 2, ncols - split - 1
    return [
        Box(0, 0, "项目名称", colspan=2, role="label", key="project.name"),
        Box(0, 2, table.project.name or "", colspan=ncols - 2),
        Box(1, 0, "主管部门及代码", colspan=2, role="label", key="project.department"),
        Box(1, 2, department_text(table), colspan=left),
        Box(1, split, "实施单位", role="label", key="project.implementing_unit"),
        Box(1, split + 1, table.project.implementing_unit or "", colspan=right),
        Box(2, 0, "项目来源", colspan=2, role="label", key="project.source"),
        Box(2, 2, table.project.source or "", colspan=left),
        Box(2, split, "项目期", role="label", key="project.period_years"),
        Box(2, split + 1, period_text(table), colspan=right),
    ]


def indicator_boxes(
    table: TargetTable,
    top: int,
    heads: Sequence[str],
    extra: Callable[[Indicator], Sequence[Box | str]],
) -> list[Box]:
    """Given the indicators and the first row, return the 绩效指标 block.

    ``heads`` names the columns after 三级指标; ``extra(ind)`` gives those cells
    for one indicator (a string, or a money Box whose row/col are filled in here).
    """
    inds = table.indicators
    boxes = [Box(top, 0, "绩效指标", rowspan=len(inds) + 1, role="label")]
    for col, head in enumerate(("一级指标", "二级指标", "三级指标", *heads), start=1):
        boxes.append(Box(top, col, head, role="head"))
    level1 = [None if i.level1_inferred else i.level1 for i in inds]
    for start, length in runs(level1):
        text = "" if level1[start] is None else inds[start].level1
        boxes.append(Box(top + 1 + start, 1, text, rowspan=length))
        level2 = [f"{i.level2}" for i in inds[start : start + length]]
        for s2, l2 in runs(level2):
            boxes.append(Box(top + 1 + start + s2, 2, level2[s2], rowspan=l2))
            for k in range(l2):
                ind = inds[start + s2 + k]
                row = top + 1 + start + s2 + k
                index = start + s2 + k
                boxes.append(Box(row, 3, indicator_label(k + 1, ind), key=f"indicator.{index}"))
                for col, cell in enumerate(extra(ind), start=4):
                    if isinstance(cell, Box):
                        boxes.append(Box(row, col, cell.text, role="money", number=cell.number))
                    else:
                        boxes.append(Box(row, col, cell))
    return boxes


def target_form(table: TargetTable) -> Form:
    """Given a target table, return it laid out as the official 绩效目标表."""
    f = table.funds
    weighted = any(i.weight is not None for i in table.indicators)
    widths = _WEIGHTED_WIDTHS if weighted else _WIDTHS
    wide = len(widths) - 3  # the money and goal cells reach the last column
    boxes = header_boxes(table, len(widths))
    boxes.append(Box(3, 0, "项目资金\n(万元)", rowspan=4, colspan=2, role="label"))
    for k, (label, name, amount) in enumerate(
        (
            ("年度资金总额:", "total", f.total),
            ("其中:财政拨款", "fiscal", f.fiscal),
            ("上年结转", "carryover", f.carryover),
            ("其他资金", "other", f.other),
        )
    ):
        boxes.append(Box(3 + k, 2, label, role="label", key=f"funds.{name}"))
        boxes.append(money_box(3 + k, 3, amount, colspan=wide))
    boxes.append(Box(7, 0, "年度目标", colspan=2, role="label", key="goals"))
    boxes.append(Box(7, 2, goals_text(table.goals), colspan=wide + 1))
    if weighted:
        boxes += indicator_boxes(
            table, 8, ("指标值", "分值"), lambda i: (i.value.raw, money_box(0, 0, i.weight))
        )
    else:
        boxes += indicator_boxes(table, 8, ("指标值",), lambda i: (i.value.raw,))
    return Form(
        TARGET_TITLE, year_line(table), table.title, widths, tuple(boxes), 8, table.indicators
    )
