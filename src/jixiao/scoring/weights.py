"""Weights for indicators that carry none: the scheme's group points split evenly."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from jixiao.model.indicator import Indicator
from jixiao.model.project import TargetTable
from jixiao.model.taxonomy import OUTPUT, canonical_level1, infer_level1
from jixiao.scoring.formulas import CENT
from jixiao.scoring.schemes import Scheme


def level1_of(ind: Indicator) -> str:
    """Given an indicator, return its canonical first level (inferred from 二级 if need be)."""
    return canonical_level1(ind.level1) or infer_level1(ind.level2) or OUTPUT


def split(points: Decimal, count: int) -> list[Decimal]:
    """Given points and a row count, return per-row shares in cents that sum exactly.

    50 over 6 rows gives 8.34, 8.34, 8.33, 8.33, 8.33, 8.33: the leftover cents go
    to the first rows so that the form's 分值 column adds up to the group's points.
    """
    if count <= 0:
        return []
    base = (points / count).quantize(CENT, rounding=ROUND_DOWN)
    left = int((points - base * count) / CENT)
    return [base + CENT if i < left else base for i in range(count)]


def scheme_weights(table: TargetTable, scheme: Scheme) -> tuple[Decimal | None, ...]:
    """Given a table and a scheme, return a weight for each row without a 分值 (None otherwise).

    Rows that lack a weight share what their group has left after the rows that
    carry one: a table that is half filled in keeps the unit's own weights.
    """
    groups: dict[str, list[int]] = {}
    used: dict[str, Decimal] = {}
    for i, ind in enumerate(table.indicators):
        if ind.not_applicable:
            continue
        key = scheme.group(level1_of(ind)) if scheme.groups else "*"
        if ind.weight is None:
            groups.setdefault(key, []).append(i)
        else:
            used[key] = used.get(key, Decimal(0)) + ind.weight
    out: list[Decimal | None] = [None] * len(table.indicators)
    for key, rows in groups.items():
        points = scheme.groups.get(key, Decimal(0)) if scheme.groups else scheme.free_total
        left = max(points - used.get(key, Decimal(0)), Decimal(0))
        for row, share in zip(rows, split(left, len(rows)), strict=True):
            out[row] = share
    return tuple(out)
