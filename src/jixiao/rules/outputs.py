"""Output indicators that measure what went in: the project's own money as its "output",
and 中期 (multi-year) targets that only repeat the year's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal

from jixiao.model.indicator import Indicator
from jixiao.model.money import money_str, to_wanyuan
from jixiao.model.project import TargetTable
from jixiao.model.taxonomy import QUANTITY, canonical_level2
from jixiao.rules.base import Config, Finding, Rule
from jixiao.rules.helpers import ALL_KINDS, applicable, decimal_setting, hit, is_cost, money_unit

# Names that say the row counts the project's own money ("资金规模", "补助经费", "预算拨款").
_FUNDS_NAME = re.compile(r"资金|经费|预算|拨款|财政补助|投入")
# Money the project draws in from others is an effect it claims, not its own funds
# ("带动社会资金投入", "撬动银行贷款"): left to the benefit rules.
_LEVERAGE = re.compile(r"带动|撬动|吸引|引导|引入|争取|拉动|社会资本|配套")


def _amount(ind: Indicator) -> Decimal | None:
    """Given a row, return its plain money amount in 万元 (not a unit price), or None."""
    value = ind.value
    unit = money_unit(value.unit)
    if value.number is None or unit is None or unit[1]:
        return None
    return to_wanyuan(value.number, unit[0])


def _matches_funds(amount: Decimal, table: TargetTable, tolerance: Decimal) -> bool:
    funds = table.funds
    return any(
        figure is not None and figure > 0 and abs(figure - amount) <= tolerance
        for figure in (funds.total, funds.fiscal)
    )


def _funds_as_output(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    tolerance = decimal_setting(cfg, "money_tolerance", "0.01")
    for ind in applicable(table):
        # Cost rows are meant to hold money; only 数量指标 are outputs counted in things.
        if is_cost(ind) or canonical_level2(ind.level2) != QUANTITY:
            continue
        amount = _amount(ind)
        if amount is None or _LEVERAGE.search(ind.name):
            continue
        if _FUNDS_NAME.search(ind.name) or _matches_funds(amount, table, tolerance):
            yield hit(
                f"数量指标“{ind.name}”的指标值“{ind.value.raw}”(合 {money_str(amount)} 万元)"
                "是项目资金本身,是投入而不是产出; 应写这笔钱完成的数量(人数、场次、面积等),"
                "资金额放在成本指标。",
                table=table,
                ind=ind,
            )


FUNDS_AS_OUTPUT = Rule(
    code="values.funds-as-output",
    severity="warning",
    title="数量指标填的是项目资金(投入)而非产出",
    why="财预〔2021〕101号: 产出指标反映提供的公共产品和服务的数量、质量、时效; 资金是投入,"
    "应在成本指标中反映。数量指标填“资金规模 100万元”或与年度资金总额相同的金额,"
    "等于没有设定产出(审核中列为指标设置不当)。",
    bad="数量指标 › 补助资金规模: 100万元(年度资金总额 100万元)",
    good="数量指标 › 补助农户数: ≥500户; 成本指标 › 项目总成本: ≤100万元",
    check=_funds_as_output,
    criterion="相关性",
    kinds=ALL_KINDS,
)


# At least this many rows compared before the two groups are called the same.
_PERIOD_MIN_ROWS = 3


def _same_target(a: str, b: str) -> bool:
    # Width folded: the row's raw "≥98％" and the reader's cell text "≥98%" are one value.
    return "".join(unicodedata.normalize("NFKC", a).split()) == "".join(
        unicodedata.normalize("NFKC", b).split()
    )


def _period_repeats_year(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    period, year = table.period_total, table.funds.total
    if period is None or year is None or year <= 0 or period <= year:
        # The same money (a one-year project's 中期 equals its 年度) may set the same targets.
        return
    values = {ind.name: ind.value.raw for ind in applicable(table)}
    pairs = [(values[n], v) for n, v in table.period_targets if n in values and values[n].strip()]
    if len(pairs) < _PERIOD_MIN_ROWS or not all(_same_target(a, b) for a, b in pairs):
        return
    yield hit(
        f"中期资金 {money_str(period)} 万元多于年度资金 {money_str(year)} 万元, 但中期与年度的"
        f" {len(pairs)} 项指标值完全相同; 中期指标应体现实施期内的累计目标,"
        "年度指标体现当年应完成的部分。",
        table=table,
    )


PERIOD_REPEATS_YEAR = Rule(
    code="values.period-repeats-year",
    severity="warning",
    title="中期指标照抄年度指标",
    why="财预〔2015〕88号 审核要点(适当性): 中期目标与年度目标应分别设定, 中期资金覆盖多个年度,"
    "其指标值应是实施期的累计值; 资金多于年度而指标值与年度相同, 说明中期目标没有测算。",
    bad="中期资金 68.5万元 / 年度 51.35万元; 中期与年度均为 检测批次 ≥100组、合格率 ≥98% …",
    good="中期 检测批次 ≥300组(三年累计) / 年度 ≥100组",
    check=_period_repeats_year,
    criterion="适当性",
    kinds=ALL_KINDS,
)

RULES = (FUNDS_AS_OUTPUT, PERIOD_REPEATS_YEAR)
