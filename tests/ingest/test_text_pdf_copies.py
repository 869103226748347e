"""Tables copied out of PDFs as text: wrapped cells, page footers, merged cells, OCR spacing.

Each test is a small table of its own (words and numbers of no corpus file) written the
way a PDF-to-text tool or an OCR engine writes it.
"""

from __future__ import annotations

import pytest

from jixiao.ingest import read_text
from jixiao.ingest.text import text_to_grid
from jixiao.ingest.wrapped import page_number


def _read(text: str) -> list[tuple[str | None, str | None, str, str]]:
    [table] = read_text(text).tables
    return [(i.level1, i.level2, i.name, i.value.raw) for i in table.indicators]


_HEAD = [
    "项目名称 | 城区路灯节能改造 | 主管部门 | 某某县住房和城乡建设局",
    "年度资金总额(万元) | 86.5 | |",
    "| 一级指标 | 二级指标 | 三级指标 | 指标值 |",
]


def test_a_cell_wrapped_in_its_column_joins_the_row_above() -> None:
    # pdfplumber-style rows: merged level cells empty, a long name wrapped in its column.
    text = "\n".join(
        [
            *_HEAD,
            "| 产出指标 | 数量指标 | 更换LED节能路灯 | 420盏 |",
            "|  |  | 灯头数量 |  |",
            "|  |  | 新建智能控制箱 | 12台 |",
            "|  | 质量指标 | 改造后路灯亮灯 | ≥98% |",
            "|  |  | 率 |  |",
            "| 效益指标 | 社会效益指标 | 夜间道路照明覆盖 | 明显提升 |",
            "|  |  | 水平 |  |",
        ]
    )
    assert _read(text) == [
        ("产出指标", "数量指标", "更换LED节能路灯灯头数量", "420盏"),
        ("产出指标", "数量指标", "新建智能控制箱", "12台"),
        ("产出指标", "质量指标", "改造后路灯亮灯率", "≥98%"),
        ("效益指标", "社会效益指标", "夜间道路照明覆盖水平", "明显提升"),
    ]


def test_a_wrapped_piece_alone_on_its_line_joins_the_widest_cell() -> None:
    # The fragment with no separator: the cell that wrapped is the row's widest.
    text = "\n".join(
        [
            *_HEAD,
            "产出指标 | 数量指标 | 老旧线路更换长 | 35公里 |",
            "度",
            "时效指标 | 工程完工时间 | 2025年10月底前完成主体 |",
            "施工",
            "满意度指标 | 服务对象满意度指标 | 沿街居民满意度 | ≥92% |",
        ]
    )
    assert [(n, v) for _, _, n, v in _read(text)] == [
        ("老旧线路更换长度", "35公里"),
        ("工程完工时间", "2025年10月底前完成主体施工"),
        ("沿街居民满意度", "≥92%"),
    ]


def test_a_row_that_starts_with_a_number_is_no_wrapped_piece() -> None:
    # "|  |  | 2 | …": a cell of digits starts a row (a name of digits is rare, a piece is
    # words); a row with its name and value stays a row however its levels are merged.
    text = "\n".join(
        [
            *_HEAD,
            "| 产出指标 | 数量指标 | 更换路灯数量 | 420盏 |",
            "|  |  | 新建控制箱 | 12台 |",
        ]
    )
    assert [(n, v) for _, _, n, v in _read(text)] == [
        ("更换路灯数量", "420盏"),
        ("新建控制箱", "12台"),
    ]


@pytest.mark.parametrize("footer", ["- 2 -", "第 2 页 共 3 页", "第2页，共3页", "—3—"])
def test_a_page_footer_and_the_repeated_header_between_rows_are_no_indicators(
    footer: str,
) -> None:
    text = "\n".join(
        [
            *_HEAD,
            "| 产出指标 | 数量指标 | 更换路灯数量 | 420盏 |",
            "|  | 质量指标 | 亮灯率 | ≥98% |",
            footer,
            "",
            "| 一级指标 | 二级指标 | 三级指标 | 指标值 |",
            "|  | 时效指标 | 完工时间 | 2025年10月 |",
            "| 满意度指标 | 服务对象满意度指标 | 居民满意度 | ≥92% |",
        ]
    )
    assert [(n, v) for _, _, n, v in _read(text)] == [
        ("更换路灯数量", "420盏"),
        ("亮灯率", "≥98%"),
        ("完工时间", "2025年10月"),
        ("居民满意度", "≥92%"),
    ]


