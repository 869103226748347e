"""Self-evaluation, monitoring, consistency and cross-year checks, one behaviour per test."""

from __future__ import annotations

from scoring_helpers import D, flat, ind, q, table

from jixiao.model.project import Funds
from jixiao.scoring import crossyear_findings, monitoring_findings, score_table
from jixiao.scoring.consistency import target_changed
from jixiao.scoring.crossyear import (
    below_last_actual,
    perfect_score_missed,
    target_lowered_funds_up,
)

PEOPLE = q("≥100人", "≥", "100", "人")


def _codes(tbl: object, **kw: object) -> list[tuple[str, str | None]]:
    return flat(score_table(tbl, **kw).findings)  # type: ignore[arg-type]


def test_score_above_weight_is_an_error_and_is_capped() -> None:
    row = ind("甲", PEOPLE, q("100人", "=", "100", "人"), weight="10", score="12")
    sheet = score_table(table(row))
    assert flat(sheet.findings) == [("selfeval.score-above-weight", "甲")]
    assert sheet.indicators[0].score == D(10)


def test_reason_missing_only_below_full_and_without_reason() -> None:
    short = q("90人", "=", "90", "人")
    assert _codes(table(ind("甲", PEOPLE, short, weight="10", score="9"))) == [
        ("selfeval.reason-missing", "甲")
    ]
    assert (
        _codes(table(ind("甲", PEOPLE, short, weight="10", score="9", reason="经费未到位"))) == []
    )
    assert _codes(table(ind("甲", PEOPLE, short, weight="10", score="9", reason=" "))) == [
        ("selfeval.reason-missing", "甲")
    ]


def test_execution_below_90_needs_a_reason_threshold_configurable() -> None:
    low = Funds(budget_adjusted=D(100), executed=D(85))
    assert _codes(table(funds=low)) == [("selfeval.execution-low-no-reason", None)]
    explained = Funds(budget_adjusted=D(100), executed=D(85), execution_reason="项目延期")
    assert _codes(table(funds=explained)) == []
    assert _codes(table(funds=low), config={"execution_reason_below": "0.8"}) == []


def test_execution_score_checked_like_indicator_scores() -> None:
    over = Funds(budget_adjusted=D(100), executed=D(100), execution_score=D(11))
    assert _codes(table(funds=over)) == [("selfeval.score-above-weight", None)]
    wrong = Funds(budget_adjusted=D(100), executed=D(95), execution_score=D(10))
    assert _codes(table(funds=wrong)) == [("selfeval.score-mismatch", None)]


def test_over_achieved_above_half_again_the_target() -> None:
    def codes(actual: str) -> list[tuple[str, str | None]]:
        return _codes(table(ind("甲", PEOPLE, q(actual, "=", actual), weight="10")))

    assert codes("150") == []  # exactly 50% above: not "more than"
    assert codes("151") == [("selfeval.over-achieved", "甲")]
    cost = ind(
        "成本",
        q("≤90万元", "≤", "90", "万元"),
        q("40", "=", "40", "万元"),
        level2="成本指标",
        weight="10",
    )
    assert _codes(table(cost)) == [("selfeval.over-achieved", "成本")]


def test_missing_actual_and_unit_mismatch() -> None:
    assert _codes(table(ind("甲", PEOPLE, None, weight="10"))) == [
        ("selfeval.actual-missing", "甲")
    ]
    odd = ind("甲", PEOPLE, q("100个", "=", "100", "个"), weight="10")
    assert _codes(table(odd)) == [("selfeval.unit-mismatch", "甲")]


def test_monitoring_likelihood_needs_cause_and_measures() -> None:
    rows = (
        ind("甲", PEOPLE, likelihood="确定能"),
        ind("乙", PEOPLE, likelihood="有可能", reason="经费保障"),
        ind("丙", PEOPLE, likelihood="有可能", reason="经费保障", measures="追加预算"),
        ind("丁", PEOPLE, likelihood="不可能", reason="制度保障", measures="调整目标"),
    )
    found = monitoring_findings(table(*rows, kind="monitoring"))
    assert flat(found) == [
        ("monitoring.likelihood-no-cause", "乙"),
        ("monitoring.target-unlikely", "丁"),
    ]


