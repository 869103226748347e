"""Per-indicator scoring formulas of 财预〔2020〕10号: pure, ``Decimal`` in and out.

Every function returns a :class:`Computed`: the score (already capped into
``[0, weight]`` and rounded to 2 places, the precision the official forms print)
and the arithmetic a reader can redo by hand ("10 × 96/100 = 9.6").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from jixiao.model.money import money_str

CENT = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

Fallback = Literal["≥", "≤"]


@dataclass(frozen=True, slots=True)
class Computed:
    """A score with the arithmetic that produced it."""

    score: Decimal
    expr: str


def round2(value: Decimal) -> Decimal:
    """Given a decimal, return it rounded half-up to 2 places (四舍五入, as the forms do)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """Given a decimal, return it as written on a form: "9.6", "10", never "1E+1"."""
    return money_str(value) or "0"


def cap(score: Decimal, weight: Decimal) -> Decimal:
    """Given a raw score and its weight, return it clamped into [0, weight].

    财预〔2020〕10号: an indicator never scores above its 分值 and there are no bonus points.
    """
    return min(max(score, ZERO), weight)


def full(weight: Decimal, why: str = "已达成") -> Computed:
    """Given a weight, return the full score with its reason."""
    return Computed(round2(weight), f"{why}, 得满分 {fmt(weight)}")


def _partial(weight: Decimal, raw: Decimal, expr: str) -> Computed:
    score = round2(cap(raw, weight))
    return Computed(score, f"{expr} = {fmt(score)}")


def at_least(weight: Decimal, target: Decimal, actual: Decimal) -> Computed:
    """Given a "≥A" target (more is better) and actual B, return weight × min(B/A, 1)."""
    if actual >= target:
        return full(weight)
    if target <= ZERO:
        # Only a negative actual can fall short of a zero target: nothing to scale by.
        return Computed(ZERO, f"目标 {fmt(target)}, 实际 {fmt(actual)} 未达到: 得 0")
    return _partial(
        weight, weight * max(actual, ZERO) / target, f"{fmt(weight)} × {fmt(actual)}/{fmt(target)}"
    )


def at_most(weight: Decimal, target: Decimal, actual: Decimal) -> Computed:
    """Given a "≤A" target (less is better: cost, time, error rate) and B, return weight × A/B."""
    if actual <= target:
        return full(weight)
    if target <= ZERO:
        # "重大森林火灾 0起" with one fire: A/B is 0, so the indicator scores nothing.
        return Computed(ZERO, f"上限 {fmt(target)}, 实际 {fmt(actual)} 超出: 得 0")
    return _partial(
        weight, weight * target / actual, f"{fmt(weight)} × {fmt(target)}/{fmt(actual)}"
    )


def equal(
    weight: Decimal,
    target: Decimal,
    actual: Decimal,
    *,
    tolerance: Decimal = ZERO,
    fallback: Fallback = "≥",
) -> Computed:
    """Given an "=A" target, return full within ``tolerance`` (a fraction of A), else the fallback.

    docs/domain.md: "=A" is met within tolerance, otherwise scored as "≥" (rates) by default;
    the scorer passes "≤" for cost indicators, which are a ceiling by nature.
    """
    if abs(actual - target) <= tolerance * abs(target):
        return full(weight, "与目标值相符")
    result = (
        at_least(weight, target, actual) if fallback == "≥" else at_most(weight, target, actual)
    )
    return Computed(result.score, f"按“{fallback}”计: {result.expr}")


def within_range(weight: Decimal, lower: Decimal, upper: Decimal, actual: Decimal) -> Computed:
    """Given a range target "A–C" and B, return full inside it, else the nearer bound's formula."""
    if lower <= actual <= upper:
        return full(weight, "在目标区间内")
    if actual < lower:
        return at_least(weight, lower, actual)
    return at_most(weight, upper, actual)


def execution(weight: Decimal, executed: Decimal, budget: Decimal) -> tuple[Decimal, Computed]:
    """Given the execution weight, 全年执行数 and 全年预算数 (> 0), return rate and score.

    财预〔2020〕10号: 预算执行率得分 = 分值 × min(执行数 / 全年预算数, 1).
    """
    rate = executed / budget
    expr = f"{fmt(weight)} × min({fmt(executed)}/{fmt(budget)}, 1)"
    if rate >= ONE:
        return rate, Computed(round2(weight), f"{expr} = {fmt(weight)}")
    return rate, _partial(weight, weight * rate, expr)


def rescale(scores: Decimal, weights: Decimal) -> Decimal:
    """Given the summed scores and the summed weights of the applicable rows, return out of 100.

    docs/domain.md: 不适用 rows are left out and the total is rescaled to 100.
    """
    if weights <= ZERO:
        return ZERO
    if weights == HUNDRED:
        return round2(scores)
    return round2(scores * HUNDRED / weights)


GRADE_BANDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(90), "优"),
    (Decimal(80), "良"),
    (Decimal(60), "中"),
)


def grade(total: Decimal) -> str:
    """Given a total out of 100, return 优 (≥90), 良 (80–<90), 中 (60–<80) or 差 (<60)."""
    for floor, name in GRADE_BANDS:
        if total >= floor:
            return name
    return "差"
