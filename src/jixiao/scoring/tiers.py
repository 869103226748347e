"""The three grades a qualitative indicator is scored in (财预〔2020〕10号 附件2)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jixiao.scoring.formulas import Computed, fmt, round2


@dataclass(frozen=True, slots=True)
class Tier:
    """A qualitative grade and the share of the weight it allows, bounds inclusive."""

    name: str
    low: Decimal
    high: Decimal

    def bounds(self, weight: Decimal) -> tuple[Decimal, Decimal]:
        """Given a weight, return the lowest and highest score of this tier (2 places)."""
        return round2(weight * self.low), round2(weight * self.high)

    def contains(self, score: Decimal, weight: Decimal) -> bool:
        """Whether a score lies in this tier for that weight, both bounds included."""
        low, high = self.bounds(weight)
        return low <= score <= high

    @property
    def label(self) -> str:
        """The tier as the forms print it: 达成预期指标(80%–100%)."""
        return f"{self.name}({fmt(self.low * 100)}%–{fmt(self.high * 100)}%)"


ACHIEVED = Tier("达成预期指标", Decimal("0.8"), Decimal(1))
PARTLY = Tier("部分达成预期指标并具有一定效果", Decimal("0.5"), Decimal("0.8"))
MISSED = Tier("未达成预期指标且效果较差", Decimal(0), Decimal("0.5"))
TIERS: tuple[Tier, ...] = (ACHIEVED, PARTLY, MISSED)

# Order matters: "未达成预期指标" and "部分达成预期指标" both contain "达成预期指标".
_TEXT_TO_TIER: tuple[tuple[str, Tier], ...] = (
    ("未达成", MISSED),
    ("未完成", MISSED),
    ("效果较差", MISSED),
    ("部分达成", PARTLY),
    ("部分完成", PARTLY),
    ("基本达成", PARTLY),
    ("达成预期", ACHIEVED),
    ("全部达成", ACHIEVED),
    ("已达成", ACHIEVED),
)


def tier_of_text(text: str | None) -> Tier | None:
    """Given an actual value such as "达成预期指标", return the tier it names, or None."""
    if not text:
        return None
    compact = "".join(text.split())
    for marker, tier in _TEXT_TO_TIER:
        if marker in compact:
            return tier
    return None


def tier_of_score(score: Decimal, weight: Decimal) -> Tier | None:
    """Given a reported score and its weight, return the highest tier containing it."""
    for tier in TIERS:
        if tier.contains(score, weight):
            return tier
    return None


def score_in_tier(tier: Tier, weight: Decimal, reported: Decimal | None) -> tuple[Computed, bool]:
    """Given a tier, the weight and the unit's score, return the score and whether it was clamped.

    docs/contract.md: the reported score stands when it lies within the tier; otherwise it
    is clamped to the nearer bound. With no reported score the tier's top is used,
    which is what the template's Excel formula computes.
    """
    low, high = tier.bounds(weight)
    head = f"定性指标, {tier.label}"
    if reported is None:
        return Computed(
            high,
            f"{head}, 未填得分, 按档位上限 {fmt(weight)} × {fmt(tier.high * 100)}% = {fmt(high)}",
        ), False
    if low <= reported <= high:
        return Computed(reported, f"{head}, 采用自评分 {fmt(reported)}"), False
    clamped = low if reported < low else high
    return Computed(clamped, f"{head}, 自评分 {fmt(reported)} 超出档位, 按 {fmt(clamped)} 计"), True
