"""Acceptance: the Wuhu example reviewed as a reviewer would, and mutated copies of it.

Each mutation breaks the example the way one rule exists for; the right code must
appear on the right table and nothing new may appear anywhere else.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from jixiao.ingest import read_path
from jixiao.report import CheckRun, check_paths
from jixiao.rules import check_table
from repo_files import EXAMPLE

TITLES = (
    "2023年劳模表彰大会经费",
    "芜湖市劳模综合服务资金",
    "困难职工帮扶解困送温暖经费",
    "工人文化宫公益性活动",
    "“中国梦劳动美”系列活动",
    "职工服务中心工作经费",
)


def _keys(run: CheckRun) -> set[tuple[str | None, str, str | None]]:
    return {
        (t.table.project.name, f.code, f.indicator) for t in run.tables for f in t.report.findings
    }


@pytest.fixture(scope="module")
def original() -> CheckRun:
    return check_paths([EXAMPLE])


def test_example_reads_six_tables() -> None:
    assert len(read_path(EXAMPLE).tables) == 6


def test_example_has_no_error(original: CheckRun) -> None:
    assert [t.table.project.name for t in original.tables] == list(TITLES)
    errors = [
        (t.table.title, f.code)
        for t in original.tables
        for f in t.report.findings
        if f.severity == "error"
    ]
    assert errors == []


def test_example_expected_findings(original: CheckRun) -> None:
    keys = _keys(original)
    dream = TITLES[4]
    # Table 4 put 质量/时效/成本 in the 一级 column: their 一级 is inferred and reported.
    assert {k for k in keys if k[1] == "structure.level1-missing"} == {
        (dream, "structure.level1-missing", "加强职工群众思想政治引领"),
        (dream, "structure.level1-missing", "持续提升职工政治素质"),
        (TITLES[3], "structure.level1-missing", "项目完成质量"),
        (TITLES[3], "structure.level1-missing", "项目完成时间"),
        (TITLES[3], "structure.level1-missing", "项目总金额"),
    }
    assert (TITLES[3], "values.not-quantified", "全市工会“好网民”主题活动") in keys
    vague = {(k[0], k[2]) for k in keys if k[1] == "values.vague"}
    assert (TITLES[0], "提高劳模社会地位") in vague  # 成效明显
    assert (TITLES[1], "促进我市经济增长, 提高劳模经济待遇") in vague  # 较为显著
    assert len(vague) == 11  # + 工人文化宫 "提供更多更好的有效服务…" (a benefit claim)


def test_example_table_1_arithmetic_agrees(original: CheckRun) -> None:
    # 149人 × 5000元/人 = 74.5万元: the rule runs (one standard, one exact quantity) and is satisfied.
    assert not {k for k in _keys(original) if k[1].startswith("cost.")}


def _mutate(text: str, table: int, old: str, new: str) -> str:
    starts = [i for i in range(len(text)) if text.startswith("项目名称", i)]
    start = starts[table - 1]
    end = starts[table] if table < len(starts) else len(text)
    segment = text[start:end]
    assert segment.count(old) == 1, f"{old!r} is not unique in table {table}"
    return text[:start] + segment.replace(old, new) + text[end:]


# (id, table number, old text, new text, expected (code, indicator) on that table, allowed extras)
MUTATIONS = [
    (
        "plan-beyond-budget",
        1,
        "每人5000元/人奖金。",
        "每人5000元/人奖金。其中奖金发放需74.5万元,表彰大会会务需10万元,合计84.5万元。",
        ("funds.plan-exceeds-budget", None),
        (),
    ),
    (
        "wrong-total",
        2,
        "年度资金总额:\t104",
        "年度资金总额:\t140",
        ("funds.sum-mismatch", None),
        (),
    ),
    (
        "funds-left-blank",
        1,
        "年度资金总额:\t74.5\t\n\t\t其中:财政拨款\t74.5\t",
        "年度资金总额:\t\t\n\t\t其中:财政拨款\t\t",
        ("funds.total-missing", None),
        (),
    ),
    ("cost-above-funds", 4, "120万元", "150万元", ("cost.exceeds-funds", "项目总金额"), ()),
    (
        "cost-in-yuan-above-funds",
        4,
        "120万元",
        "1300000元",
        ("cost.exceeds-funds", "项目总金额"),
        (),
    ),
    ("broken-quantity", 1, "149人", "150人", ("cost.arithmetic", "奖励标准"), ()),
    ("broken-standard", 1, "\t5000元/人", "\t6000元/人", ("cost.arithmetic", "奖励标准"), ()),
    (
        "department-unit-swapped",
        6,
        "芜湖市总工会-508\t实施单位\t芜湖市职工服务中心",
        "芜湖市职工服务中心-508\t实施单位\t芜湖市总工会",
        ("header.department-suspect", None),
        (),
    ),
    ("impossible-percent", 6, "≥93%", "≥193%", ("values.percent-range", "职工满意度"), ()),
    ("satisfaction-100", 1, "≥95%", "100%", ("values.satisfaction-suspicious", "劳模满意度"), ()),
    (
        "satisfaction-low",
        3,
        "≥90%\t",
        "≥60%\t",
        ("values.satisfaction-suspicious", "帮扶对象满意度"),
        (),
    ),
    (
        "missing-satisfaction",
        2,
        "\t满意度指标\t满意度指标\t指标1: 劳模满意度\t≥90%\t\n",
        "",
        ("completeness.missing-satisfaction", None),
        ("values.qualitative-share",),
    ),
    (
        "duplicate",
        3,
        "指标2: 医疗救助",
        "指标2: 生活救助",
        ("structure.duplicate-name", "生活救助"),
        (),
    ),
    (
        "unquantified-quantity",
        2,
        "≥25人",
        "若干",
        ("values.not-quantified", "劳模困难救助人数"),
        ("values.qualitative-share",),
    ),
    ("cost-at-least", 5, "5万元", "≥5万元", ("cost.wrong-comparator", "项目预算金额"), ()),
    (
        "time-unclear",
        6,
        "≤1年",
        "按时完成",
        ("timeliness.unclear", "完成时间"),
        ("values.qualitative-share",),
    ),
    (
        "vague",
        4,
        "≥90%\t\n指标2",
        "效果明显\t\n指标2",
        ("values.vague", "职工满意度"),
        ("values.satisfaction-suspicious",),
    ),
    ("missing-unit", 6, "芜湖市职工服务中心", "", ("header.missing-field", None), ()),
    (
        "header-placeholder",
        6,
        "芜湖市职工服务中心",
        "××(市、区)职工服务中心",
        ("header.template-text", None),
        (),
    ),
    # issue 16: the checks an experienced reviewer makes
    (
        "template-text",
        1,
        "指标1:劳模满意度",
        "指标1:劳模满意度(≥**%)",
        ("values.template-text", None),
        (),
    ),
    (
        "empty-value",
        6,
        "\t≥19000人",
        "\t",
        ("values.empty", "工作接待人次"),
        ("values.qualitative-share",),  # one quantified row fewer
    ),
    (
        "count-in-percent",
        2,
        "≥25人",
        "≥25%",
        ("values.name-value-mismatch", "劳模困难救助人数"),
        (),
    ),
    (
        "pass-rate-low",
        4,
        "指标1:项目完成质量\t按工作方案高质量完成",
        "指标1:验收合格率\t≥75%",
        ("values.rate-too-low", "验收合格率"),
        # The row keeps its place in table 4, whose 质量 rows sit in the 一级 column: the
        # renamed row carries the structure.level1-missing its original had.
        ("structure.level1-missing",),
    ),
    (
        "satisfaction-as-benefit",
        6,
        "指标1: 保证事业运维\t成效明显",
        "指标1: 职工对维权服务的满意程度\t≥90%",
        ("structure.satisfaction-as-benefit", "职工对维权服务的满意程度"),
        ("relevance.indicator-unrelated",),  # an info hint on the new row
    ),
    (
        "cost-is-a-rate",
        6,
        "指标1: 项目总金额\t80万元",
        "指标1: 成本控制率\t100%",
        ("cost.not-a-cost", "成本控制率"),
        (),
    ),
    (
        "effect-in-the-cost-slot",
        6,
        "指标1: 项目总金额\t80万元",
        "指标1: 促进职工服务\t≥1项",
        ("cost.not-a-cost", "促进职工服务"),
        ("relevance.indicator-unrelated",),
    ),
    (
        "monthly-cost-above-funds",
        6,
        "\t80万元",
        "\t≤8万元/月",
        ("cost.period-exceeds-funds", "项目总金额"),
        (),
    ),
    (
        "components-above-funds",
        1,
        "指标1:项目总金额\t74.5万元\n\t\t\t指标2:奖励标准\t5000元/人",
        "指标1:宣传费用\t20万元\n\t\t\t指标2:奖金发放\t60万元",
        ("cost.components-exceed-funds", None),
        (),
    ),
    (
        "standard-without-quantity",
        1,
        "\t5000元/人",
        "\t5000元/亩",
        ("cost.standard-without-quantity", "奖励标准"),
        (),
    ),
    ("deadline-as-floor", 6, "≤1年", "≥1年", ("timeliness.unclear", "完成时间"), ()),
    (
        "part-above-its-whole",
        3,
        "指标2: 医疗救助",
        "其中: 医疗救助",
        ("values.part-exceeds-whole", "其中: 医疗救助"),
        (),
    ),
    (
        "value-in-the-name-column",
        6,
        "指标1: 项目总金额\t80万元",
        "指标1: 80万元\t80万元",
        ("structure.name-is-value", "80万元"),
        (),
    ),
    (
        "casualties-as-economic-effect",
        1,
        "经济效益指标\t不适用于该项目\t不适用于该项目",
        "经济效益指标\t劳模活动人员伤亡事故\t0起",
        ("structure.wrong-category", "劳模活动人员伤亡事故"),
        ("relevance.indicator-unrelated",),
    ),
    (
        "slogan-with-a-percentage",
        6,
        "指标1: 保证事业运维\t成效明显",
        "指标1: 保证事业运维\t≥95%",
        ("values.percent-unmeasurable", "保证事业运维"),
        (),
    ),
    (
        "funds-filed-as-output",
        2,
        "指标1: 劳模体检人数\t≥100人",
        "指标1: 劳模体检资金\t104万元",
        ("values.funds-as-output", "劳模体检资金"),
        (),
    ),
    (
        "blank-template-row-left",
        2,
        "指标3: 劳模疗休养\t≥100人\t",
        "指标3: 劳模疗休养\t≥100人\t\n\t\t\t指标4:\t\t",
        ("values.template-text", None),
        (),
    ),
    (
        "evaluation-scheme-as-first-level",
        1,
        "\t满意度指标\t满意度指标\t指标1:劳模满意度",
        "\t过程指标\t满意度指标\t指标1:劳模满意度",
        ("structure.evaluation-levels", None),
        (
            "structure.unknown-level",
            "structure.level1-missing",
            "completeness.missing-satisfaction",
        ),
    ),
    (
        "direction-only-effect",
        3,
        "指标2: 医疗救助\t≥50人",
        "指标2: 医疗救助\t有所增长",
        ("values.vague", "医疗救助"),
        ("values.not-quantified", "values.qualitative-share", "values.part-exceeds-whole"),
    ),
    (
        "count-filed-as-quality",
        6,
        "指标1: 项目完成质量\t按时按量完成",
        "指标1: 劳模走访慰问\t≥4次",
        ("structure.wrong-category", "劳模走访慰问"),
        ("values.qualitative-share", "relevance.indicator-unrelated"),
    ),
]


@pytest.mark.parametrize(
    ("table", "old", "new", "expected", "extras"),
    [m[1:] for m in MUTATIONS],
    ids=[m[0] for m in MUTATIONS],
)
def test_mutation(
    tmp_path: Path,
    original: CheckRun,
    table: int,
    old: str,
    new: str,
    expected: tuple[str, str | None],
    extras: tuple[str, ...],
) -> None:
    path = tmp_path / EXAMPLE.name
    path.write_text(_mutate(EXAMPLE.read_text("utf-8"), table, old, new), "utf-8")
    run = check_paths([path])
    assert len(run.tables) == 6
    title = TITLES[table - 1]
    new_keys = _keys(run) - _keys(original)
    assert (title, *expected) in new_keys
    unexpected = {k for k in new_keys if k[1] != expected[0] and k[1] not in extras}
    assert unexpected == set()
    assert {k[0] for k in new_keys} == {title}


def test_unknown_level_on_parsed_table() -> None:
    # The text reader re-aligns a row whose 二级 name it does not know (it becomes a
    # third-level name), so this mutation is made on the parsed table instead.
    table = read_path(EXAMPLE).tables[5]
    rows = list(table.indicators)
    rows[1] = replace(rows[1], level2="工作指标")
    before = check_table(table).flatten()
    after = check_table(replace(table, indicators=tuple(rows))).flatten()
    assert [f for f in after if f not in before] == [["structure.unknown-level", "项目完成质量"]]
