"""score_table on small hand-built tables: weights, N/A rescale, tiers, explanations, JSON."""

from __future__ import annotations

from dataclasses import replace

import pytest
from scoring_helpers import D, flat, ind, q, t, table

from jixiao.model.project import Funds
from jixiao.scoring import UnknownSchemeError, get_scheme, score_table, sheets_to_dict
from jixiao.scoring.schemes import scheme_from_config
from jixiao.scoring.weights import split


def _scores(sheet: object) -> list[str | None]:
    return [str(s.score) if s.score is not None else None for s in sheet.indicators]  # type: ignore[attr-defined]


def test_contract_example_row() -> None:
    row = ind(
        "劳模体检人数",
        q("≥100人", "≥", "100", "人"),
        q("96人", "=", "96", "人"),
        weight="10",
        score="10",
        reason="部分劳模因病未参检",
    )
    sheet = score_table(table(row))
    line = sheet.indicators[0]
    assert line.score == D("9.6")
    assert line.explain == "≥100人, 实际96人: 10 × 96/100 = 9.6"
    assert flat(sheet.findings) == [("selfeval.score-mismatch", "劳模体检人数")]


def test_not_applicable_rows_left_out_and_total_rescaled() -> None:
    rows = (
        ind("A", q("≥100人", "≥", "100", "人"), q("80", "=", "80"), weight="50", reason="r"),
        ind("B", t("不适用"), na=True, weight="30", level1="效益指标", level2="生态效益指标"),
        ind(
            "C",
            q("≥90%", "≥", "90", "%"),
            q("90%", "=", "90", "%"),
            weight="10",
            level1="满意度指标",
            level2="满意度指标",
        ),
    )
    sheet = score_table(table(*rows))
    # execution 10 + A 50 × 80/100 = 40 + C 10 = 60 points of the 70 applicable: 60 × 100/70 = 85.714…
    assert _scores(sheet) == ["40.00", None, "10.00"]
    assert sheet.total == D("85.71")
    assert sheet.grade == "良"


@pytest.mark.parametrize(
    ("scheme", "execution", "weights"),
    [
        ("central-2020", "10", ["25.00", "25.00", "30.00", "10.00"]),
        ("sichuan-2023", "10", ["22.50", "22.50", "22.50", "22.50"]),
        ("hubei", "20", ["20.00", "20.00", "20.00", "20.00"]),  # 满意度 shares 效益's 40
    ],
)
def test_schemes_split_points_when_the_table_has_none(
    scheme: str, execution: str, weights: list[str]
) -> None:
    rows = (
        ind("数量", q("≥1个", "≥", "1", "个"), q("1", "=", "1")),
        ind("成本", q("≤5万元", "≤", "5", "万元"), q("5", "=", "5"), level2="成本指标"),
        ind("社会", t("成效明显"), t("达成预期指标"), level1="效益指标", level2="社会效益指标"),
        ind(
            "满意",
            q("≥90%", "≥", "90", "%"),
            q("95", "=", "95", "%"),
            level1="满意度指标",
            level2="满意度指标",
        ),
    )
    sheet = score_table(table(*rows), scheme)
    assert sheet.execution.weight == D(execution)
    assert [f"{s.weight:.2f}" for s in sheet.indicators] == weights
    assert sheet.total == D(100)


def test_split_puts_leftover_cents_first() -> None:
    assert split(D(50), 6) == [D("8.34"), D("8.34"), D("8.33"), D("8.33"), D("8.33"), D("8.33")]
    assert sum(split(D(50), 7)) == D(50)


def test_rows_without_weight_share_what_the_group_has_left() -> None:
    rows = (
        ind("有分值", q("≥1个", "≥", "1", "个"), q("1", "=", "1"), weight="40"),
        ind("无分值", q("≥1个", "≥", "1", "个"), q("1", "=", "1")),
    )
    sheet = score_table(table(*rows))
    assert [s.weight for s in sheet.indicators] == [D(40), D(10)]


