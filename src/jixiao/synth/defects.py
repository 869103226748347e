"""Defects the review rules look for, planted on purpose (docs/domain.md "What a good target looks like")."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from jixiao.model.indicator import Indicator
from jixiao.model.project import TargetTable
from jixiao.model.values import parse_value
from jixiao.synth import vocab

Defect = Callable[[TargetTable, random.Random], TargetTable]


def _funds_sum(table: TargetTable, rng: random.Random) -> TargetTable:
    # 年度资金总额 must equal 财政拨款 + 上年结转 + 其他资金.
    fiscal = (table.funds.fiscal or Decimal(1)) + Decimal(rng.choice((1, 5, 10)))
    return replace(table, funds=replace(table.funds, fiscal=fiscal))


def _no_satisfaction(table: TargetTable, rng: random.Random) -> TargetTable:
    return _keep(table, lambda i: i.level1 != "满意度指标")


def _vague_quantity(table: TargetTable, rng: random.Random) -> TargetTable:
    # A 数量指标 without a number, only a vague adjective.
    return _revalue(table, "数量指标", rng.choice(vocab.VAGUE))


def _satisfaction_100(table: TargetTable, rng: random.Random) -> TargetTable:
    return _revalue(table, "满意度指标", "=100%")


def _percent_over_100(table: TargetTable, rng: random.Random) -> TargetTable:
    return _revalue(table, "满意度指标", f"≥{rng.choice((105, 120, 150))}%")


def _cost_over_funds(table: TargetTable, rng: random.Random) -> TargetTable:
    total = (table.funds.total or Decimal(1)) * 2
    return _revalue(table, "成本指标", f"≤{total}万元")


def _missing_unit(table: TargetTable, rng: random.Random) -> TargetTable:
    return replace(table, project=replace(table.project, implementing_unit=None, source=None))


def _too_few(table: TargetTable, rng: random.Random) -> TargetTable:
    return replace(table, indicators=table.indicators[:2])


def _duplicate(table: TargetTable, rng: random.Random) -> TargetTable:
    first = table.indicators[0]
    return replace(table, indicators=(first, *table.indicators))


DEFECT_FUNCTIONS: dict[str, Defect] = {
    "funds.sum-mismatch": _funds_sum,
    "structure.no-satisfaction": _no_satisfaction,
    "values.vague-quantity": _vague_quantity,
    "values.satisfaction-100": _satisfaction_100,
    "values.percent-over-100": _percent_over_100,
    "cost.over-funds": _cost_over_funds,
    "header.missing-fields": _missing_unit,
    "structure.too-few": _too_few,
    "structure.duplicate-name": _duplicate,
}
DEFECTS: tuple[str, ...] = tuple(DEFECT_FUNCTIONS)


def apply_defect(kind: str, table: TargetTable, rng: random.Random) -> TargetTable:
    """Given a defect name, a table and the generator, return the table with the defect."""
    return DEFECT_FUNCTIONS[kind](table, rng)


def _keep(table: TargetTable, keep: Callable[[Indicator], bool]) -> TargetTable:
    return replace(table, indicators=tuple(i for i in table.indicators if keep(i)))


def _revalue(table: TargetTable, level: str, raw: str) -> TargetTable:
    done = False
    out = []
    for ind in table.indicators:
        if not done and level in (ind.level1, ind.level2):
            ind = replace(ind, value=parse_value(raw))
            done = True
        out.append(ind)
    return replace(table, indicators=tuple(out))
