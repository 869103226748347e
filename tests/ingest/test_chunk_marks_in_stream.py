"""A document-sharing preview: the whole table on one line, chunk numbers ("2、") between rows."""

from __future__ import annotations

import pytest

from jixiao.ingest import read_bytes

TEXT = (
    "2024年项目支出绩效目标表 1、项目名称:城乡供水一体化管网改造 主管部门:某县水利局 "
    "实施单位:某县供水公司 项目资金(万元) 年度资金总额 760 其中:财政拨款 760 年度总体目标 "
    "完成老旧管网改造 一级指标 二级指标 三级指标 指标值 产出指标 数量指标 改造供水管网长度 "
    "≥35公里 {mark} 新增入户水表 ≥2800户 质量指标 管网试压合格率 100% 时效指标 完工时间 "
    "2024年12月底前 效益指标 社会效益指标 供水保证率 ≥95% 满意度指标 服务对象满意度指标 "
    "用水户满意度 ≥90%\n"
)


@pytest.mark.parametrize("mark", ["2、", "3.", "12、"])
def test_chunk_number_between_rows_is_dropped(mark: str) -> None:
    result = read_bytes(TEXT.format(mark=mark).encode("utf-8"), "preview.txt")
    [table] = result.tables
    rows = [(i.level2, i.name, i.value.raw) for i in table.indicators]
    assert rows[:2] == [
        ("数量指标", "改造供水管网长度", "≥35公里"),
        ("数量指标", "新增入户水表", "≥2800户"),
    ]
    assert len(rows) == 6
    assert table.project.name == "城乡供水一体化管网改造"
    assert str(table.funds.total) == "760"
    assert not [p for p in result.problems if p.code == "parse.stray-row"]
