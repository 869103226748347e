"""Generated tables for round-trip tests: what a clean parse of a real table looks like.

Every field is in the form the reader gives back (values parsed by ``parse_value``,
canonical level names, no 指标N: prefixes, money normalised), so a faithful
export must read back equal. Text comes from an alphabet that cannot spell a form
label (项目名称, 指标值, 目标1: …), which would be a different table, not a bug.
"""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

from jixiao.model.indicator import Indicator
from jixiao.model.money import normalize
from jixiao.model.project import Funds, ProjectHeader, TableKind, TargetTable
from jixiao.model.taxonomy import LEGACY
from jixiao.model.values import is_not_applicable, parse_value

SAFE_CHARS = (
    "职工服务中心活动宣传培训补助覆盖率工程建设完成人数场次群众慰问帮扶救助书屋安全生产检查"
)
DEPARTMENTS = ("芜湖市总工会", "六安市农业农村局", "蒙城县卫生健康委员会", "天长市水利局")
UNITS = ("人", "%", "万元", "个", "次", "天", "元/人", "场")
QUALITATIVE = ("本年内", "成效明显", "按要求高质量完成", "较为显著", "不适用")
OPS = ("", "≥", "≤", ">", "<")
LIKELIHOOD = ("确定能", "有可能", "不可能")


def words(rnd: random.Random, low: int = 2, high: int = 14) -> str:
    """Given a random source, return a short text that cannot read as a label."""
    return "".join(rnd.choice(SAFE_CHARS) for _ in range(rnd.randint(low, high)))


def amount(rnd: random.Random, high: int = 9999, places: int = 2) -> Decimal:
    """Given a random source, return a positive amount with up to ``places`` decimals."""
    shift = rnd.randint(0, places)
    return normalize(Decimal(rnd.randint(1, high * 10**shift)).scaleb(-shift))


def raw_value(rnd: random.Random) -> str:
    """Given a random source, return a 指标值 as people write it."""
    if rnd.random() < 0.3:
        return rnd.choice(QUALITATIVE)
    number = format(amount(rnd, 500, 1), "f")
    return f"{rnd.choice(OPS)}{number}{rnd.choice(UNITS)}"


def indicator(rnd: random.Random, level1: str, level2: str, kind: TableKind) -> Indicator:
    """Given the levels, return one generated indicator of a table of ``kind``."""
    value = parse_value(raw_value(rnd))
    name = words(rnd)
    ind = Indicator(level1, level2, name, value, not_applicable=is_not_applicable(value.raw))
    if kind == "self_evaluation":
        weight = Decimal(rnd.randint(1, 20))
        ind = replace(
            ind,
            actual=parse_value(raw_value(rnd)),
            weight=weight,
            score=normalize(weight * Decimal(rnd.randint(50, 100)) / 100),
            deviation_reason=words(rnd) if rnd.random() < 0.5 else None,
        )
    elif kind == "monitoring":
        ind = replace(
            ind,
            progress=parse_value(raw_value(rnd)),
            expected=parse_value(raw_value(rnd)),
            likelihood=rnd.choice(LIKELIHOOD),
            deviation_reason=words(rnd),
            measures=words(rnd),
        )
    return ind


def funds(rnd: random.Random, kind: TableKind) -> Funds:
    """Given a random source, return funds whose parts add up to the total."""
    fiscal = amount(rnd)
    carry = amount(rnd, 500) if rnd.random() < 0.3 else None
    other = amount(rnd, 500) if rnd.random() < 0.3 else None
    total = normalize(sum((p for p in (fiscal, carry, other) if p is not None), Decimal(0)))
    out = Funds(total=total, fiscal=fiscal, carryover=carry, other=other)
    if kind == "target":
        return out
    # The total is the 年初预算 (set with the targets); a budget adjusted during the year
    # is what execution is measured on.
    adjusted = total if rnd.random() < 0.5 else amount(rnd)
    executed = normalize(adjusted * Decimal(rnd.randint(40, 100)) / 100)
    rate = normalize((executed / adjusted).quantize(Decimal("0.0001")))
    out = replace(
        out,
        budget_initial=total,
        budget_adjusted=adjusted,
        executed=executed,
        execution_rate=rate,
    )
    if kind == "self_evaluation":
        out = replace(out, execution_weight=Decimal(10), execution_score=normalize(10 * rate))
    return out


def synthetic_table(rnd: random.Random, kind: TableKind = "target") -> TargetTable:
    """Given a random source, return one generated table of ``kind``."""
    inds: list[Indicator] = []
    for level1, children in LEGACY.levels.items():
        for level2 in children:
            if rnd.random() < 0.6 or level2 == children[0]:
                inds += [indicator(rnd, level1, level2, kind) for _ in range(rnd.randint(1, 3))]
    table = TargetTable(
        kind=kind,
        fiscal_year=rnd.randint(2018, 2026),
        project=ProjectHeader(
            name=words(rnd, 4, 20) + "经费",
            department=rnd.choice(DEPARTMENTS),
            department_code=str(rnd.randint(10, 99999)),
            implementing_unit=rnd.choice(DEPARTMENTS),
            source=rnd.choice(("本级申报项目", "上级转移支付项目")),
            period_years=rnd.randint(1, 5),
        ),
        funds=funds(rnd, kind),
        goals=tuple(words(rnd, 10, 60) + "。" for _ in range(rnd.randint(1, 3))),
        indicators=tuple(inds),
    )
    if kind != "target":
        table = replace(
            table, goals_actual=tuple(words(rnd, 10, 40) for _ in range(rnd.randint(1, 2)))
        )
    return table


def synthetic_batch(seed: int, count: int, kind: TableKind = "target") -> tuple[TargetTable, ...]:
    """Given a seed and a count, return that many generated tables (same seed, same tables)."""
    rnd = random.Random(seed)
    return tuple(synthetic_table(rnd, kind) for _ in range(count))
