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
