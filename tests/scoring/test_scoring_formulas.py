"""Every scoring formula and its edges (财预〔2020〕10号 as docs/domain.md summarises it)."""

from __future__ import annotations

import pytest
from scoring_helpers import D

from jixiao.scoring import formulas as f
from jixiao.scoring.tiers import (
    ACHIEVED,
    MISSED,
    PARTLY,
    score_in_tier,
    tier_of_score,
    tier_of_text,
)


@pytest.mark.parametrize(
    ("weight", "target", "actual", "score"),
    [
        ("10", "100", "96", "9.6"),  # 10 × 96/100
        ("10", "100", "100", "10"),  # met exactly
        ("10", "100", "130", "10"),  # over-achieved: capped at the weight
        ("10", "100", "0", "0"),  # actual 0
        ("10", "0", "0", "10"),  # zero target, met
        ("10", "0", "5", "10"),  # zero target, any non-negative actual meets it
        ("8.34", "100", "96", "8.01"),  # 8.34 × 0.96 = 8.0064
        ("5", "4754", "4604", "4.84"),  # corpus 027: 5 × 4604/4754 = 4.8422…
    ],
)
def test_at_least(weight: str, target: str, actual: str, score: str) -> None:
    assert f.at_least(D(weight), D(target), D(actual)).score == D(score)


@pytest.mark.parametrize(
    ("weight", "target", "actual", "score"),
    [
        ("10", "1", "1.25", "8"),  # ≤ with actual above: 10 × 1/1.25
        ("10", "5300", "5830", "9.09"),  # corpus 027: 10 × 5300/5830 = 9.0909…
        ("10", "90", "80", "10"),  # under the ceiling
        ("10", "90", "0", "10"),  # actual 0 is under any ceiling
        ("10", "0", "0", "10"),  # "0起" with none
        ("10", "0", "2", "0"),  # "0起" with two: A/B = 0
    ],
)
def test_at_most(weight: str, target: str, actual: str, score: str) -> None:
    assert f.at_most(D(weight), D(target), D(actual)).score == D(score)


def test_explain_shows_the_arithmetic() -> None:
    assert f.at_least(D(10), D(100), D(96)).expr == "10 × 96/100 = 9.6"
    assert f.at_most(D(10), D(1), D("1.25")).expr == "10 × 1/1.25 = 8"
    assert f.at_least(D(10), D(100), D(120)).expr == "已达成, 得满分 10"


def test_equal_met_within_tolerance_else_fallback() -> None:
    assert f.equal(D(10), D(149), D(149)).score == D(10)
    assert f.equal(D(10), D(149), D(148), tolerance=D("0.01")).score == D(10)  # 1/149 < 1%
    assert f.equal(D(10), D(149), D(140)).score == D("9.4")  # ≥: 10 × 140/149 = 9.3959…
    assert f.equal(D(10), D(74.5), D(70), fallback="≤").score == D(10)  # cost under budget
    assert f.equal(D(10), D(104), D(110), fallback="≤").score == D("9.45")  # 10 × 104/110 = 9.4545…
    assert f.equal(D(10), D(6), D(7)).score == D(10)  # "=" rate above target: full under ≥


def test_range() -> None:
    assert f.within_range(D(10), D(90), D(95), D(92)).score == D(10)
    assert f.within_range(D(10), D(90), D(95), D(45)).score == D(5)  # 10 × 45/90
    assert f.within_range(D(10), D(90), D(95), D(190)).score == D(5)  # 10 × 95/190


def test_cap_keeps_scores_in_zero_to_weight() -> None:
    assert f.cap(D(12), D(10)) == D(10)
    assert f.cap(D(-1), D(10)) == D(0)
    assert f.at_least(D(10), D(100), D(-5)).score == D(0)


@pytest.mark.parametrize(
    ("executed", "budget", "rate", "score"),
    [
        ("98.8", "104", "0.95", "9.5"),
        ("130", "120", None, "10"),  # over-spent: min(rate, 1)
        ("0", "80", "0", "0"),
        ("89.974", "89.974", "1", "10"),
    ],
)
def test_execution(executed: str, budget: str, rate: str | None, score: str) -> None:
    got_rate, done = f.execution(D(10), D(executed), D(budget))
    assert done.score == D(score)
    if rate is not None:
        assert got_rate == D(rate)


def test_rescale_for_not_applicable_rows() -> None:
    # 85 points earned out of the 90 still applicable: 85 × 100/90 = 94.444…
    assert f.rescale(D(85), D(90)) == D("94.44")
    assert f.rescale(D("93.54"), D(100)) == D("93.54")
    assert f.rescale(D(5), D(0)) == D(0)


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_bounds_inclusive(total: str, grade: str) -> None:
    assert f.grade(D(total)) == grade


def test_round_half_up_like_the_forms() -> None:
    assert f.round2(D("3.125")) == D("3.13")
    assert f.round2(D("4.165")) == D("4.17")


@pytest.mark.parametrize(
    ("tier", "score", "inside"),
    [
        (ACHIEVED, "8", True),
        (ACHIEVED, "10", True),
        (ACHIEVED, "7.99", False),
        (PARTLY, "8", True),
        (PARTLY, "5", True),
        (PARTLY, "4.99", False),
        (PARTLY, "8.01", False),
        (MISSED, "5", True),
        (MISSED, "0", True),
        (MISSED, "5.01", False),
    ],
)
def test_tier_bounds_inclusive(tier: object, score: str, inside: bool) -> None:
    assert tier.contains(D(score), D(10)) is inside  # type: ignore[attr-defined]


def test_tier_with_uneven_weight_rounds_bounds() -> None:
    # 8.33 × 80% = 6.664: a unit writing 6.66 is inside 达成预期指标's lower bound.
    assert ACHIEVED.contains(D("6.66"), D("8.33"))
    assert not ACHIEVED.contains(D("6.65"), D("8.33"))


def test_tier_text_order_does_not_confuse_the_three_names() -> None:
    assert tier_of_text("未达成预期指标且效果较差") is MISSED
    assert tier_of_text("部分达成预期指标并具有一定效果") is PARTLY
    assert tier_of_text("达成预期指标") is ACHIEVED
    assert tier_of_text("是") is None
    assert tier_of_score(D(8), D(10)) is ACHIEVED


def test_score_in_tier_keeps_clamps_or_defaults() -> None:
    kept, clamped = score_in_tier(PARTLY, D(10), D(7))
    assert (kept.score, clamped) == (D(7), False)
    kept, clamped = score_in_tier(ACHIEVED, D(10), D(6))
    assert (kept.score, clamped) == (D(8), True)
    kept, clamped = score_in_tier(MISSED, D(10), D(9))
    assert (kept.score, clamped) == (D(5), True)
    assert score_in_tier(PARTLY, D(15), None)[0].score == D(12)  # 15 × 80%, the tier's top
