"""Level names as real files write them (synthetic variants of issue 15 family 3 and 9)."""

from __future__ import annotations

from jixiao.ingest import read_text
from jixiao.model.taxonomy import canonical_level2, clean_level_name


def _levels(text: str) -> list[tuple[str, str, str, str, bool]]:
    return [
        (i.level1, i.level2, i.name, i.value.raw, i.level1_inferred)
        for t in read_text(text).tables
        for i in t.indicators
    ]


def test_annotated_spaced_and_wrapped_level_names() -> None:
    assert clean_level_name("质量指标(必填硬性指标)") == "质量指标"
    assert canonical_level2("时效指标(选填)") == "时效指标"
    assert clean_level_name("(30分)") == ""  # a bare weight stays a bare weight
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "项目名称 |",
            "某某培训项目 |",
            "三级指标 |",
            "指标值 |",
            "产 出 指 标 |",
            "质量指标(必填硬性指标) |",
            "结业合格率 |",
            "≥95% |",
            "效益指标 |",
            "社会效益 |",
            "指标 |",
            "带动就业人数 |",
            "≥30人 |",
        ]
    )
    assert _levels(text) == [
        ("产出指标", "质量指标", "结业合格率", "≥95%", False),
        # "社会效益" / "指标" on two lines is one level name again
        ("效益指标", "社会效益指标", "带动就业人数", "≥30人", False),
    ]


def test_second_level_in_the_first_level_column_is_inferred() -> None:
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "项目名称\t某某项目",
            "绩效指标\t一级指标\t二级指标\t三级指标\t指标值",
            "\t产出指标\t数量指标\t培训人次\t≥500人次",
            "\t时效指标\t\t完成时间\t2024年12月底前",
        ]
    )
    assert _levels(text)[1] == ("产出指标", "时效指标", "完成时间", "2024年12月底前", True)


def test_satisfaction_first_level_then_a_second_level_written_otherwise() -> None:
    # "满意度指标 | 群众满意度 指标 | name | …": 满意度指标 is the first level here, and
    # 群众满意度 (spaced) is the 社会公众 satisfaction level.
    text = "\n".join(
        [
            "项目支出绩效自评表",
            "项目名称\t某某项目",
            "一级指标\t二级指标\t三级指标\t年初目标值(A)\t实际完成值(B)\t得分",
            "产出指标\t数量指标\t办结信访案件\t168起\t168起\t10",
            "满意度指标\t群众满意度 指标\t群众对政府工作满意度\t≧90%\t95%\t20",
        ]
    )
    assert _levels(text)[-1] == (
        "满意度指标",
        "群众满意度指标",
        "群众对政府工作满意度",
        "≧90%",
        False,
    )


def test_first_level_before_an_unknown_second_level() -> None:
    text = "\n".join(
        [
            "项目支出绩效目标表",
            "项目名称\t某某项目",
            "一级指标\t二级指标\t三级指标\t指标值",
            "产出指标\t数量指标\t办结信访案件\t168起",
            "满意度指标\t工作对象认可指标\t群众认可度\t≥90%",
        ]
    )
    assert _levels(text)[-1] == ("满意度指标", "工作对象认可指标", "群众认可度", "≥90%", False)
