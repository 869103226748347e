"""The self-evaluation (绩效自评表) and monitoring (运行监控表) forms.

Column heads follow the central templates (财预〔2020〕10号 自评表; 财预〔2019〕136号
监控表) and use the words the reader maps to fields (年初预算数, 全年预算数,
全年执行数, 分值, 执行率, 得分; 实际完成值, 偏差原因分析及改进措施 …).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jixiao.export.form import Box, Form, money_box, money_text
from jixiao.export.layout_target import goals_text, header_boxes, indicator_boxes, year_line
from jixiao.model.indicator import Indicator
from jixiao.model.project import Funds, TargetTable
from jixiao.model.values import TargetValue

SELF_EVALUATION_TITLE = "项目支出绩效自评表"
MONITORING_TITLE = "项目支出绩效运行监控表"
_SELF_WIDTHS = (8, 10, 14, 24, 13, 13, 8, 9, 18)
_MONITOR_WIDTHS = (8, 10, 12, 24, 12, 12, 12, 10, 14, 14)
_PARTS = (("其中:财政拨款", "fiscal"), ("上年结转", "carryover"), ("其他资金", "other"))


def rate_text(rate: Decimal | None) -> str:
    """Given an execution rate as a fraction (0.95), return it as printed ("95%")."""
    return "" if rate is None else money_text(rate * 100) + "%"


def _raw(value: TargetValue | None) -> str:
    return value.raw if value is not None else ""


def funds_boxes(funds: Funds, heads: Sequence[str], top: int, ncols: int) -> list[Box]:
    """Given the funds and the execution column heads, return the funds block.

    Row 1 names the columns; the total row fills every column in ``heads`` order;
    the 其中 rows give their amount in the budget column. An amount the table does
    not hold prints as "/" (as the Sichuan and Anhui templates mark empty cells),
    so every row has a cell under every head and no value slides into the wrong
    column when a reader drops blank cells (space-separated and PDF text do).
    """
    total_row = _total_row(funds)
    # A total row the unit left at 0 over a filled 财政拨款 row: the reader took the
    # execution from the fiscal row, so it is printed there and the total row keeps 0.
    unfilled = funds.total == 0 and (funds.fiscal or 0) > 0
    fiscal_row = dict(total_row, 分值=None, 得分=None) if unfilled else {}
    if unfilled:
        total_row = {
            head: (value if head in ("分值", "得分") else Decimal(0))
            for head, value in total_row.items()
        }
    boxes = [
        Box(top, 0, "项目资金\n(万元)", rowspan=5, colspan=2, role="label"),
        Box(top, 2, "", role="label"),
        Box(top + 1, 2, "年度资金总额:", role="label", key="funds.total"),
    ]
    spans = [1] * (len(heads) - 1) + [ncols - 2 - len(heads)]
    for k, head in enumerate(heads):
        boxes.append(Box(top, 3 + k, head, colspan=spans[k], role="head"))
        if head.startswith("执行率"):
            rate = funds.execution_rate
            text = rate_text(rate) or "/"
            boxes.append(Box(top + 1, 3 + k, text, colspan=spans[k], role="percent", number=rate))
        else:
            boxes.append(_amount_box(top + 1, 3 + k, total_row[head], spans[k]))
    for row, (label, name) in enumerate(_PARTS, start=top + 2):
        boxes.append(Box(row, 2, label, role="label", key=f"funds.{name}"))
        for k, head in enumerate(heads):
            amount = getattr(funds, name) if head.endswith("(A)") else None
            if name == "fiscal" and fiscal_row:
                amount = fiscal_row.get(head)
            boxes.append(_amount_box(row, 3 + k, amount, spans[k]))
    return boxes


def _total_row(funds: Funds) -> dict[str, Decimal | None]:
    # The reader takes 年度资金总额 from the budget column: a parsed 自评表 has
    # total == budget_adjusted, and a hand-made one may give only the total.
    budget = funds.budget_adjusted if funds.budget_adjusted is not None else funds.total
    return {
        "年初预算数": funds.budget_initial,
        "全年预算数(A)": budget,
        "调整后预算数(A)": budget,
        "全年执行数(B)": funds.executed,
        "执行数(B)": funds.executed,
        "分值": funds.execution_weight,
        "得分": funds.execution_score,
    }


def _amount_box(row: int, col: int, amount: Decimal | None, span: int) -> Box:
    if amount is None:
        return Box(row, col, "/", colspan=span, role="money")
    return money_box(row, col, amount, colspan=span)


def goals_boxes(table: TargetTable, top: int, ncols: int) -> list[Box]:
    """Given a table, return 年度总体目标: 预期目标 beside 实际完成情况 (two rows)."""
    mid = 3 + (ncols - 3) // 2
    return [
        Box(top, 0, "年度总体目标", rowspan=2, colspan=2, role="label", key="goals"),
        Box(top, 2, "预期目标", colspan=mid - 2, role="head"),
        Box(top, mid, "实际完成情况", colspan=ncols - mid, role="head", key="goals_actual"),
        Box(top + 1, 2, goals_text(table.goals), colspan=mid - 2),
        Box(top + 1, mid, goals_text(table.goals_actual), colspan=ncols - mid),
    ]


def _total(values: Sequence[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def self_evaluation_form(table: TargetTable) -> Form:
    """Given a self-evaluation table, return it laid out as the official 自评表."""
    n = len(_SELF_WIDTHS)
    heads = ("年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分")
    boxes = header_boxes(table, n, split=5)
    boxes += funds_boxes(table.funds, heads, 3, n)
    boxes += goals_boxes(table, 8, n)

    def extra(i: Indicator) -> Sequence[Box | str]:
        return (
            i.value.raw,
            _raw(i.actual),
            money_box(0, 0, i.weight),
            money_box(0, 0, i.score),
            i.deviation_reason or "",
        )

    cols = ("年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    boxes += indicator_boxes(table, 10, cols, extra)
    bottom = 11 + len(table.indicators)
    inds, f = table.indicators, table.funds
    boxes += [
        Box(bottom, 0, "总分", colspan=6, role="label", key="total"),
        money_box(bottom, 6, _total([f.execution_weight, *(i.weight for i in inds)])),
        money_box(bottom, 7, _total([f.execution_score, *(i.score for i in inds)])),
        Box(bottom, 8, ""),
    ]
    return Form(
        SELF_EVALUATION_TITLE,
        year_line(table),
        table.title,
        _SELF_WIDTHS,
        tuple(boxes),
        10,
        table.indicators,
    )


def monitoring_form(table: TargetTable) -> Form:
    """Given a monitoring table, return it laid out as the 运行监控表."""
    n = len(_MONITOR_WIDTHS)
    heads = ("年初预算数", "调整后预算数(A)", "执行数(B)", "执行率(B/A)")
    boxes = header_boxes(table, n, split=5)
    boxes += funds_boxes(table.funds, heads, 3, n)
    boxes += goals_boxes(table, 8, n)

    def extra(i: Indicator) -> Sequence[str]:
        return (
            i.value.raw,
            _raw(i.progress),
            _raw(i.expected),
            i.likelihood or "",
            i.deviation_reason or "",
            i.measures or "",
        )

    cols = (
        "年度指标值",
        "执行情况",
        "全年预计完成情况",
        "完成目标可能性",
        "偏差原因分析",
        "改进措施",
    )
    boxes += indicator_boxes(table, 10, cols, extra)
    return Form(
        MONITORING_TITLE,
        year_line(table),
        table.title,
        _MONITOR_WIDTHS,
        tuple(boxes),
        10,
        table.indicators,
    )
