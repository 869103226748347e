"""Cost indicators: a ceiling (≤ or =), within the funds, and consistent arithmetic."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.model.indicator import Indicator
from jixiao.model.money import money_str, to_wanyuan
from jixiao.model.project import TargetTable
from jixiao.model.taxonomy import QUANTITY, canonical_level2
from jixiao.rules.base import Config, Finding, Rule
from jixiao.rules.helpers import ALL_KINDS, applicable, decimal_setting, hit, is_cost, money_unit


def money_rows(table: TargetTable) -> Iterator[tuple[Indicator, Decimal, str]]:
    """Given a table, yield its money cost rows as (row, amount in 万元, per-what)."""
    for ind in applicable(table):
        value = ind.value
        if not (is_cost(ind) and value.is_quantitative and value.number is not None):
            continue
        unit = money_unit(value.unit)
        if unit is not None:
            yield ind, to_wanyuan(value.number, unit[0]), unit[1]


def _wrong_comparator(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    for ind, _, _ in money_rows(table):
        if ind.value.op in ("≥", ">"):
            yield hit(
                f"成本指标“{ind.value.raw}”用了“{ind.value.op}”; 成本是上限,应使用“≤”或“=”。",
                table=table,
                ind=ind,
            )


def _exceeds_funds(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    funds = table.funds.total
    if funds is None or funds <= 0:
        return
    tolerance = decimal_setting(cfg, "money_tolerance", "0.01")
    for ind, amount, per in money_rows(table):
        if not per and amount > funds + tolerance:
            yield hit(
                f"成本指标“{ind.value.raw}”(合 {money_str(amount)} 万元)超过年度资金总额 "
                f"{money_str(funds)} 万元。",
                table=table,
                ind=ind,
            )


def _total_cost(table: TargetTable) -> tuple[Indicator | None, Decimal | None]:
    totals = [(i, a) for i, a, per in money_rows(table) if not per]
    if len(totals) == 1:
        return totals[0]
    if not totals:
        return None, table.funds.total
    return None, None


def _half_ulp(number: Decimal) -> Decimal:
    """Given a written figure, return half a unit of its last decimal place (0 for integers)."""
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0:
        return Decimal(0)
    return Decimal(1).scaleb(exponent) / 2


def _tolerance(cfg: Config, quantity: Decimal, std_row: Indicator, total: Decimal) -> Decimal:
    # Published standards and totals are rounded (71.86元/平方米 × 26970.7平方米 ≈ 193.8万元),
    # so the product may miss by the rounding of each figure, on top of the 0.01万元 tolerance.
    std_number, unit = std_row.value.number, money_unit(std_row.value.unit)
    std_slack = to_wanyuan(_half_ulp(std_number), unit[0]) if std_number and unit else Decimal(0)
    base = decimal_setting(cfg, "money_tolerance", "0.01")
    return base + abs(quantity) * std_slack + _half_ulp(total)


def _round(amount: Decimal) -> Decimal:
    exponent = amount.as_tuple().exponent
    return (
        amount.quantize(Decimal("0.0001"))
        if isinstance(exponent, int) and exponent < -4
        else amount
    )


def _arithmetic(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    # Only the unambiguous case is checked: one unit standard (元/人), one exact quantity
    # counted in that unit (149人) and one total; several standards may cover other costs.
    standards = [(i, a, per) for i, a, per in money_rows(table) if per]
    if len(standards) != 1:
        return
    std_row, std_amount, per = standards[0]
    quantities = [
        i
        for i in applicable(table)
        if canonical_level2(i.level2) == QUANTITY
        and i.value.is_quantitative
        and i.value.number is not None
        and i.value.op == "="
        and (i.value.unit or "").strip() == per
    ]
    total_row, total = _total_cost(table)
    if len(quantities) != 1 or total is None or quantities[0].value.number is None:
        return
    quantity = quantities[0].value.number
    product = quantity * std_amount
    if abs(product - total) > _tolerance(cfg, quantity, std_row, total):
        where = f"成本指标“{total_row.value.raw}”" if total_row else "年度资金总额"
        yield hit(
            f"{quantities[0].value.raw} × {std_row.value.raw} = {money_str(_round(product))} 万元,"
            f"与{where}({money_str(total)} 万元)不符。",
            table=table,
            ind=std_row,
        )


WRONG_COMPARATOR = Rule(
    code="cost.wrong-comparator",
    severity="warning",
    title="成本指标用了“≥”或“>”",
    why="财预〔2021〕101号: 成本指标是控制上限,应以“≤”(或“=”)表示,不能鼓励多花钱。",
    bad="项目总金额 ≥74.5万元",
    good="项目总金额 ≤74.5万元",
    check=_wrong_comparator,
    criterion="适当性",
    kinds=ALL_KINDS,
)

EXCEEDS_FUNDS = Rule(
    code="cost.exceeds-funds",
    severity="error",
    title="成本指标超过项目资金",
    why="适当性审核: 资金规模与目标匹配; 成本目标不能超过本年度安排的资金(元已换算为万元)。",
    bad="年度资金总额 74.5; 项目总金额 80万元",
    good="年度资金总额 74.5; 项目总金额 74.5万元",
    check=_exceeds_funds,
    criterion="适当性",
    kinds=ALL_KINDS,
)

ARITHMETIC = Rule(
    code="cost.arithmetic",
    severity="error",
    title="数量 × 单位标准 ≠ 总成本",
    why="可行性审核: 绩效目标应经过合理测算; 表中给出数量和单位标准时,乘积应等于总成本。",
    bad="149人 × 5000元/人, 项目总金额 80万元",
    good="149人 × 5000元/人 = 74.5万元",
    check=_arithmetic,
    criterion="可行性",
    kinds=ALL_KINDS,
)

RULES = (WRONG_COMPARATOR, EXCEEDS_FUNDS, ARITHMETIC)