def test_a_bare_page_number_counts_only_between_rows() -> None:
    assert page_number(" - 12 - ") == "worded"
    assert page_number("第 3 页 共 5 页") == "worded"
    assert page_number("7") == "bare"
    assert page_number("3/12") == "bare"
    assert page_number("≥95%") is None and page_number("2025年") is None
    # One cell a line (a label, then its amount alone on the next line): the amount stays.
    text = "\n".join(
        [
            "来源: | 县财政局 | |",
            "发布: | 2024-05-06 | |",
            "索引: | ABC-2024-01 | |",
            "项目名称",
            "乡村道路养护补助",
            "年度金额",
            "64",
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值",
            "产出指标",
            "数量指标",
            "养护道路里程",
            "≥120公里",
        ]
    )
    grid = text_to_grid(text, "copy.txt")
    assert ["64"] in [row.texts() for row in grid.rows]


@pytest.mark.parametrize("footer", ["- 2 -", "第 2 页 共 3 页"])
def test_a_page_footer_in_a_space_separated_table_is_no_row(footer: str) -> None:
    text = "\n".join(
        [
            "项目名称 城区路灯节能改造",
            "一级指标 二级指标 三级指标 指标值",
            "产出指标 数量指标 更换路灯数量 420盏",
            "质量指标 亮灯率 ≥98%",
            footer,
            "一级指标 二级指标 三级指标 指标值",
            "时效指标 完工时间 2025年10月",
            "满意度指标 服务对象满意度指标 居民满意度 ≥92%",
        ]
    )
    assert [(n, v) for _, _, n, v in _read(text)] == [
        ("更换路灯数量", "420盏"),
        ("亮灯率", "≥98%"),
        ("完工时间", "2025年10月"),
        ("居民满意度", "≥92%"),
    ]


def test_ocr_spaced_level_headings_still_head_a_prose_list() -> None:
    text = "\n".join(
        [
            "某某区2025年社区食堂运营补助项目绩效目标",
            "【产出指标-数 量 指 标】",
            "指标1:新建社区食堂(≥6个)",
            "【效益指标-社 会 效 益 指 标】",
            "指标1:老年人助餐覆盖率(≥80%)",
            "【满 意 度 指 标-服务 对象满意度指标】",
            "指标1:就餐老人满意度(≥９２%)",
        ]
    )
    got = [
        (i.level1, i.level2, i.name, i.value.number)
        for t in read_text(text).tables
        for i in t.indicators
    ]
    assert [(l1, l2, n) for l1, l2, n, _ in got] == [
        ("产出指标", "数量指标", "新建社区食堂"),
        ("效益指标", "社会效益指标", "老年人助餐覆盖率"),
        ("满意度指标", "服务对象满意度指标", "就餐老人满意度"),
    ]
    assert got[-1][3] == 92


def test_an_ocr_spaced_name_after_its_label_is_one_name() -> None:
    text = "\n".join(
        [
            "主管部门: 临 江 县 水 务 局",
            "项目名称 乡镇供水 管网 维 修",
            "一级指标 二级指标 三级指标 指标值",
            "产出指标 数量指标 维修管网长度 ≥15公里",
            "满意度指标 服务对象满意度指标 用水户满意度 ≥90%",
        ]
    )
    [table] = read_text(text).tables
    assert (table.project.name, table.project.department) == ("乡镇供水管网维修", "临江县水务局")
    # A row of values keeps its cells: a lone character there is a value of its own.
    assert [(i.name, i.value.raw) for i in table.indicators] == [
        ("维修管网长度", "≥15公里"),
        ("用水户满意度", "≥90%"),
    ]


def test_a_glued_row_whose_target_is_a_sentence_keeps_the_rows_after_it() -> None:
    # A copy that lost the borders: each line one row, the target a whole sentence.
    text = "\n".join(
        [
            "项目名称:城区口袋公园建设",
            "一级指标二级指标三级指标指标值",
            "产出指标数量指标新建口袋公园数量8个",
            "效益指标社会效益指标居民休闲环境明显改善了周边居民的休闲条件,提升了城区形象。",
            "满意度指标服务对象满意度指标周边居民满意度≥90%",
        ]
    )
    assert [(n, v) for _, _, n, v in _read(text)] == [
        ("新建口袋公园数量", "8个"),
        ("居民休闲环境", "明显改善了周边居民的休闲条件,提升了城区形象。"),
        ("周边居民满意度", "≥90%"),
    ]