def test_qualitative_reported_score_kept_inside_tier_clamped_outside() -> None:
    rows = (
        ind(
            "甲",
            t("成效明显"),
            t("部分达成预期指标并具有一定效果"),
            weight="10",
            score="7",
            reason="r",
        ),
        ind("乙", t("成效明显"), t("达成预期指标"), weight="10", score="6", reason="r"),
        ind("丙", t("本年内"), t("本年内"), weight="10"),  # target text repeated: met
    )
    sheet = score_table(table(*rows))
    assert _scores(sheet) == ["7", "8.00", "10.00"]
    assert flat(sheet.findings) == [("selfeval.tier-out-of-range", "乙")]


def test_a_score_on_the_units_own_points_is_not_held_to_the_schemes_band() -> None:
    # No 分值 in the file, one score of 10 per 二级 group (a 20/80 form): the scheme's split
    # gives each of the six output rows 8.33, so a 10 is on the unit's own points; its
    # grade's band on our split says nothing. With the 分值 written, the band holds.
    def rows(weight: str | None) -> list[object]:
        words = ("资源更新及时", "馆藏结构合理", "服务窗口规范", "检索系统稳定", "读者指引清楚")
        quiet = [ind(w, t("良好"), t("良好"), weight=weight, score="8") for w in words]
        return [
            ind("数字资源质量", t("良好"), t("达成预期指标"), weight=weight, score="10"),
            *quiet,
        ]

    guessed = score_table(table(*rows(None)))  # type: ignore[arg-type]
    assert guessed.indicators[0].weight_from_scheme
    assert "selfeval.tier-out-of-range" not in {c for c, _ in flat(guessed.findings)}
    given = score_table(table(*[replace(r, score=D(7)) for r in rows("6")]))  # type: ignore[arg-type]
    assert ("selfeval.tier-out-of-range", "数字资源质量") in flat(given.findings)


def test_money_units_are_compared_in_wanyuan() -> None:
    row = ind(
        "项目总成本",
        q("≤90万元", "≤", "90", "万元"),
        q("899740元", "=", "899740", "元"),
        level2="成本指标",
        weight="10",
    )
    assert score_table(table(row)).indicators[0].score == D(10)


def test_unreadable_actual_falls_back_to_reported_score() -> None:
    row = ind("合格率", q("≥95%", "≥", "95", "%"), t("是"), weight="10", score="9", reason="r")
    line = score_table(table(row)).indicators[0]
    assert (line.score, line.method) == (D(9), "reported")


def test_execution_from_reported_rate_written_as_percent_or_fraction() -> None:
    for rate in ("85", "0.85"):
        sheet = score_table(table(funds=Funds(execution_rate=D(rate))))
        assert sheet.execution.score == D("8.5")


def test_json_shape_is_the_contract() -> None:
    row = ind(
        "劳模体检人数",
        q("≥100人", "≥", "100", "人"),
        q("96人", "=", "96", "人"),
        weight="10",
        score="10",
    )
    doc = sheets_to_dict(
        [score_table(table(row, funds=Funds(budget_adjusted=D(104), executed=D("98.8"))))]
    )
    assert doc["schema"] == "jixiao.score/1"
    out = doc["tables"][0]
    assert out["execution"]["rate"] == "0.95"
    assert out["execution"]["score"] == "9.5"
    assert {k: out["indicators"][0][k] for k in ("name", "weight", "score", "reported_score")} == {
        "name": "劳模体检人数",
        "weight": "10",
        "score": "9.6",
        "reported_score": "10",
    }
    # (9.5 + 9.6) out of (10 + 10) applicable points: 19.1 × 100/20 = 95.5
    assert (out["total"], out["grade"]) == ("95.5", "优")


def test_unknown_scheme_names_the_known_ones() -> None:
    with pytest.raises(UnknownSchemeError, match="central-2020"):
        get_scheme("guangdong")


def test_scheme_defined_in_configuration() -> None:
    scheme = scheme_from_config(
        {"scheme": {"name": "x", "execution": 15, "groups": {"产出指标": 85}}}
    )
    assert (scheme.execution, scheme.indicator_points) == (D(15), D(85))
    assert scheme_from_config({"scheme": "hubei"}).execution == D(20)


def test_a_rate_of_harm_without_comparator_is_a_ceiling() -> None:
    # "成灾率 0.4%, 实际 0.1%": less harm than allowed is the target met, not a 25 % score;
    # a rate of good work (查处率) without comparator stays a floor.
    harm = ind(
        "主要林业有害生物成灾率",
        q("0.4%", "=", "0.4", "%"),
        q("0.1%", "=", "0.1", "%"),
        weight="10",
    )
    work = ind("违法案件查处率", q("100%", "=", "100", "%"), q("90%", "=", "90", "%"), weight="10")
    sheet = score_table(table(harm, work))
    assert [s.score for s in sheet.indicators] == [D(10), D(9)]


