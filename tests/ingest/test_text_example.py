"""The six Wuhu tables: every header field, fund, goal, level, name and value."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

from ingest_support import EXAMPLE

from jixiao.ingest import read_path
from jixiao.model.serialize import result_to_dict

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "expected" / "wuhu-2024-targets.json"


def test_golden_json() -> None:
    got = result_to_dict(read_path(EXAMPLE))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_counts_and_headers() -> None:
    result = read_path(EXAMPLE)
    assert result.problems == ()
    tables = result.tables
    assert [len(t.indicators) for t in tables] == [10, 10, 11, 12, 7, 9]
    assert [t.project.name for t in tables] == [
        "2023年劳模表彰大会经费",
        "芜湖市劳模综合服务资金",
        "困难职工帮扶解困送温暖经费",
        "工人文化宫公益性活动",
        "“中国梦劳动美”系列活动",
        "职工服务中心工作经费",
    ]
    assert {t.fiscal_year for t in tables} == {2024}
    assert {
        (t.project.department, t.project.department_code, t.project.source) for t in tables
    } == {("芜湖市总工会", "508", "本级申报项目")}
    assert [t.project.period_years for t in tables] == [1, 5, 5, 3, 3, 2]
    assert tables[5].project.implementing_unit == "芜湖市职工服务中心"
    assert [t.funds.total for t in tables] == [
        Decimal(x) for x in ("74.5", "104", "150", "120", "5", "80")
    ]
    assert all(t.funds.fiscal == t.funds.total for t in tables)
    assert all(t.funds.carryover is None and t.funds.other is None for t in tables)


def test_goals_numbered_and_tags_removed() -> None:
    tables = read_path(EXAMPLE).tables
    assert [len(t.goals) for t in tables] == [1, 1, 4, 1, 1, 1]
    assert tables[2].goals[3] == "帮扶对象满意度达90%。"
    assert not any("<p>" in g or "</p>" in g for t in tables for g in t.goals)
    assert tables[3].goals[0].startswith("通过项目实施")


def test_traps_of_the_example() -> None:
    tables = read_path(EXAMPLE).tables
    # Table 3: rows that lost their leading tab keep their levels.
    t3 = {i.name: i for i in tables[2].indicators}
    assert (t3["建立完善困难职工帮扶体系"].level1, t3["建立完善困难职工帮扶体系"].level2) == (
        "效益指标",
        "可持续影响指标",
    )
    assert t3["帮扶对象满意度"].level1 == "满意度指标"
    # Table 4: 质量/时效/成本 shifted into the 一级 column, last row from column 0.
    t4 = {i.name: i for i in tables[3].indicators}
    assert t4["项目完成质量"].level1 == "产出指标" and t4["项目完成质量"].level2 == "质量指标"
    assert t4["项目总金额"].level2 == "成本指标" and t4["项目总金额"].value.number == Decimal("120")
    assert t4["企业满意度"].value.raw == "≥90%" and t4["企业满意度"].level2 == "满意度指标"
    assert t4["全市工会“好网民”主题活动"].value.kind == "qualitative"
    # Table 4's 质量/时效/成本 rows put their second level in the 一级 column (CONTRACT:
    # "or put it in the wrong column"); table 5 has no 效益指标 row. Both are inferred.
    inferred = [(i.name, i.level1) for t in tables for i in t.indicators if i.level1_inferred]
    assert inferred == [
        ("项目完成质量", "产出指标"),
        ("项目完成时间", "产出指标"),
        ("项目总金额", "产出指标"),
        ("加强职工群众思想政治引领", "效益指标"),
        ("持续提升职工政治素质", "效益指标"),
    ]
    # 不适用 rows are kept and flagged.
    na = [(tables.index(t), i.level2) for t in tables for i in t.indicators if i.not_applicable]
    assert na == [(0, "经济效益指标"), (0, "生态效益指标"), (5, "生态效益指标")]
    # "指标N:" prefixes go, with either colon and optional space.
    assert not any(i.name.startswith("指标") for t in tables for i in t.indicators)


def test_values_and_locations() -> None:
    t1 = read_path(EXAMPLE).tables[0]
    by_name = {i.name: i for i in t1.indicators}
    people = by_name["表彰劳模和先进工作者"]
    assert (people.value.op, people.value.number, people.value.unit) == ("=", Decimal(149), "人")
    assert people.source is not None and (people.source.file, people.source.line) == (
        "wuhu-2024-targets.txt",
        16,
    )
    standard = by_name["奖励标准"].value
    assert (standard.number, standard.unit) == (Decimal(5000), "元/人")
    sat = by_name["劳模满意度"].value
    assert (sat.op, sat.number, sat.unit) == ("≥", Decimal(95), "%")
    assert t1.source is not None and t1.source.line == 3
