"""Issue 15's list of failing families ("Families that fail today", points 1-9), each
checked on small tables written for this file: new projects, names and numbers, in the
shapes the family takes (pipes, tabs, spaces, run-on). No corpus text is used."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.ingest import read_text
from jixiao.model.problems import mark_read_in_part
from jixiao.model.project import TargetTable


def _table(text: str) -> TargetTable:
    [table] = read_text(text).tables
    return table


def _pairs(table: TargetTable) -> list[tuple[str, str]]:
    return [(i.name, i.value.raw) for i in table.indicators]


def _lines(*rows: str) -> str:
    return "\n".join(rows)


# A plain indicator block the header cases share: the header is what they test.
_BLOCK = (
    "| 一级指标 | 二级指标 | 三级指标 | 指标值 |",
    "| 产出指标 | 数量指标 | 修缮校舍面积 | ≥1500平方米 |",
    "| 效益指标 | 社会效益指标 | 受益学生人数 | ≥800人 |",
    "| 满意度指标 | 服务对象满意度指标 | 家长满意度 | ≥92% |",
)
_BLOCK_PAIRS = [("修缮校舍面积", "≥1500平方米"), ("受益学生人数", "≥800人"), ("家长满意度", "≥92%")]


# --- 1. Header and funds under other labels -------------------------------------------


@pytest.mark.parametrize(
    ("header", "name", "total"),
    [
        (
            ("| 项目名称 | 乡村学校校舍修缮 |", "| 年度本级预算金额 | 86.5 |"),
            "乡村学校校舍修缮",
            "86.5",
        ),
        (("| 项目名称 | 社区卫生站改造 |", "| 项目预算金额(万元) | 42 |"), "社区卫生站改造", "42"),
        (
            ("| 项目名称 | 林下经济示范 |", "| 本年度申请财政预算资金(万元) | 63 |"),
            "林下经济示范",
            "63",
        ),
        (
            ("| 项目名称 | 县城污水管网 |", "| 下达中央预算内投资(万元) | 150 |"),
            "县城污水管网",
            "150",
        ),
        (
            ("| 专项资金名称 | 农田水利设施补助资金 |", "| 资金总额(万元) | 75 |"),
            "农田水利设施补助资金",
            "75",
        ),
        (
            ("| 转移支付名称 | 城乡居民医保补助 |", "| 年度金额(万元) | 210 |"),
            "城乡居民医保补助",
            "210",
        ),
        # 元 in the label: the total is given in 万元.
        (("| 项目名称 | 乡镇文化站设备 |", "| 项目资金(元) | 456000 |"), "乡镇文化站设备", "45.6"),
        (("| 项目名称 | 河堤加固工程 |", "| 项目金额(元) | 1,280,000 |"), "河堤加固工程", "128"),
        # 万 with a note on where part of it came from.
        (
            ("| 项目名称 | 敬老院修缮 |", "| 项目资金 | 95万(含上年结转15万元) |"),
            "敬老院修缮",
            "95",
        ),
        (
            ("| 项目名称 | 村级道路硬化 |", "| 项目资金 | 38.5万(其中省补20万) |"),
            "村级道路硬化",
            "38.5",
        ),
        # Funds split by source into rows that add up to the total.
        (
            (
                "| 项目名称 | 中药材种植基地 |",
                "| 项目资金(万元) | 中央资金 | 40 |",
                "| | 省级资金 | 20 |",
                "| | 县级资金 | 10 |",
            ),
            "中药材种植基地",
            "70",
        ),
        (
            (
                "| 项目名称 | 乡村道路养护 |",
                "| 资金情况(万元) | 年度资金总额 | 120 |",
                "| | 其中:中央资金 | 70 |",
                "| | 市级资金 | 30 |",
                "| | 地方资金 | 20 |",
            ),
            "乡村道路养护",
            "120",
        ),
    ],
)
def test_header_labels_and_funds(header: tuple[str, ...], name: str, total: str) -> None:
    table = _table(_lines(*header, *_BLOCK))
    assert table.project.name == name
    assert table.funds.total == Decimal(total)
    assert _pairs(table) == _BLOCK_PAIRS


@pytest.mark.parametrize(
    ("cell", "department", "code"),
    [
        ("| 主管部门及其编码 | [317]某县教育局 |", "某县教育局", "317"),
        ("| 主管部门及代码 | [208]某市水务局 |", "某市水务局", "208"),
    ],
)
def test_department_with_its_code_in_brackets(cell: str, department: str, code: str) -> None:
    table = _table(_lines("| 项目名称 | 乡村学校校舍修缮 |", cell, *_BLOCK))
    assert (table.project.department, table.project.department_code) == (department, code)
    assert _pairs(table) == _BLOCK_PAIRS


# --- 2. Self-evaluation columns by role --------------------------------------------------


def test_selfeval_columns_with_op_and_unit_split_off() -> None:
    table = _table(
        _lines(
            "| 项目名称 | 社区图书室运营 |",
            "| 一级指标 | 二级指标 | 三级指标 | 指标性质 | 年度指标值 | 度量单位 | 实际完成值"
            " | 分值 | 得分 | 偏差原因 |",
            "| 产出指标 | 数量指标 | 新增图书册数 | ≥ | 3000 | 册 | 3200 | 20 | 20 | |",
            "| 产出指标 | 质量指标 | 图书上架合格率 | ≥ | 98 | % | 97 | 20 | 18 | 人手不足 |",
            "| 满意度指标 | 服务对象满意度指标 | 读者满意度 | ≥ | 90 | % | 93 | 10 | 10 | |",
        )
    )
    assert table.kind == "self_evaluation"
    got = [
        (i.name, i.value.raw, i.actual.raw if i.actual else None, i.weight, i.score)
        for i in table.indicators
    ]
    assert got == [
        ("新增图书册数", "≥3000册", "3200", Decimal(20), Decimal(20)),
        ("图书上架合格率", "≥98%", "97", Decimal(20), Decimal(18)),
        ("读者满意度", "≥90%", "93", Decimal(10), Decimal(10)),
    ]
    assert table.indicators[1].deviation_reason == "人手不足"


def test_selfeval_weight_first_and_a_converted_score_column() -> None:
    table = _table(
        _lines(
            "| 项目名称 | 街道路灯维护 |",
            "| 一级指标 | 二级指标 | 三级指标 | 权重 | 年度指标值 | 实际完成值 | 得分 | 折算得分"
            " | 偏差原因分析 |",
            "| 产出指标 | 数量指标 | 维护路灯盏数 | 30 | ≥300盏 | 310盏 | 30 | 27 | |",
            "| 效益指标 | 社会效益指标 | 夜间亮灯率 | 20 | ≥98% | 96% | 18 | 16.2 | 线路老化 |",
        )
    )
    got = [
        (i.name, i.value.raw, i.actual.raw if i.actual else None, i.weight)
        for i in table.indicators
    ]
    assert got == [
        ("维护路灯盏数", "≥300盏", "310盏", Decimal(30)),
        ("夜间亮灯率", "≥98%", "96%", Decimal(20)),
    ]
    assert table.indicators[1].deviation_reason == "线路老化"


def test_selfeval_header_row_fused_with_the_first_data_row() -> None:
    table = _table(
        _lines(
            "| 项目名称 | 社区图书室运营 |",
            "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 产出指标"
            " | 数量指标 | 开放天数 | ≥300天 | 310天 | 30 | 30 |",
            "| 产出指标 | 质量指标 | 图书破损率 | ≤2% | 1.5% | 20 | 20 |",
        )
    )
    got = [
        (i.name, i.value.raw, i.actual.raw if i.actual else None, i.weight)
        for i in table.indicators
    ]
    assert got == [
        ("开放天数", "≥300天", "310天", Decimal(30)),
        ("图书破损率", "≤2%", "1.5%", Decimal(20)),
    ]


@pytest.mark.parametrize(
    ("heads", "pieces"),
    [
        (
            "| 一级指标 | 二级指标 | 三级指标 | 年度指标 | 实际完成 | 分值 | 得分 |",
            "| | | | 值 | 值 | | |",
        ),
        (
            "| 一级指标 | 二级指标 | 三级指标 | 年度目标 | 实际完成值 | 分值 | 得分 |",
            "| | | | 值 | | | |",
        ),
    ],
)
def test_selfeval_head_words_broken_over_two_rows(heads: str, pieces: str) -> None:
    # The heads' second lines ("值") come out as a row of their own under the header.
    table = _table(
        _lines(
            "| 项目名称 | 乡镇垃圾转运 |",
            heads,
            pieces,
            "| 产出指标 | 数量指标 | 转运垃圾吨数 | ≥5000吨 | 5200吨 | 30 | 30 |",
            "| 产出指标 | 质量指标 | 转运车辆完好率 | ≥95% | 97% | 20 | 18 |",
        )
    )
    got = [
        (i.name, i.value.raw, i.actual.raw if i.actual else None, i.score) for i in table.indicators
    ]
    assert got == [
        ("转运垃圾吨数", "≥5000吨", "5200吨", Decimal(30)),
        ("转运车辆完好率", "≥95%", "97%", Decimal(18)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        _lines(
            "项目名称 农民技能培训",
            "一级指标二级指标三级指标分值年度指标值实际完成值得分",
            "产出指标数量指标发放补贴户数20≥450户≥470户20",
            "效益指标社会效益指标带动就业人数10≥60人≥58人9",
        ),
        _lines(
            "项目名称 茶叶加工扶持",
            "一级指标二级指标三级指标分值年度指标值实际完成值得分",
            "产出指标数量指标扶持加工企业数20≥450户≥470户20",
            "效益指标社会效益指标带动就业人数10≥60人≥58人9",
        ),
    ],
)
def test_glued_selfeval_rows_are_cut_by_the_header_count(text: str) -> None:
    # "…户数20≥450户≥470户20" = weight, target, actual, score (the header has four heads).
    table = _table(text)
    got = [
        (i.value.raw, i.actual.raw if i.actual else None, i.weight, i.score)
        for i in table.indicators
    ]
    assert got == [
        ("≥450户", "≥470户", Decimal(20), Decimal(20)),
        ("≥60人", "≥58人", Decimal(10), Decimal(9)),
    ]


@pytest.mark.parametrize(
    ("heads", "rows", "got"),
    [
        (
            "一级指标 二级指标 三级指标 分值 年度指标值 实际完成值 得分",
            (
                "产出指标 数量指标 技能培训人次15≥800人次≥860人次15",
                "产出指标 质量指标 培训合格率10≥90%≥93%10",
            ),
            [
                ("技能培训人次", "≥800人次", Decimal(15), Decimal(15)),
                ("培训合格率", "≥90%", Decimal(10), Decimal(10)),
            ],
        ),
        (
            "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分",
            (
                "产出指标 数量指标 修复山塘座数≥12座14座2020",
                "效益指标 生态效益指标 新增蓄水量≥3万立方米2.6万立方米2016",
            ),
            [
                ("修复山塘座数", "≥12座", Decimal(20), Decimal(20)),
                ("新增蓄水量", "≥3万立方米", Decimal(20), Decimal(16)),
            ],
        ),
    ],
)
def test_glued_selfeval_tail_after_spaced_levels(
    heads: str, rows: tuple[str, ...], got: list[tuple[str, str, Decimal, Decimal]]
) -> None:
    # The levels are cells of their own, the rest of the row is glued: the header's
    # count of value cells cuts it.
    table = _table(_lines("项目名称 山塘整治", heads, *rows))
    assert [(i.name, i.value.raw, i.weight, i.score) for i in table.indicators] == got


# --- 3. Level names as files write them -------------------------------------------------

_RIVER = "| 项目名称 | 河道保洁服务 |"
_RIVER_HEAD = "| 一级指标 | 二级指标 | 三级指标 | 指标值 |"


@pytest.mark.parametrize(
    ("rows", "levels"),
    [
        (
            (
                "| 产出指标 | 数量指标(必填硬性指标) | 保洁河道长度 | ≥25公里 |",
                "| 产出指标 | 时效指标(必填) | 保洁完成时限 | 2024年12月底前 |",
            ),
            [("产出指标", "数量指标"), ("产出指标", "时效指标")],
        ),
        (
            (
                "| 产 出 指 标 | 数 量 指 标 | 保洁河道长度 | ≥25公里 |",
                "| 效 益 指 标 | 生 态 效 益 指 标 | 河面漂浮物清除率 | ≥95% |",
            ),
            [("产出指标", "数量指标"), ("效益指标", "生态效益指标")],
        ),
        (
            (
                "| 产出指标 | 数量指标 | 保洁河道长度 | ≥25公里 |",
                "| 效益指标 | 经济效益 指标 | 带动保洁就业人数 | ≥30人 |",
            ),
            [("产出指标", "数量指标"), ("效益指标", "经济效益指标")],
        ),
        (
            (
                "| 成本指标 | 经济成本指标 | 每公里保洁费用 | ≤1.2万元 |",
                "| 成本指标 | 生态环境成本指标 | 保洁垃圾无害化处理率 | 100% |",
                "| 成本指标 | 社会成本指标 | 保洁作业扰民投诉 | ≤2起 |",
            ),
            [
                ("成本指标", "经济成本指标"),
                ("成本指标", "生态环境成本指标"),
                ("成本指标", "社会成本指标"),
            ],
        ),
    ],
)
def test_level_names_annotated_spaced_wrapped_and_101_cost(
    rows: tuple[str, ...], levels: list[tuple[str, str]]
) -> None:
    table = _table(_lines(_RIVER, _RIVER_HEAD, *rows))
    assert [(i.level1, i.level2) for i in table.indicators] == levels
    assert len(table.indicators) == len(rows)


@pytest.mark.parametrize(
    "text",
    [
        _lines(
            _RIVER,
            _RIVER_HEAD,
            "| 产出指标 | 数量指标 | 保洁河道长度 | ≥25公里 |",
            "| 效益指标 | 生态效益 | 河面漂浮物清除率 | ≥95% |",
            "| | 指标 | | |",
            "| 满意度指标 | 服务对象满意度指标 | 沿河居民满意度 | ≥90% |",
        ),
        _lines(
            "项目名称\t河道保洁服务",
            "一级指标\t二级指标\t三级指标\t指标值",
            "产出指标\t数量指标\t保洁河道长度\t≥25公里",
            "效益指标\t经济效益\t带动保洁就业人数\t≥30人",
            "\t指标\t\t",
            "满意度指标\t服务对象满意度指标\t沿河居民满意度\t≥90%",
        ),
    ],
)
def test_a_level_name_wrapped_onto_the_next_grid_row(text: str) -> None:
    # The 二级 cell's second line ("指标") comes out as a row of its own.
    table = _table(text)
    assert len(table.indicators) == 3
    assert table.indicators[1].level2.endswith("效益指标")
    assert not any(i.name == "指标" for i in table.indicators)


@pytest.mark.parametrize(
    "rows",
    [
        (
            "产 出 指 标 数量指标 保洁河道长度 ≥25公里",
            "效 益 指 标 生态效益指标 河面漂浮物清除率 ≥95%",
            "满 意 度 指 标 服务对象满意度指标 沿河居民满意度 ≥90%",
        ),
        (
            "产 出 指 标 数 量 指 标 保洁河道长度 ≥25公里",
            "效 益 指 标 生 态 效 益 指 标 河面漂浮物清除率 ≥95%",
            "满 意 度 指 标 服务对象满意度指标 沿河居民满意度 ≥90%",
        ),
    ],
)
def test_letter_spaced_levels_in_space_separated_text(rows: tuple[str, ...]) -> None:
    table = _table(_lines("项目名称 河道保洁服务", "一级指标 二级指标 三级指标 指标值", *rows))
    assert [(i.level1, i.name, i.value.raw) for i in table.indicators] == [
        ("产出指标", "保洁河道长度", "≥25公里"),
        ("效益指标", "河面漂浮物清除率", "≥95%"),
        ("满意度指标", "沿河居民满意度", "≥90%"),
    ]


@pytest.mark.parametrize("level2", ["满意度指标", "社会公众或服务对象满意度指标"])
def test_88_satisfaction_under_benefit_keeps_the_files_first_level(level2: str) -> None:
    # 财预〔2015〕88号 templates put 满意度 under 效益: the row gave its 一级, nothing is inferred.
    table = _table(
        _lines(
            _RIVER,
            _RIVER_HEAD,
            "| 产出指标 | 数量指标 | 保洁河道长度 | ≥25公里 |",
            "| 效益指标 | 生态效益指标 | 河面漂浮物清除率 | ≥95% |",
            f"| 效益指标 | {level2} | 沿河居民满意度 | ≥90% |",
        )
    )
    last = table.indicators[-1]
    assert (last.level1, last.level2, last.name, last.value.raw) == (
        "效益指标",
        level2,
        "沿河居民满意度",
        "≥90%",
    )
    assert not last.level1_inferred


@pytest.mark.parametrize(
    "head",
    ["| 一级指标 | 指标内容 | 指标值 |", "| 一级指标 | 三级指标 | 指标值 |"],
)
def test_templates_with_no_second_level_column(head: str) -> None:
    table = _table(
        _lines(
            "| 项目名称 | 森林防火巡护 |",
            head,
            "| 产出指标 | 巡护面积 | ≥3.6万亩 |",
            "| 效益指标 | 森林火灾受害率 | ≤0.5‰ |",
            "| 满意度指标 | 林农满意度 | ≥90% |",
        )
    )
    assert [(i.level1, i.name, i.value.raw) for i in table.indicators] == [
        ("产出指标", "巡护面积", "≥3.6万亩"),
        ("效益指标", "森林火灾受害率", "≤0.5‰"),
        ("满意度指标", "林农满意度", "≥90%"),
    ]


# --- 4. Space-separated and run-on text -------------------------------------------------

_ESTATE_ROWS = [
    ("改造小区个数", "≥6个"),
    ("工程验收合格率", "100%"),
    ("改造完成时间", "2025年12月底前"),
    ("每户改造成本", "≤0.3万元"),
    ("惠及居民户数", "≥1200户"),
    ("设施使用年限", "≥15年"),
    ("居民满意度", "≥85%"),
]


def test_space_separated_rows_with_a_dropped_first_level() -> None:
    table = _table(
        _lines(
            "项目名称 老旧小区改造 主管部门 某区住建局",
            "一级指标 二级指标 三级指标 指标值",
            "产出指标 数量指标 改造小区个数 ≥6个",
            "质量指标 工程验收合格率 100%",
            "效益指标 社会效益指标 惠及居民户数 ≥1200户",
            "满意度指标 服务对象满意度指标 居民满意度 ≥85%",
        )
    )
    assert table.project.department == "某区住建局"
    assert _pairs(table) == [_ESTATE_ROWS[0], _ESTATE_ROWS[1], _ESTATE_ROWS[4], _ESTATE_ROWS[6]]


@pytest.mark.parametrize(
    "text",
    [
        # Space-separated preview cut mid-word into chunks "1、", "2、".
        _lines(
            "1、项目名称 老旧小区改造 主管部门 某区住建局 资金总额(万元) 380 一级指标 二级指标 三级指标"
            " 指标值 产出指标 数量指标 改造小区个数 ≥6个 质量指标 工程验收合格率 100% 时效指标"
            " 改造完成时间 2025年12月底前 成本指标 经济成本指标 每户改造成本 ≤0.3万元 效益指标 社会效益指标 惠及居",
            "2、民户数 ≥1200户 可持续影响指标 设施使用年限 ≥15年 满意度指标 服务对象满意度指标 居民满意度 ≥85%",
        ),
        # The same cells run together with no separator.
        _lines(
            "1、项目名称老旧小区改造主管部门某区住建局资金总额(万元)380一级指标二级指标三级指标指标值"
            "产出指标数量指标改造小区个数≥6个质量指标工程验收合格率100%时效指标改造完成时间"
            "2025年12月底前成本指标经济成本指标每户改造成本≤0.3万元效益指标社会效益指标惠及居民户数≥1200户"
            "可持续影响指标设施使用年限≥15年满意度指标服务对",
            "2、象满意度指标居民满意度≥85%",
        ),
    ],
)
def test_preview_chunks_are_joined_before_the_rows_are_cut(text: str) -> None:
    table = _table(text)
    assert table.project.name == "老旧小区改造"
    assert table.funds.total == Decimal(380)
    names = [i.name for i in table.indicators]
    assert names == [n for n, _ in _ESTATE_ROWS]
    assert table.indicators[-1].level2 == "服务对象满意度指标"


# --- 5. Fragments -------------------------------------------------------------------------


def test_a_file_starting_with_a_tables_tail_keeps_the_next_tables_header() -> None:
    result = read_text(
        _lines(
            "| 效益指标 | 社会效益指标 | 受助群众人数 | ≥300人 |",
            "| 满意度指标 | 服务对象满意度指标 | 受助群众满意度 | ≥90% |",
            "",
            "项目支出绩效目标表",
            "| 项目名称 | 困难群众临时救助 |",
            "| 项目资金(万元) | 55 |",
            "| 一级指标 | 二级指标 | 三级指标 | 指标值 |",
            "| 产出指标 | 数量指标 | 救助人次 | ≥420人次 |",
            "| 产出指标 | 时效指标 | 救助金发放及时率 | 100% |",
        )
    )
    tail, table = result.tables
    # The tail invents no header (not even the next table's title) and says it is a fragment.
    assert tail.project.name is None
    assert "parse.fragment" in {p.code for p in result.problems}
    assert (table.project.name, table.funds.total) == ("困难群众临时救助", Decimal(55))
    assert _pairs(table) == [("救助人次", "≥420人次"), ("救助金发放及时率", "100%")]


@pytest.mark.parametrize(
    "text",
    [
        _lines(
            "| 项目名称 | 困难群众临时救助 |",
            "| 一级指标 | 二级指标 | 三级指标 | 指标值 |",
            "| 产出指标 | 数量指标 | 救助人次 | ≥420人次 |",
            "| 产出指标 | 时效指标 | 救助金发放及时率 | 100% |",
            "| 效益指标 | 社会效益指标 | 受助群众",
        ),
        _lines(
            "项目名称 困难群众临时救助",
            "一级指标 二级指标 三级指标 指标值",
            "产出指标 数量指标 救助人次 ≥420人次",
            "产出指标 时效指标 救助金发放及时率 100%",
            "效益指标 社会效益指标 受助群众生活改善率 ≥9",
        ),
    ],
)
def test_a_table_cut_off_mid_row_is_marked_and_keeps_what_was_read(text: str) -> None:
    result = mark_read_in_part(read_text(text))
    [table] = result.tables
    assert table.read_in_part
    assert _pairs(table) == [("救助人次", "≥420人次"), ("救助金发放及时率", "100%")]


@pytest.mark.parametrize(
    ("heads", "rows"),
    [
        (
            "| 一级指标 | 二级指标 | 中期指标 | 指标值 | 年度指标 | 指标值 |",
            (
                "| 产出指标 | 数量指标 | 三年救助人次 | ≥1200人次 | 年度救助人次 | ≥420人次 |",
                "| 效益指标 | 社会效益指标 | 困难群众生活改善率 | ≥90% | 受助家庭返贫率 | ≤5% |",
            ),
        ),
        (
            "| 一级指标 | 二级指标 | 实施期指标名称 | 目标值 | 年度指标名称 | 目标值 |",
            (
                "| 产出指标 | 数量指标 | 累计救助人次 | ≥1200人次 | 年度救助人次 | ≥420人次 |",
                "| 效益指标 | 社会效益指标 | 返贫率下降 | ≥10% | 受助家庭返贫率 | ≤5% |",
            ),
        ),
    ],
)
def test_two_groups_side_by_side_read_the_years_group(heads: str, rows: tuple[str, ...]) -> None:
    # 中期 | 年度 groups with names of their own: the table states the year's targets.
    table = _table(_lines("| 项目名称 | 困难群众临时救助 |", heads, *rows))
    assert _pairs(table) == [("年度救助人次", "≥420人次"), ("受助家庭返贫率", "≤5%")]


# --- 6. Prose indicators -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        _lines(
            "项目名称:城区绿化提升",
            "三、绩效指标",
            "产出指标:",
            "数量指标:★新植行道树>=2300株;★补植草坪>=4500平方米;",
            "质量指标:苗木成活率>=95%;",
            "效益指标:",
            "生态效益指标:城区绿化覆盖率提高>=1个百分点;",
            "满意度指标:",
            "服务对象满意度指标:市民满意度>=90%。",
        ),
        "项目名称:城区绿化提升\n数量指标:★新植行道树>=2300株;★补植草坪>=4500平方米;质量指标:苗木成活率"
        ">=95%;生态效益指标:城区绿化覆盖率提高>=1个百分点;服务对象满意度指标:市民满意度>=90%",
    ],
)
def test_prose_indicator_lists(text: str) -> None:
    table = _table(text)
    assert table.project.name == "城区绿化提升"
    assert [(i.name.lstrip("★"), i.value.raw) for i in table.indicators] == [
        ("新植行道树", ">=2300株"),
        ("补植草坪", ">=4500平方米"),
        ("苗木成活率", ">=95%"),
        ("城区绿化覆盖率提高", ">=1个百分点"),
        ("市民满意度", ">=90%"),
    ]
    assert [i.level2 for i in table.indicators][:3] == ["数量指标", "数量指标", "质量指标"]


@pytest.mark.parametrize(
    ("text", "last"),
    [
        (
            "项目名称:城区绿化提升\n数量指标:新建口袋公园>=4个;时效指标:完工时间<=2025年10月;",
            ("完工时间", "<=2025年10月"),
        ),
        (
            "项目名称:乡村公厕改造\n数量指标:改造公厕≥35座;时效指标:验收完成时间≤2026年3月底前。",
            ("验收完成时间", "≤2026年3月底前"),
        ),
    ],
)
def test_prose_comparator_before_a_date_is_the_values(text: str, last: tuple[str, str]) -> None:
    assert _pairs(_table(text))[-1] == last


# --- 7. 部门整体支出 tables ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("2024年部门(单位)整体支出绩效目标表", "| 部门(单位)名称 | 某县农业农村局 |"),
        ("部门整体支出绩效目标表", "| 单位名称 | 某县农业农村局 |"),
    ],
)
def test_overall_table_is_named_after_its_unit(title: str, label: str) -> None:
    table = _table(
        _lines(
            title,
            label,
            "| 年度预算资金(万元) | 1860 |",
            "| 年度总体目标 | 目标1:保障粮食生产;目标2:推进人居环境整治 |",
            "| 一级指标 | 二级指标 | 三级指标 | 指标值 |",
            "| 产出指标 | 数量指标 | 高标准农田建设面积 | ≥1.2万亩 |",
            "| 产出指标 | 质量指标 | 农产品抽检合格率 | ≥98% |",
            "| 效益指标 | 经济效益指标 | 农民人均可支配收入增幅 | ≥6% |",
            "| 满意度指标 | 服务对象满意度指标 | 农户满意度 | ≥90% |",
        )
    )
    # The template's title names no unit: the 单位名称 row does.
    assert table.project.name is not None and table.project.name.startswith("某县农业农村局")
    assert table.project.department == "某县农业农村局"
    assert table.funds.total == Decimal(1860)
    assert len(table.indicators) == 4


# --- 8. Placeholders and template instructions -------------------------------------------


@pytest.mark.parametrize(
    "rows",
    [
        (
            "| 产出指标 | 数量指标 | 指标2: | |",
            "| 产出指标 | 质量指标 | …… | |",
            "| 效益指标 | 社会效益指标 | 受益群众人数 | (≥**人) |",
        ),
        (
            "| 产出指标 | 时效指标 | 指标3: | |",
            "| 效益指标 | 社会效益指标 | …… | …… |",
            "| 效益指标 | 可持续影响指标 | (填写指标名称) | (填写指标值) |",
        ),
    ],
)
def test_placeholder_rows_and_instructions_are_skipped(rows: tuple[str, ...]) -> None:
    table = _table(
        _lines(
            "| 项目名称 | 乡镇卫生院设备购置 |",
            "| 一级指标 | 二级指标 | 三级指标 | 指标值 |",
            "| 产出指标 | 数量指标 | 购置设备台数 | ≥14台 |",
            *rows,
            "| 满意度指标 | 服务对象满意度指标 | 患者满意度 | ≥90% |",
            "| 注:1.绩效指标应细化、量化;2.各项目可根据实际情况增减指标。 |",
        )
    )
    assert _pairs(table) == [("购置设备台数", "≥14台"), ("患者满意度", "≥90%")]


# --- 9. level1_inferred ------------------------------------------------------------------


@pytest.mark.parametrize(
    "rows",
    [
        (
            "| 质量指标 | | 活动安全事故数 | 0起 |",
            "| 时效指标 | | 活动完成时间 | 2025年11月底前 |",
        ),
        (
            "| 质量指标 | 活动安全事故数 | 0起 |",
            "| 时效指标 | 活动完成时间 | 2025年11月底前 |",
        ),
    ],
)
def test_second_level_in_the_first_level_column_is_inferred(rows: tuple[str, ...]) -> None:
    table = _table(
        _lines(
            "| 项目名称 | 职工文体活动补助 |",
            "| 一级指标 | 二级指标 | 三级指标 | 指标值 |",
            "| 产出指标 | 数量指标 | 举办活动场次 | ≥16场 |",
            *rows,
            "| 满意度指标 | 服务对象满意度指标 | 职工满意度 | ≥92% |",
        )
    )
    got = [(i.level1, i.level2, i.name, i.level1_inferred) for i in table.indicators]
    assert got == [
        ("产出指标", "数量指标", "举办活动场次", False),
        ("产出指标", "质量指标", "活动安全事故数", True),
        ("产出指标", "时效指标", "活动完成时间", True),
        ("满意度指标", "服务对象满意度指标", "职工满意度", False),
    ]


# --- The same families in space- and tab-separated text ---------------------------------

_SPACED_BLOCK = (
    "一级指标 二级指标 三级指标 指标值",
    "产出指标 数量指标 修缮校舍面积 ≥1500平方米",
    "满意度指标 服务对象满意度指标 家长满意度 ≥92%",
)


@pytest.mark.parametrize(
    ("header", "total"),
    [
        (("项目名称 乡镇文化站设备", "项目资金(元) 456000"), "45.6"),
        (("项目名称 乡镇文化站设备", "项目资金 95万(含上年结转15万元)"), "95"),
        (
            ("2024年部门整体支出绩效目标表", "部门(单位)名称 某县林业局", "年度预算资金(万元) 960"),
            "960",
        ),
    ],
)
def test_header_families_in_space_separated_text(header: tuple[str, ...], total: str) -> None:
    table = _table(_lines(*header, *_SPACED_BLOCK))
    assert table.funds.total == Decimal(total)
    assert table.project.name is not None and "绩效" not in table.project.name
    assert _pairs(table) == [("修缮校舍面积", "≥1500平方米"), ("家长满意度", "≥92%")]


def test_department_code_in_tab_separated_text() -> None:
    rows = ("项目名称 乡镇文化站设备", "主管部门及其编码 [155]某县文广局", *_SPACED_BLOCK)
    table = _table(_lines(*(r.replace(" ", "\t") for r in rows)))
    assert (table.project.department, table.project.department_code) == ("某县文广局", "155")


def test_a_space_separated_tail_before_the_next_table() -> None:
    result = read_text(
        _lines(
            "效益指标 社会效益指标 受助群众人数 ≥300人",
            "满意度指标 服务对象满意度指标 受助群众满意度 ≥90%",
            "",
            "项目支出绩效目标表",
            "项目名称 困难群众临时救助",
            "一级指标 二级指标 三级指标 指标值",
            "产出指标 数量指标 救助人次 ≥420人次",
        )
    )
    tail, table = result.tables
    assert tail.project.name is None and "parse.fragment" in {p.code for p in result.problems}
    assert table.project.name == "困难群众临时救助"
    assert _pairs(table) == [("救助人次", "≥420人次")]
