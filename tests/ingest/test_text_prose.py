"""Indicators stated as prose under level headings become indicators (synthetic variants)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.ingest import read_bytes, read_text
from jixiao.synth import generate
from jixiao.synth.text import table_to_layout


def _found(text: str) -> dict[str, object]:
    return {i.name: i for t in read_text(text).tables for i in t.indicators}


def test_headed_list_with_clauses_and_word_values() -> None:
    text = "\n".join(
        [
            "关于下达某某培训项目绩效目标的通知",
            "一、产出指标",
            "(一)数量指标",
            "培训基层干部(县内)≧250人;",
            "(二)时效指标",
            "完成时限,2024年11月底前;",
            "二、效益指标",
            "(一)社会效益指标",
            "基层治理能力,持续提高。",
            "三、满意度指标",
            "参训人员满意度≥90%。",
            "某某县某某局",
            "2024年3月5日",
        ]
    )
    found = _found(text)
    assert set(found) == {"培训基层干部(县内)", "完成时限", "基层治理能力", "参训人员满意度"}
    first = found["培训基层干部(县内)"]
    assert first.value.op == "≥" and first.value.number == Decimal("250")  # type: ignore[attr-defined]
    assert first.level1 == "产出指标" and first.level2 == "数量指标"  # type: ignore[attr-defined]
    assert found["基层治理能力"].value.raw == "持续提高"  # type: ignore[attr-defined]


def test_numbered_items_with_several_targets_in_one_sentence() -> None:
    text = (
        "二、目标设定情况\n"
        "1.数量指标:甲路:路面硬化,建设里程2.5公里,路面宽度不低于4米;乙路:建设里程1.2公里。\n"
        "2.质量指标:工程验收合格率100%。\n"
        "3.满意度指标:沿线群众满意度达95%。\n"
        "三、运行情况\n"
        "项目资金共88万元,已全部拨付。\n"
    )
    read = [i for t in read_text(text).tables for i in t.indicators]
    assert [(i.name, i.value.raw) for i in read] == [
        ("建设里程", "2.5公里"),
        ("路面宽度", "不低于4米"),
        ("建设里程", "1.2公里"),
        ("工程验收合格率", "100%"),
        ("沿线群众满意度", "达95%"),
    ]
    assert read[0].level2 == "数量指标" and read[0].level1_inferred
    assert read[-1].value.op == "≥"


def test_a_letter_without_targets_gives_no_indicators() -> None:
    text = "关于某某工作的通知\n一、总体要求\n各单位要提高认识,加强领导,确保完成2024年任务。\n"
    result = read_bytes(text.encode(), "letter.txt")
    assert not [i for t in result.tables for i in t.indicators]


@pytest.mark.parametrize("layout", ["prose", "bracketed"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_synthetic_prose_keeps_every_quantitative_target_and_adds_nothing(
    layout: str, seed: int
) -> None:
    for synth in generate(4, seed=seed):
        table = synth.table
        text = table_to_layout(table, layout)
        read = {(i.name, i.value.raw) for t in read_text(text).tables for i in t.indicators}
        every = {(i.name, i.value.raw) for i in table.indicators}
        quantitative = {(i.name, i.value.raw) for i in table.indicators if i.value.is_quantitative}
        assert quantitative <= read, text
        assert read <= every, text


def test_target_worded_headings_infer_the_first_level() -> None:
    # Reports word the levels as 目标 ("(1)时效目标:"): the first level is still derived.
    text = "\n".join(
        [
            "一、项目绩效目标完成情况",
            "(1)时效目标:补助资金到位时间2024年12月前;",
            "(2)数量目标:培训人数≥300人;",
        ]
    )
    found = _found(text)
    assert set(found) == {"补助资金到位时间", "培训人数"}
    for ind in found.values():
        assert ind.level1 == "产出指标" and ind.level1_inferred  # type: ignore[attr-defined]
    assert found["培训人数"].level2 == "数量指标"  # type: ignore[attr-defined]


def test_satisfaction_under_a_benefit_heading_settles_as_in_tables() -> None:
    # The table readers move a 满意度 row out of 效益指标 (inferred); prose must agree,
    # or a prose table exported in the official layout would read back differently.
    text = "\n".join(
        [
            "二、效益指标",
            "(一)经济效益指标:带动增收≥80万元;",
            "(二)服务对象满意度指标:受益群众满意度≥95%。",
        ]
    )
    found = _found(text)
    benefit, pleased = found["带动增收"], found["受益群众满意度"]
    assert (benefit.level1, benefit.level1_inferred) == ("效益指标", False)  # type: ignore[attr-defined]
    assert (pleased.level1, pleased.level1_inferred) == ("满意度指标", True)  # type: ignore[attr-defined]


@pytest.mark.parametrize("layout", ["prose", "bracketed"])
@pytest.mark.parametrize("seed", [1, 2])
def test_synthetic_letter_names_its_project_and_funds_in_the_prose(layout: str, seed: int) -> None:
    # A 公示 letter has no header grid: the title names the project, a sentence its money.
    for synth in generate(3, seed=seed):
        table = synth.table
        [read] = read_text(table_to_layout(table, layout)).tables
        assert read.project.name == table.project.name
        assert read.funds.total == table.funds.total
        # the unit signing the letter above its date
        assert read.project.department == table.project.department


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("关于某镇设施农业种植项目绩效目标设定的公示", "target"),
        ("标 题: | 某县2025年技术培训项目绩效目标设定 |", "target"),
        ("某镇某路項(xiàng)目績效運行監控報告", "monitoring"),
    ],
)
def test_letter_title_gives_name_and_kind(title: str, kind: str) -> None:
    text = "\n".join(
        [
            title,
            "根据有关文件精神,安排项目资金300000元,现将绩效目标设定如下:",
            "1.数量指标:建设里程1.5公里;",
            "2.质量指标:验收合格率100%。",
            "二、其他",
        ]
    )
    [read] = read_text(text).tables
    assert read.project.name is not None and read.project.name.endswith(("项目", "項目"))
    assert read.project.name.startswith("某")
    assert read.funds.total == Decimal(30)
    assert read.kind == kind


@pytest.mark.parametrize("seed", [1, 2])
def test_department_disclosure_names_the_first_listed_project(seed: int) -> None:
    # 某局2025年项目绩效目标和指标: code / name / budget (元) lines, then 【项目概况】 and
    # the bracketed indicator headings of that project.
    table = generate(1, seed=seed)[0].table
    budget = int(table.funds.total * 10000)
    body = table_to_layout(table, "bracketed").splitlines()[2:-3]  # no sign-off
    text = "\n\n".join(
        [
            "某某市某某局2025年项目绩效目标和指标",
            "单位编码",
            "单位名称(项目类别",
            "/支出项目)",
            "年度预算安排",
            "某某市某某局",
            str(budget * 7),
            " 037001",
            f"   {table.project.name}",
            str(budget),
            "【项目概况】:该项目为本级运转项目。",
            "【总体目标】",
            "保障工作正常开展",
            *body,
        ]
    )
    [read] = read_text(text).tables
    assert read.project.name == table.project.name
    assert read.funds.total == table.funds.total
    assert read.project.department == "某某市某某局"  # the unit listing its projects
    assert len(read.indicators) >= 2
