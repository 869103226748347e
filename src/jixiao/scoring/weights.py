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


def _is_head(ind: Indicator) -> bool:
    # "★补助各类粮食作物种植面积 | | | 10 | 10": a weighted row with no target or actual of
    # its own heads the items listed under it (红薯种植面积 5.5亩 5.5亩 …).
    actual = ind.actual.raw.strip() if ind.actual else ""
    return ind.weight is not None and not ind.value.raw.strip() and not actual


def items_of_heads(table: TargetTable) -> frozenset[int]:
    """Given a table, return the rows that are items under a weighted heading row.

    Their points are the heading's (the Anhui 衔接资金 self-evaluation template): they
    take no share of the scheme's points themselves.
    """
    out: set[int] = set()
    head: Indicator | None = None
    for i, ind in enumerate(table.indicators):
        if _is_head(ind):
            head = ind
        elif ind.weight is not None or head is None or ind.level2 != head.level2:
            head = None
        else:
            out.add(i)
    return frozenset(out)


def scheme_weights(table: TargetTable, scheme: Scheme) -> tuple[Decimal | None, ...]:
    """Given a table and a scheme, return a weight for each row without a 分值 (None otherwise).

    Rows that lack a weight share what their group has left after the rows that
    carry one: a table that is half filled in keeps the unit's own weights. Items
    listed under a weighted heading row take none (0): the heading carries their points.
    """
    groups: dict[str, list[int]] = {}
    used: dict[str, Decimal] = {}
    items = items_of_heads(table)
    out: list[Decimal | None] = [None] * len(table.indicators)
    for i, ind in enumerate(table.indicators):
        if ind.not_applicable:
            continue
        if i in items:
            out[i] = Decimal(0)
            continue
        key = scheme.group(level1_of(ind)) if scheme.groups else "*"
        if ind.weight is None:
            groups.setdefault(key, []).append(i)
        else:
            used[key] = used.get(key, Decimal(0)) + ind.weight
    for key, rows in groups.items():
        points = scheme.groups.get(key, Decimal(0)) if scheme.groups else scheme.free_total
        left = max(points - used.get(key, Decimal(0)), Decimal(0))
        for row, share in zip(rows, split(left, len(rows)), strict=True):
            out[row] = share
    return tuple(out)
