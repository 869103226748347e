"""Findings about missing things are info ("未识别到…") when the reading is unsure.

A field or category absent from a table read in part may be absent from the reading
only; a reviewer who sees the unit blamed for it stops reading the findings.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rulecase import BASE, build_config, build_table

from jixiao.rules import check_table


def _severities(case: dict[str, Any], code: str, *, partial: bool = False) -> list[str]:
    report = check_table(build_table(case), build_config(case), partial=partial)
    return [f.severity for f in report.findings if f.code == code]


def _messages(case: dict[str, Any], code: str) -> list[str]:
    report = check_table(build_table(case), build_config(case))
    return [f.message for f in report.findings if f.code == code]


def test_department_missing_is_a_warning_on_a_well_read_table() -> None:
    case = {"project": {**BASE["project"], "department": ""}}
    assert _severities(case, "header.missing-field") == ["warning"]


def test_department_missing_is_info_on_a_table_read_in_part() -> None:
    # Without the money read, the header block itself may be what the reader lost.
    case = {"project": {**BASE["project"], "department": ""}, "funds": {}}
    assert _severities(case, "header.missing-field", partial=True) == ["info"]
    few = {**case, "rows": BASE["rows"][:3]}
    assert _severities(few, "header.missing-field") == ["info"]
    assert all(m.startswith("未识别到") for m in _messages(few, "header.missing-field"))


def test_department_missing_under_a_header_read_whole_is_a_warning_on_a_cut_table() -> None:
    # A file cut off loses its end, not its top: name, unit and money read, so the blank
    # 主管部门 is the unit's even though the indicator part was cut.
    case = {"project": {**BASE["project"], "department": ""}}
    assert _severities(case, "header.missing-field", partial=True) == ["warning"]
    assert _severities({**case, "rows": BASE["rows"][:3]}, "header.missing-field") == ["warning"]


def test_fields_only_some_templates_have_are_noted_not_blamed() -> None:
    case = {"project": {**BASE["project"], "implementing_unit": ""}, "goals": []}
    assert _severities(case, "header.missing-field") == ["info", "info"]
    assert all("未识别到" in m for m in _messages(case, "header.missing-field"))


def test_configured_requirement_makes_the_unit_field_a_warning() -> None:
    case = {
        "project": {**BASE["project"], "implementing_unit": ""},
        "config": {"thresholds": {"header_required": ["name", "department", "implementing_unit"]}},
    }
    assert _severities(case, "header.missing-field") == ["warning"]


def test_funds_never_read_are_info_funds_read_without_total_an_error() -> None:
    assert _severities({"funds": {}}, "funds.total-missing") == ["info"]
    assert _severities({"funds": {"fiscal": "74.5"}}, "funds.total-missing") == ["error"]


def test_absent_category_on_a_few_rows_table_is_info() -> None:
    rows = [r for r in BASE["rows"] if r[0] != "效益指标"]
    assert _severities({"rows": rows}, "completeness.missing-benefit") == ["error"]
    few = [r for r in rows if r[1] in ("数量指标", "满意度指标", "质量指标")]
    assert _severities({"rows": few}, "completeness.missing-benefit") == ["info"]
    assert _messages({"rows": few}, "completeness.missing-benefit")[0].startswith("未识别到")


def test_blank_level1_is_noted_as_unread_a_misplaced_one_warned() -> None:
    rows = [dict(zip(("level1", "level2", "name", "value"), r, strict=True)) for r in BASE["rows"]]
    blank = [dict(r, level1="") if r["level2"] == "社会效益指标" else r for r in rows]
    assert _severities({"rows": blank}, "structure.level1-missing") == ["info"]
    wrong = [dict(r, level1="产出指标") if r["level2"] == "社会效益指标" else r for r in rows]
    assert _severities({"rows": wrong}, "structure.level1-missing") == ["warning"]


def test_empty_value_on_a_run_together_name_is_info() -> None:
    rows = [list(r) for r in BASE["rows"]]
    rows.append(["效益指标", "社会效益指标", "劳模满意度100%100%2020指标2", ""])
    rows.append(["效益指标", "社会效益指标", "劳模社会地位", ""])
    report = check_table(build_table({"rows": rows}), build_config({}))
    found = {(f.indicator, f.severity) for f in report.findings if f.code == "values.empty"}
    assert found == {("劳模满意度100%100%2020指标2", "info"), ("劳模社会地位", "warning")}


def test_table_cut_after_its_effects_is_graded_at_best_good() -> None:
    # Cut in the 满意度 tail: outputs and effects were read, so it is graded, never 优.
    no_tail = [r for r in BASE["rows"] if r[0] != "满意度指标"]
    report = check_table(build_table({"rows": no_tail}), build_config({}), partial=True)
    assert report.grade == "良"
    assert report.grade_reason is None
    assert report.grade_cap is not None and "最高为良" in report.grade_cap
    assert report.to_dict()["grade_cap"] == report.grade_cap
    whole = check_table(build_table({}), build_config({}))
    assert whole.grade == "优"
    assert whole.grade_cap is None


def test_table_cut_before_its_effects_gets_no_grade() -> None:
    outputs = [r for r in BASE["rows"] if r[0] == "产出指标"]
    report = check_table(build_table({"rows": outputs}), build_config({}), partial=True)
    assert report.grade is None
    assert report.grade_reason is not None and report.grade_reason.startswith("无法评级")


def test_empty_actual_on_a_cut_off_self_evaluation_is_noted() -> None:
    case = {
        "base": "selfeval",
        "rows": [
            ["产出指标", "数量指标", "表彰劳模和先进工作者", "≥149人", "149人", 20, 20],
            ["产出指标", "质量指标", "奖金发放准确率", "100%", None, 15, None],
            ["效益指标", "社会效益指标", "劳模先进事迹宣传报道", "≥10篇", "12篇", 30, 30],
        ],
    }
    assert _severities(case, "selfeval.actual-missing") == ["warning"]
    assert _severities(case, "selfeval.actual-missing", partial=True) == ["info"]


def test_findings_on_an_uncertain_ocr_reading_are_noted() -> None:
    # A funds total read by OCR with low confidence: a mismatch may be a misread digit.
    table = build_table({"funds": {"total": "100", "fiscal": "80", "other": "10"}})
    sure = check_table(table, build_config({}))
    assert [f.severity for f in sure.findings if f.code == "funds.sum-mismatch"] == ["error"]
    unsure = check_table(replace(table, ocr_unsure=("funds_total",)), build_config({}))
    noted = [f for f in unsure.findings if f.code == "funds.sum-mismatch"]
    assert [f.severity for f in noted] == ["info"] and "OCR" in noted[0].message
    # A row whose value OCR was unsure of: its percent-range error is noted, not blamed.
    rows = [list(r) for r in BASE["rows"]]
    rows[-1] = ["满意度指标", "满意度指标", "劳模满意度", "≥195%"]
    table = build_table({"rows": rows})
    marked = tuple(
        replace(i, ocr_unsure=("value",)) if i.name == "劳模满意度" else i for i in table.indicators
    )
    report = check_table(replace(table, indicators=marked), build_config({}))
    assert {f.severity for f in report.findings if f.indicator == "劳模满意度"} == {"info"}