def test_a_glued_total_before_its_breakdown_is_the_total() -> None:
    text = "\n".join(
        [
            "项目名称社区文化站改造",
            "项目金额75万元其中:区级财政资金60万元",
            "一级指标二级指标三级指标指标值",
            "产出指标数量指标改造文化站数量3个",
            "满意度指标服务对象满意度指标居民满意度≥90%",
        ]
    )
    [table] = read_text(text).tables
    assert table.funds.total is not None and int(table.funds.total) == 75
    assert [i.name for i in table.indicators] == ["改造文化站数量", "居民满意度"]


def test_a_name_and_its_target_wrapped_together_join_their_cells() -> None:
    # Columns ten characters wide: the first lines fill them, the pieces go on below.
    text = "\n".join(
        [
            *_HEAD,
            "| 产出指标 | 数量指标 | 改造背街小巷路灯线路 | 18条 |",
            "|  |  | 条数 |  |",
            "| 效益指标 | 社会效益指标 | 改善背街小巷夜间出行条 | 夜间出行安全得到明显保 |",
            "|  |  | 件 | 障,群众出行更加便利 |",
            "|  |  | 减少夜间交通事故 | 明显减少 |",
        ]
    )
    assert [(n, v) for _, _, n, v in _read(text)] == [
        ("改造背街小巷路灯线路条数", "18条"),
        ("改善背街小巷夜间出行条件", "夜间出行安全得到明显保障,群众出行更加便利"),
        ("减少夜间交通事故", "明显减少"),
    ]


def test_rows_of_a_merged_group_with_text_targets_stay_rows() -> None:
    # No cell of this copy wraps: a row under another with its levels merged is a row,
    # however long its name and target.
    text = "\n".join(
        [
            *_HEAD,
            "| 效益指标 | 社会效益指标 | 改善背街小巷夜间出行条件 | 夜间出行安全得到明显保障 |",
            "|  |  | 提升老旧街区居住品质 | 居住环境明显改善 |",
        ]
    )
    assert [(n, v) for _, _, n, v in _read(text)] == [
        ("改善背街小巷夜间出行条件", "夜间出行安全得到明显保障"),
        ("提升老旧街区居住品质", "居住环境明显改善"),
    ]


def test_a_page_footer_among_cells_one_a_line_is_no_cell() -> None:
    cells = [
        "项目名称",
        "乡村道路养护补助",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "产出指标",
        "数量指标",
        "养护道路里程",
        "≥120公里",
        "第 1 页 共 2 页",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "质量指标",
        "路面完好率",
        "≥85%",
        "满意度指标",
        "服务对象满意度指标",
        "沿线群众满意度",
        "≥90%",
    ]
    assert [(n, v) for _, _, n, v in _read("\n".join(cells))] == [
        ("养护道路里程", "≥120公里"),
        ("路面完好率", "≥85%"),
        ("沿线群众满意度", "≥90%"),
    ]


def test_a_target_wrapped_over_several_lines_joins_whole() -> None:
    # Digits are half as wide as CJK characters: a line after the first may hold a few
    # more characters and still fit the column.
    text = "\n".join(
        [
            *_HEAD,
            "| 产出指标 | 数量指标 | 新增停车泊位 | 2025年新增泊位:城 |",
            "|  |  |  | 区320个,园区150个, |",
            "|  |  |  | 以验收为准 |",
            "|  | 质量指标 | 泊位验收合格率 | 100% |",
        ]
    )
    assert [(n, v) for _, _, n, v in _read(text)] == [
        ("新增停车泊位", "2025年新增泊位:城区320个,园区150个,以验收为准"),
        ("泊位验收合格率", "100%"),
    ]


def test_glued_rows_with_a_direction_column_after_the_weight() -> None:
    # Sichuan's heads end in 指标方向性: 正向指标 / 反向指标 closes every glued row.
    text = "\n".join(
        [
            "项目名称:乡镇敬老院维修",
            "一级指标二级指标三级指标指标性质指标值度量单位权重指标方向性",
            "产出指标数量指标维修敬老院数量≥3所20正向指标",
            "产出指标成本指标单床改造成本≤0.8万元20反向指标",
            "满意度指标服务对象满意度指标入住老人满意度≥90%10正向指标",
        ]
    )
    assert [(n, v) for _, _, n, v in _read(text)] == [
        ("维修敬老院数量", "≥3所"),
        ("单床改造成本", "≤0.8万元"),
        ("入住老人满意度", "≥90%"),
    ]
