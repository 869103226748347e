"""Cost indicators: a ceiling (≤ or =), within the funds, and consistent arithmetic."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.model.indicator import Indicator
from jixiao.model.money import money_str, to_wanyuan
from jixiao.model.project import TargetTable
from jixiao.model.taxonomy import QUANTITY, canonical_level2
from jixiao.model.values import parse_value
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
    # Where one standard and one exact quantity are checked against the total already
    # (cost.arithmetic), that finding says it; the same row is not blamed twice.
    done = {f.indicator for f in _arithmetic(table, cfg)}
    yield from (f for f in _standard_times_quantity(table, funds) if f.indicator not in done)


_MAGNITUDES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
#: A standard times the least quantity may pass the funds by this share before it is
#: called out: standards are rounded, and a quantity may be met in part by other money.
_STANDARD_SLACK = Decimal("1.1")


def _in_unit(value_unit: str, unit: str) -> Decimal | None:
    """Given a quantity's unit and a standard's counted unit, return how many of the
    standard's unit one of the quantity's is (万吨 → 10000 吨), or None if they differ."""
    if _same_count(unit, value_unit):
        return Decimal(1)
    prefix = _MAGNITUDE.match(value_unit)
    if prefix and _same_count(unit, value_unit[prefix.end() :]):
        factor = Decimal(1)
        for ch in prefix.group():
            factor *= _MAGNITUDES[ch]
        return factor
    return None


def _standard_times_quantity(table: TargetTable, funds: Decimal) -> Iterator[Finding]:
    # ≤300元/吨 for ≥4.2万吨 is 1260万元 at the ceiling against 860万元 of funds; ≤2200元/人·月
    # for 1400 people is 3696万元 a year against 336万元: the standard and the quantity cannot
    # both hold with the year's money (财预〔2015〕88号 适当性). Only the plain case is taken:
    # the standard counts one thing (per 人, 吨, 亩), by the month or the year or not at all,
    # and the least quantity counted in that thing is used.
    for ind, amount, per in money_rows(table):
        if ind.value.op in ("≥", ">"):
            continue
        counted, _, period = per.partition("·")
        counted, period = counted.strip(), period.strip()
        if not counted or counted in _PERIODS or counted == "次" or period not in ("", *_PERIODS):
            continue
        times = (_months(table) or 12) if period == "月" else _PERIODS.get(period, 1)
        least: Decimal | None = None
        for q in applicable(table):
            value = q.value
            if (
                canonical_level2(q.level2) != QUANTITY
                or not value.is_quantitative
                or value.number is None
                or value.op not in ("=", "≥", ">", None)
                or is_cost(q)
            ):
                continue
            factor = _in_unit((value.unit or "").strip(), counted)
            if factor is not None and (least is None or value.number * factor < least):
                least = value.number * factor
        if least is None or least <= 0:
            continue
        total = amount * least * times
        if total > funds * _STANDARD_SLACK:
            yield hit(
                f"成本指标“{ind.value.raw}”按数量 {money_str(_round(least))}{counted}"
                + (f" × {times}{period}" if period else "")
                + f"测算需 {money_str(_round(total))} 万元,超过年度资金总额 "
                f"{money_str(funds)} 万元; 单位标准与数量、资金不匹配。",
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


def _other_outputs(table: TargetTable, counted: Indicator) -> bool:
    """Given a table and the quantity row a standard counts, whether other quantity rows
    count something else (another unit): outputs the standard does not pay for."""
    unit = (counted.value.unit or "").strip()
    return any(
        canonical_level2(i.level2) == QUANTITY
        and i is not counted
        and i.value.is_quantitative
        and (i.value.unit or "").strip() not in ("", unit)
        for i in applicable(table)
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
    if total_row is None and product < total and _other_outputs(table, quantities[0]):
        # No cost total: the year's funds pay for every output, so 16套 × 2.5万元 = 40万元
        # of 80万元 leaves money for the two courts counted on the next row. Only a
        # product beyond the funds is then sure to be wrong.
        return
    if abs(product - total) > _tolerance(cfg, quantity, std_row, total):
        where = f"成本指标“{total_row.value.raw}”" if total_row else "年度资金总额"
        yield hit(
            f"{quantities[0].value.raw} × {std_row.value.raw} = {money_str(_round(product))} 万元,"
            f"与{where}({money_str(total)} 万元)不符。",
            table=table,
            ind=std_row,
        )


# --- issue 16: cost checks a reviewer makes -------------------------------------------

_RATE_NAME = re.compile(r"(率|效率|比例|比率)\s*$")


# 101号 社会成本 / 生态环境成本 slots filled with a good effect ("提升博物馆绿化水平",
# "对文物保护、文化传承影响长远"): the unit took 成本 for 效益.
_EFFECT_NAME = re.compile(r"提升|提高|促进|改善|保护|传承|带动|增强|增加|效益")
_COST_WORD = re.compile(
    r"成本|费|价|金额|资金|元|支出|投入|标准|预算|造价|补助|补贴|开支|耗|损失|代价|占用|污染|排放"
)


def _not_a_cost(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    # 成本控制率 100% / 资金使用效率 100%: a ratio says nothing of what the output costs.
    for ind in applicable(table):
        if not is_cost(ind) or not ind.name.strip():
            continue
        value = ind.value
        if _RATE_NAME.search(ind.name) or (value.is_quantitative and value.is_percent):
            yield hit(
                f"成本指标“{ind.name}”({value.raw or '无值'})是比率,不是成本; "
                "应填写金额或单位成本(如“≤164万元”“≤5857元/人次”)。",
                table=table,
                ind=ind,
            )
        elif (
            _EFFECT_NAME.search(ind.name)
            and not _COST_WORD.search(ind.name)
            and money_unit(value.unit) is None
        ):
            yield hit(
                f"成本指标“{ind.name}”({value.raw or '无值'})写的是效果,不是成本; "
                "效果应列入效益指标, 成本指标填写金额、单位成本或付出的代价。",
                table=table,
                ind=ind,
            )


_PERIODS = {"月": 12, "季": 4, "季度": 4, "半年": 2, "年": 1}
_SPAN = re.compile(
    r"((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*月?\s*(?:[-—–~～至到]+)\s*"
    r"(?:((?:19|20)\d{2})\s*[年.\-/]\s*)?(\d{1,2})\s*月?"
)


def _months(table: TargetTable) -> int | None:
    """Given a table, return the months its period spans when it states one (1–11月 → 11)."""
    texts = [*table.goals] + [t for i in table.indicators for t in (i.name, i.value.raw)]
    for text in texts:
        m = _SPAN.search(text)
        if m:
            y1, m1 = int(m.group(1)), int(m.group(2))
            y2 = int(m.group(3)) if m.group(3) else y1
            months = (y2 - y1) * 12 + int(m.group(4)) - m1 + 1
            if 1 <= months <= 60:
                return months
    return None


# The period said in words, not as "/月": "每月≤32万元", "月均人工成本 ≤32万元", "月度运维费".
_PERIOD_WORDS = re.compile(r"每(月|季度|季)|^(月|季)[均度]")


def _period_in_words(ind: Indicator) -> str:
    """Given a money cost row with no "/period" unit, return the period its words give, or ""."""
    for text in (ind.value.raw.strip(), ind.name.strip()):
        m = _PERIOD_WORDS.search(text)
        if m:
            return m.group(1) or m.group(2)
    return ""


_EACH_PERIOD = re.compile(r"^\s*每\s*(月|季度|季)\s*(.+)$")


def _per_period_texts(table: TargetTable) -> Iterator[tuple[Indicator, Decimal, str]]:
    """Given a table, yield cost rows written "每月≤32万元" (text to the parser) as money rows."""
    for ind in applicable(table):
        m = _EACH_PERIOD.match(ind.value.raw)
        if not is_cost(ind) or ind.value.is_quantitative or m is None:
            continue
        value = parse_value(m.group(2))
        unit = money_unit(value.unit)
        if value.is_quantitative and value.number is not None and unit and not unit[1]:
            yield ind, to_wanyuan(value.number, unit[0]), m.group(1)


def _period_exceeds_funds(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    funds = table.funds.total
    if funds is None or funds <= 0:
        return
    tolerance = decimal_setting(cfg, "money_tolerance", "0.01")
    for ind, amount, per in (*money_rows(table), *_per_period_texts(table)):
        per = per.strip() or _period_in_words(ind)
        if per not in _PERIODS:
            continue
        stated = _months(table) if per == "月" else None
        count = stated or _PERIODS[per]
        total = amount * count
        if total > funds + tolerance:
            span = f"{count}个月" if per == "月" else f"{count}{per}"
            yield hit(
                f"成本指标“{ind.value.raw}” × {span} = {money_str(_round(total))} 万元,"
                f"超过项目资金 {money_str(funds)} 万元; 成本上限与资金不匹配。",
                table=table,
                ind=ind,
            )


_TOTAL_NAME = re.compile(r"总|合计|总计|全部|预算|资金|经费")


def _components_exceed_funds(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    funds = table.funds.total
    if funds is None or funds <= 0:
        return
    tolerance = decimal_setting(cfg, "money_tolerance", "0.01")
    # A row naming the total (项目总金额, 预算资金) is the whole, not a component.
    parts = [
        (i, a)
        for i, a, per in money_rows(table)
        if not per and not _TOTAL_NAME.search(i.name) and abs(a - funds) > tolerance
    ]
    if len(parts) < 2:
        return
    added = sum((a for _, a in parts), Decimal(0))
    if added > funds + tolerance:
        names = "、".join(f"{i.name} {i.value.raw}" for i, _ in parts[:4])
        yield hit(
            f"各项成本({names})合计 {money_str(_round(added))} 万元,超过项目资金 "
            f"{money_str(funds)} 万元。",
            table=table,
        )


def _per_unit(per: str) -> str:
    # "人·月", "户·年", "人*月": the counted unit is the first one.
    return re.split(r"[·*×xX.]", per, maxsplit=1)[0].strip()


_MAGNITUDE = re.compile(r"^[十百千万亿]+(?!元)")

#: Counters of people: a 元/生·年 (per pupil) or 元/名 standard is met by a count of 人
#: (受助学生 ≥960人), a 元/人 standard by 名 or 人次. Tables mix these words for the
#: same heads; only the word differs, not what is counted.
_PEOPLE = frozenset({"人", "名", "生", "学生", "人次", "位", "员"})


def _same_count(unit: str, counted: str) -> bool:
    if counted == unit or counted.startswith(unit):
        return True
    return unit in _PEOPLE and (counted in _PEOPLE or counted[:1] in _PEOPLE)


def _standard_without_quantity(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    # A quantity may be counted in tens of thousands of the standard's unit (≥2.4万亩 for a
    # 元/亩 standard, 1.2万人次 for 元/人次): the magnitude prefix is not a different unit.
    # Both forms are kept, so a 元/千米 standard still finds its 千米.
    units = [
        (i.value.unit or "").strip()
        for i in applicable(table)
        if i.value.is_quantitative and not is_cost(i)
    ]
    counted = {*units, *(_MAGNITUDE.sub("", u) for u in units)}
    for ind, _, per in money_rows(table):
        unit = _per_unit(per)
        if not unit or unit in _PERIODS or unit in ("次",):
            continue
        if not any(_same_count(unit, u) for u in counted if u):
            yield hit(
                f"成本指标“{ind.value.raw}”是按“{unit}”计的单位标准,但产出指标中没有以“{unit}”"
                "计的数量,无法测算总成本。",
                table=table,
                ind=ind,
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
    why="适当性审核: 资金规模与目标匹配; 成本目标不能超过本年度安排的资金(元已换算为万元);"
    "单位标准乘以以同一单位计的最少数量(按月的标准再乘月数)也不能明显超过资金。",
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

NOT_A_COST = Rule(
    code="cost.not-a-cost",
    severity="warning",
    title="成本指标填的不是成本",
    why="财预〔2021〕101号: 成本指标反映预期提供产出所需的成本(经济成本等),应为金额或单位成本;"
    "“成本控制率”“资金使用效率”是比率,不是成本; 社会成本、生态环境成本栏填“提升绿化水平”"
    "一类效果也不是成本(效果属效益指标)。",
    bad="成本指标 › 成本控制率: 100% / 生态环境成本指标 › 提升博物馆绿化水平: 提升",
    good="成本指标 › 人均培训成本: ≤5857元/人次",
    check=_not_a_cost,
    criterion="相关性",
    kinds=ALL_KINDS,
)

PERIOD_EXCEEDS_FUNDS = Rule(
    code="cost.period-exceeds-funds",
    severity="error",
    title="按期成本 × 期数超过项目资金",
    why="财预〔2015〕88号 适当性: 资金规模与目标相匹配。按月(季、年)的成本上限乘以实施期数"
    "(表中写明的起止月份,否则全年)不能超过本年度资金。",
    bad="人工成本 ≤620万元/月, 2020年1–11月, 项目资金 5652万元(620×11 = 6820)",
    good="人工成本 ≤513万元/月, 2020年1–11月, 项目资金 5652万元",
    check=_period_exceeds_funds,
    criterion="适当性",
    kinds=ALL_KINDS,
)

COMPONENTS_EXCEED_FUNDS = Rule(
    code="cost.components-exceed-funds",
    severity="error",
    title="各项成本合计超过项目资金",
    why="财预〔2015〕88号 可行性: 绩效目标应经过测算; 分项成本之和不能超过项目资金。",
    bad="设备购置 ≤30万元, 安装调试 ≤20万元, 培训 ≤10万元; 项目资金 50万元",
    good="设备购置 ≤25万元, 安装调试 ≤15万元, 培训 ≤10万元; 项目资金 50万元",
    check=_components_exceed_funds,
    criterion="可行性",
    kinds=ALL_KINDS,
)

STANDARD_WITHOUT_QUANTITY = Rule(
    code="cost.standard-without-quantity",
    severity="warning",
    title="单位成本标准没有对应的数量",
    why="财预〔2015〕88号 可行性: 成本应可测算; 有“元/亩”的标准就应有以“亩”计的产出数量,"
    "否则标准 × 数量无法与资金核对。",
    bad="补助标准 ≤475元/亩, 数量指标中没有亩数",
    good="补助标准 ≤475元/亩, 流转土地 ≥60亩",
    check=_standard_without_quantity,
    criterion="可行性",
    kinds=ALL_KINDS,
)

RULES = (
    WRONG_COMPARATOR,
    EXCEEDS_FUNDS,
    ARITHMETIC,
    NOT_A_COST,
    PERIOD_EXCEEDS_FUNDS,
    COMPONENTS_EXCEED_FUNDS,
    STANDARD_WITHOUT_QUANTITY,
)
