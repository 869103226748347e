"""The grade: deductions by severity and form, the per-code cap, the bands."""

from __future__ import annotations

from jixiao.model.findings import Finding
from jixiao.rules.config import Grading
from jixiao.rules.grade import grade, table_score


def _f(code: str, severity: str = "warning") -> Finding:
    return Finding(code=code, severity=severity, message="", criterion="完整性")  # type: ignore[arg-type]


def test_a_warning_of_form_costs_less_than_one_of_substance() -> None:
    g = Grading()
    assert g.is_minor("values.template-text") and g.is_minor("structure.wrong-category")
    assert not g.is_minor("values.vague") and not g.is_minor("selfeval.score-mismatch")
    assert table_score([_f("values.template-text")], g) == 100 - g.deduction["minor"]
    assert table_score([_f("values.vague")], g) == 100 - g.deduction["warning"]


def test_an_info_note_uses_none_of_its_codes_cap() -> None:
    # "未识别到…" on one row and a real shortfall on another: the warning still counts.
    g = Grading()
    noted_first = [_f("selfeval.actual-missing", "info"), _f("selfeval.actual-missing")]
    assert table_score(noted_first, g) == 100 - g.deduction["warning"]


def test_one_habit_counts_once_distinct_problems_add_up() -> None:
    g = Grading()
    habit = [_f("values.vague")] * 10
    assert table_score(habit, g) == 100 - g.per_code_cap * g.deduction["warning"]
    assert grade([], g, {})[0] == "优"
    # 优 passes as it is; a slip of form is a remark to polish (良, docs/domain.md).
    assert grade([_f("values.template-text")], g, {})[0] == "良"
    assert grade([_f("values.vague")], g, {})[0] == "良"
    assert grade([_f("values.vague"), _f("cost.missing")], g, {})[0] == "中"
    assert grade([_f("funds.sum-mismatch", "error")], g, {})[0] == "中"  # must revise


def _row(name: str, code: str = "values.vague", severity: str = "warning") -> Finding:
    return Finding(code=code, severity=severity, message="", indicator=name, criterion="可行性")  # type: ignore[arg-type]


def test_most_rows_faulty_caps_the_grade_one_level_below_the_score() -> None:
    # One vague habit on 6 of 8 rows takes off one deduction (score 92, 良), but a
    # reviewer cannot use three quarters of the targets: the grade drops, and says why.
    g = Grading()
    rows = [f"指标{n}" for n in range(8)]
    habit = [_row(name) for name in rows[:6]]
    result = grade(habit, g, {}, rows)
    assert table_score(habit, g) == 92
    assert result.level == "中"
    assert result.cap is not None and "8 个指标中 6 个有问题" in result.cap
    # One cause (a misread column, a habit) drops it one level, not two: with a second
    # distinct problem the score says 中 and the share takes it to 差.
    worse = grade([*habit, _row(rows[7], "selfeval.score-mismatch")], g, {}, rows)
    assert table_score([*habit, _row(rows[7], "selfeval.score-mismatch")], g) == 84
    assert worse.level == "差" and worse.cap is not None and "8 个指标中 7 个" in worse.cap
    # Half the rows faulty: at best 中; a quarter: the score decides (良), no cap.
    assert grade(habit[:4], g, {}, rows).level == "中"
    quarter = grade(habit[:2], g, {}, rows)
    assert (quarter.level, quarter.cap) == ("良", None)


def test_a_share_on_few_rows_caps_nothing() -> None:
    # 3 of 4 rows is 75 %, but on four rows one finding moves the share by a quarter.
    g = Grading()
    rows = ["甲", "乙", "丙", "丁"]
    assert grade([_row(n) for n in rows[:3]], g, {}, rows).level == "良"


def test_the_error_cap_is_named_as_the_reason() -> None:
    # An error that costs few points would leave the band at 良: the cap lowers it, and says so.
    g = Grading(deduction={"error": 2, "warning": 8, "minor": 2, "info": 0})
    result = grade([_f("funds.sum-mismatch", "error")], g, {})
    assert result.level == "中" and result.cap is not None and "funds.sum-mismatch" in result.cap
    # With the default deductions the band itself is 中: no cap to explain.
    assert grade([_f("funds.sum-mismatch", "error")], Grading(), {}).cap is None
    # An info note or a crashed rule is no problem of the table: nothing is capped.
    crashed = grade([_f("internal.rule-crashed", "error")], g, {})
    assert crashed.cap is None