def test_slow_spending_red_and_yellow_against_time_progress() -> None:
    def level(executed: str, **config: object) -> list[str]:
        tbl = table(kind="monitoring", funds=Funds(budget_adjusted=D(100), executed=D(executed)))
        return [f.severity for f in monitoring_findings(tbl, config)]

    # 1–6月: time progress 50%; yellow beyond 10 points behind, red beyond 20.
    assert level("40") == []
    assert level("39") == ["warning"]
    assert level("29") == ["error"]
    # docs/domain.md's example: below 60% by the end of August (time progress 66.7%).
    assert level("59", months=8, yellow_lag="0.05", red_lag="0.0667") == ["error"]
    assert level("10", min_funds="500") == []  # a small project is not watched


APPROVED = table(
    ind("指标1:劳模体检人数", PEOPLE),
    ind("劳模满意度", q("≥90%", "≥", "90", "%"), level1="满意度指标", level2="满意度指标"),
    kind="target",
)


def test_consistency_accepts_the_approved_values() -> None:
    same = table(
        ind("劳模体检人数", PEOPLE, q("100", "=", "100")),
        ind("劳模满意度", q("≥ 90%", "≥", "90", "%"), level1="满意度指标", level2="满意度指标"),
    )
    assert list(target_changed(same, APPROVED)) == []


def test_consistency_flags_changed_added_and_missing_rows() -> None:
    changed = table(
        ind("劳模体检人数", q("≥80人", "≥", "80", "人")),
        ind("新增指标", PEOPLE),
    )
    assert flat(target_changed(changed, APPROVED)) == [
        ("consistency.target-changed", "劳模体检人数"),
        ("consistency.target-changed", "新增指标"),
        ("consistency.target-changed", "劳模满意度"),
    ]


def test_consistency_follows_an_approved_adjustment() -> None:
    adjusted = table(ind("劳模体检人数", q("≥80人", "≥", "80", "人")), kind="target")
    selfeval = table(ind("劳模体检人数", q("≥80人", "≥", "80", "人")))
    assert list(target_changed(selfeval, APPROVED, [adjusted])) == []
    sheet = score_table(selfeval, target=APPROVED)
    assert ("consistency.target-changed", "劳模体检人数") in flat(sheet.findings)


def _year(
    year: int, funds: int, value: str, number: str, kind: str = "target", actual: str | None = None
):  # type: ignore[no-untyped-def]
    row = ind(
        "体检人数",
        q(value, "≥", number, "人"),
        q(f"{actual}人", "=", actual, "人") if actual else None,
        weight="90",
        score="90" if actual else None,
    )
    return table(
        row,
        kind=kind,
        year=year,
        funds=Funds(total=D(funds), budget_adjusted=D(funds), executed=D(funds)),
    )


def test_crossyear_target_lowered_while_funds_rose() -> None:
    tables = [_year(2023, 100, "≥100人", "100"), _year(2024, 120, "≥90人", "90")]
    assert flat(target_lowered_funds_up(tables)) == [
        ("crossyear.target-lowered-funds-up", "体检人数")
    ]
    flat_target = [_year(2023, 100, "≥100人", "100"), _year(2024, 120, "≥100人", "100")]
    assert [f.severity for f in target_lowered_funds_up(flat_target)] == ["info"]
    less_money = [_year(2023, 100, "≥100人", "100"), _year(2024, 80, "≥90人", "90")]
    assert list(target_lowered_funds_up(less_money)) == []


def test_crossyear_target_below_last_years_actual() -> None:
    tables = [
        _year(2023, 100, "≥100人", "100", "self_evaluation", "130"),
        _year(2024, 100, "≥120人", "120"),
    ]
    assert flat(below_last_actual(tables)) == [("crossyear.below-last-actual", "体检人数")]


def test_crossyear_perfect_score_while_missed() -> None:
    # The unit wrote 90/90 for 80 of ≥100: recomputed 90 × 80/100 = 72.
    tables = [
        _year(2022, 100, "≥100人", "100", "self_evaluation", "100"),
        _year(2023, 100, "≥100人", "100", "self_evaluation", "80"),
    ]
    found = list(perfect_score_missed(tables))
    assert [(f.code, f.message.startswith("2023年")) for f in found] == [
        ("crossyear.perfect-score-missed", True)
    ]
    assert len(crossyear_findings(tables)) == 1