def test_a_traditional_rate_of_harm_is_a_ceiling_too_and_keeps_its_name() -> None:
    # A table in traditional characters ("事故發生率", "投訴率") is the same family: the
    # direction word is recognised on the simplified form; the sheet and its findings
    # quote the name as the file writes it.
    harm = ind("道路交通事故發生率", q("2%", "=", "2", "%"), q("1.5%", "=", "1.5", "%"), weight="8")
    complaints = ind("群眾投訴率", q("5%", "=", "5", "%"), q("7%", "=", "7", "%"), weight="6")
    sheet = score_table(table(harm, complaints))
    assert [s.score for s in sheet.indicators] == [D(8), D("4.29")]
    assert [s.indicator.name for s in sheet.indicators] == ["道路交通事故發生率", "群眾投訴率"]
    assert all(f.indicator != "群众投诉率" for f in sheet.findings)


def test_execution_weight_shown_by_the_score_when_the_file_gives_none() -> None:
    # Hubei 20/80: "得分(20分*执行率)" with no 分值 cell; 20 at 100 % is its weight, not a
    # score above the scheme's 10. A score that implies no scheme's weight is not trusted.
    row = ind(
        "A", q("≥100人", "≥", "100", "人"), q("100人", "=", "100", "人"), weight="80", score="80"
    )
    funds = Funds(total=D(10), budget_adjusted=D(10), executed=D(10), execution_score=D(20))
    sheet = score_table(table(row, funds=funds))
    assert (sheet.execution.weight, sheet.execution.score) == (D(20), D(20))
    assert not any(f.code == "selfeval.score-above-weight" for f in sheet.findings)
    odd = Funds(total=D(10), budget_adjusted=D(10), executed=D(10), execution_score=D(13))
    sheet = score_table(table(row, funds=odd))
    assert sheet.execution.weight == D(10)
    assert any(f.code == "selfeval.score-above-weight" for f in sheet.findings)


def test_items_under_a_weighted_heading_take_no_points_of_their_own() -> None:
    # Anhui 衔接资金 template: ★ heading rows carry 分值/得分, the items under them only
    # target and actual; the total is the headings' (plus execution), not a share for each item.
    head = ind("★补助各类种植面积", t(""), None, weight="45", score="45")
    items = (
        ind("红薯种植面积", q("5.5亩", "=", "5.5", "亩"), q("5.5亩", "=", "5.5", "亩")),
        ind("梨树种植面积", q("6亩", "=", "6", "亩"), q("6亩", "=", "6", "亩")),
    )
    sat = ind(
        "满意度", q("≥90%", "≥", "90", "%"), q("95%", "=", "95", "%"), weight="45", score="45"
    )
    sheet = score_table(table(head, *items, sat))
    assert [s.weight for s in sheet.indicators] == [D(45), D(0), D(0), D(45)]
    assert sheet.total == D(100)


def test_a_self_evaluation_read_in_part_is_at_best_good() -> None:
    # A made-up cut-off file: the rows that survived are all met (95.5 points, 优), but the
    # lost ones may not be: the grade is at best 良 and the sheet says why.
    row = ind(
        "劳模体检人数",
        q("≥100人", "≥", "100", "人"),
        q("100人", "=", "100", "人"),
        weight="10",
        score="10",
    )
    whole = score_table(table(row))
    cut = score_table(replace(table(row), read_in_part=True))
    assert (whole.grade, whole.grade_cap) == ("优", None)
    assert cut.total == whole.total
    assert cut.grade == "良"
    assert cut.grade_cap is not None and "最高为良" in cut.grade_cap
    assert sheets_to_dict([cut])["tables"][0]["grade_cap"] == cut.grade_cap
    # A weak table read in part keeps its own lower grade, with no cap to explain.
    weak = ind("B", q("≥100人", "≥", "100", "人"), q("50人", "=", "50", "人"), weight="90")
    low = score_table(replace(table(weak), read_in_part=True))
    assert (low.grade, low.grade_cap) == ("差", None)
