"""A self-evaluation report that states its indicators as sentences beside a partial table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.ingest import read_bytes

# A cut-off preview of the 自评表 (quantity targets only) followed by the report's
# sentences, as a provincial system writes them; other words and numbers than any
# corpus file.
TABLE = (
    "农村饮水安全巩固提升项目绩效自评报告\n"
    "工程验收合格率绩效目标值为100%,,详见下表:项目年度绩效目标(定量目标)评价内容绩效内容"
    "绩效目标值实际完成值累计完成率产出目标数量目标新建集中供水工程数量>=6处6处100%"
    "维修管网长度>=12公里13公里108%新增供水能力>=800吨/日820吨/日103%"
    "质量目标水质检测达标率>=95%97%102%"
)
REPORT = (
    "(二)项目绩效目标完成情况1.产出目标完成情况(1)质量目标:工程验收合格率绩效目标值是100%,"
    "实际完成值为100%,目标完成率为100%,(2)时效目标:工程完工时间绩效目标值是2024年11月前,"
    "实际完成值为2024年10月前,目标完成率为100%,(3)数量目标:新建集中供水工程数量绩效目标值是6处,"
    "实际完成值为6处,目标完成率为100%,,维修管网长度绩效目标值是12公里,实际完成值为13公里,"
    "目标完成率为108%,扣分原因为:受益人口绩效目标值大于3000人,,"
    "2.效益目标完成情况(1)社会效益目标:受益人口数量绩效目标值是3000人,实际完成值为3150人,"
    "目标完成率为105%"
)


def _names(text: str) -> dict[str, tuple[str, str, str, str | None]]:
    result = read_bytes(text.encode("utf-8"), "report.txt")
    [table] = [t for t in result.tables if t.indicators]
    return {
        i.name: (i.level2, i.value.raw, (i.actual.raw if i.actual else ""), i.level1)
        for i in table.indicators
    }


# The report's section heading may be missing: the sentences then start at "(1)".
WITHOUT_SECTION = REPORT.split("1.产出目标完成情况", 1)[1]


@pytest.mark.parametrize("report", [REPORT, WITHOUT_SECTION], ids=["section", "no-section"])
def test_sentences_add_the_rows_the_table_lacks(report: str) -> None:
    rows = _names(TABLE + report + "\n")
    # The levels the table spells its own way (产出目标 / 质量目标) keep that spelling, so
    # the rows stay one group; a level the table lacks is the taxonomy's.
    assert rows["工程验收合格率"] == ("质量目标", "100%", "100%", "产出目标")
    assert rows["工程完工时间"] == ("时效指标", "2024年11月前", "2024年10月前", "产出目标")
    assert rows["受益人口数量"] == ("社会效益指标", "3000人", "3150人", "效益指标")
    # Rows the table already has are not read twice; a deduction note is no indicator.
    assert sorted(rows) == sorted(
        [
            "新建集中供水工程数量",
            "维修管网长度",
            "新增供水能力",
            "水质检测达标率",
            "工程验收合格率",
            "工程完工时间",
            "受益人口数量",
        ]
    )


def test_traditional_report_keeps_its_characters() -> None:
    import opencc

    from jixiao.model.hanzi import to_simplified

    text = opencc.OpenCC("s2t").convert(TABLE + REPORT + "\n")
    rows = _names(text)
    assert {to_simplified(n) for n in rows} >= {"工程验收合格率", "工程完工时间", "受益人口数量"}
    assert "工程驗收合格率" in rows


def test_no_sentences_no_change() -> None:
    rows = _names(TABLE + "\n")
    assert sorted(rows) == sorted(
        ["新建集中供水工程数量", "维修管网长度", "新增供水能力", "水质检测达标率"]
    )


def test_a_reason_cell_in_a_pipe_table_is_no_report() -> None:
    # A 偏差原因 cell may word the target and actual like a report: the row keeps its cells.
    text = (
        "项目名称 | 农村饮水安全巩固提升\n"
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析\n"
        "产出指标 | 数量指标 | 维修管网长度 | ≥12公里 | 11公里 | 20 | 18.33 | "
        "说明:目标值为12公里,实际完成值为11公里,因汛期停工 |\n"
        "满意度指标 | 服务对象满意度指标 | 用水户满意度 | ≥90% | 93% | 20 | 20 | |\n"
    )
    result = read_bytes(text.encode("utf-8"), "reason.txt")
    [table] = result.tables
    first = table.indicators[0]
    assert (first.name, first.score) == ("维修管网长度", Decimal("18.33"))
    assert first.deviation_reason is not None and "汛期停工" in first.deviation_reason
    assert len(table.indicators) == 2
