"""Issue 16, points 3 and 4: each reviewer check on tables that are not corpus files.

Every case is a small table of its own (a county irrigation upkeep project for the
target tables, a subsistence-allowance project for the self-evaluations), written as
text, read by ``read_text`` and reviewed by ``check_table`` / ``score_table``. The
faulty table must raise the code (warning or error) on the row at fault; its clean twin,
the same table put right, must raise no warning or error with that code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from review_tables import LEVELS, tabbed

from jixiao.ingest import read_text
from jixiao.model.findings import Finding
from jixiao.rules import check_table
from jixiao.scoring import score_table

Row = tuple[str, ...]


def row(level: str, name: str, value: str) -> Row:
    """Given a second level's short word, a name and a value, return a target row."""
    return (*LEVELS[level], name, value)


def se_row(
    level: str, name: str, value: str, actual: str, weight: str, score: str, reason: str = ""
) -> Row:
    """Given a second level's short word and a row's cells, return a self-evaluation row."""
    return (*LEVELS[level], name, value, actual, weight, score, reason)


def rows(spec: str) -> tuple[Row, ...]:
    """Given rows written "level name value [actual weight score [reason]]; …", return them."""
    out = []
    for item in spec.split(";"):
        cells = item.split()
        out.append(row(*cells) if len(cells) == 3 else se_row(*cells))
    return tuple(out)


GOAL = (
    "目标1:完成全县2.4万亩高标准农田灌溉渠道和泵站的日常管护;目标2:保障农田灌溉用水,提高粮食产量。"
)

ROWS: tuple[Row, ...] = rows(
    "数量 管护灌溉渠道长度 ≥120公里; 数量 管护泵站数量 36座; "
    "质量 泵站完好率 ≥95%; 时效 管护任务完成时间 2025年12月底前; "
    "成本 渠道管护成本 ≤2.5万元/公里; 经济 灌区粮食亩产增加 ≥20公斤; "
    "社会 受益农户数 ≥8600户; 可持续 设施正常使用年限 ≥10年; "
    "满意度 受益农户满意度 ≥90%"
)


def edit(
    rows: Sequence[Row] = ROWS,
    *,
    drop: Sequence[str] = (),
    put: dict[str, Row] | None = None,
    add: Sequence[Row] = (),
) -> tuple[Row, ...]:
    """Given rows, return them without ``drop`` names, ``put`` rows replaced by name, ``add`` appended."""
    put = put or {}
    out = [put.get(r[2], r) for r in rows if r[2] not in drop]
    return (*out, *add)


def target(rows: Sequence[Row] = ROWS, *, goal: str = GOAL, total: str = "360") -> str:
    """Given indicator rows, a goal and the year's funds, return a target table in pipe form."""
    lines = [
        "项目支出绩效目标申报表",
        "(2025年度)",
        "| 项目名称 | 青溪县高标准农田灌溉设施管护 | | |",
        "| 主管部门 | 青溪县农业农村局 | 实施单位 | 青溪县农田建设服务中心 |",
        f"| 项目资金(万元) | 年度资金总额 | {total} | |",
        f"| | 其中:财政拨款 | {total} | |",
        "| | 其他资金 | 0 | |",
        f"| 年度总体目标 | {goal} | | |",
        "| 一级指标 | 二级指标 | 三级指标 | 指标值 |",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


SE_ROWS: tuple[Row, ...] = rows(
    "数量 补助低保对象人数 ≥3500人 3620人 15 15; "
    "质量 补助发放准确率 100% 100% 15 15; "
    "时效 补助按月发放到位率 100% 100% 10 10; "
    "成本 人均补助标准 ≤1200元/人 1100元/人 10 10; "
    "社会 低保对象基本生活保障率 ≥98% 99% 30 30; "
    "满意度 低保对象满意度 ≥90% 93% 10 10"
)

#: 年度资金总额 and 财政拨款 rows: 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分
FUNDS_OK = (("420", "420", "399", "10", "95%", "9.5"), ("420", "420", "399", "-", "-", "-"))


def selfeval(
    rows: Sequence[Row] = SE_ROWS,
    *,
    funds: tuple[Row, Row] = FUNDS_OK,
    total: str = "99.5",
) -> str:
    """Given self-evaluation rows and the funds rows, return a self-evaluation table in pipe form."""
    weights = sum(float(r[5]) for r in rows) + float(funds[0][3])
    lines = [
        "项目支出绩效自评表",
        "(2024年度)",
        "| 项目名称 | 临川区城乡低保对象临时生活补助 | | | | | | |",
        "| 主管部门 | 临川区民政局 | 实施单位 | 临川区社会救助服务中心 | | | | |",
        "| 项目资金(万元) | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| | 年度资金总额 | " + " | ".join(funds[0]) + " |",
        "| | 其中:财政拨款 | " + " | ".join(funds[1]) + " |",
        "| | 上年结转资金 | | | | - | - | - |",
        "| | 其他资金 | | | | - | - | - |",
        "| 年度总体目标 | 预期目标 | | | 实际完成情况 | | | |",
        "| | 为全区低保对象按月发放临时生活补助,保障困难群众基本生活。 | | | "
        "全年为3620名低保对象按月发放补助399万元,困难群众基本生活得到保障。 | | | |",
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    lines.append(f"| 总分 | | | | | {weights:g} | {total} | |")
    return "\n".join(lines) + "\n"


def se_edit(put: dict[str, Row]) -> tuple[Row, ...]:
    """Given replacement self-evaluation rows by name, return the rows."""
    return tuple(put.get(r[2], r) for r in SE_ROWS)


def put(name: str, *new: str, add: Sequence[Row] = (), goal: str = GOAL) -> str:
    """Given a base row's name and a new row (short level, name, value), return the table
    with the row replaced (and ``add`` rows appended)."""
    return target(edit(put={name: row(*new)}, add=add), goal=goal)


def added(*new: Row, goal: str = GOAL) -> str:
    """Given rows, return the base table with them appended."""
    return target(edit(add=new), goal=goal)


def costs(*items: tuple[str, str]) -> str:
    """Given cost rows (name, value), return the base table with them for its cost row."""
    return target(edit(drop=["渠道管护成本"], add=[row("成本", *i) for i in items]))


def se_put(name: str, *new: str, total: str = "99.5") -> str:
    """Given a base row's name and a new self-evaluation row, return the table with it."""
    return selfeval(se_edit({name: se_row(*new)}), total=total)


def findings(text: str) -> list[Finding]:
    """Given a table's text, return the warnings and errors of its review (and its score sheet)."""
    result = read_text(text, "issue16.txt")
    assert result.tables, "the synthetic table was not read"
    out: list[Finding] = []
    for table in result.tables:
        assert table.indicators, "the synthetic table's indicators were not read"
        out += check_table(table).findings
        if table.kind == "self_evaluation":
            out += score_table(table).findings
    return [f for f in out if f.severity in ("warning", "error")]


@dataclass(frozen=True)
class Case:
    """A faulty table, its clean twin, and the code (and row) the fault must raise."""

    id: str
    code: str
    indicator: str | None
    bad: str
    clean: str


CASES: tuple[Case, ...] = (
    # --- point 3: per-period cost × period against funds
    Case(
        "period-monthly",
        "cost.period-exceeds-funds",
        "管护人员劳务成本",
        put("渠道管护成本", "成本", "管护人员劳务成本", "≤32万元/月"),
        put("渠道管护成本", "成本", "管护人员劳务成本", "≤28万元/月"),
    ),
    Case(
        "period-quarterly",
        "cost.period-exceeds-funds",
        "泵站运行电费",
        put("渠道管护成本", "成本", "泵站运行电费", "≤95万元/季度"),
        put("渠道管护成本", "成本", "泵站运行电费", "≤85万元/季度"),
    ),
    Case(
        "period-stated-months",
        "cost.period-exceeds-funds",
        "人工成本",
        # 42 × 9 months = 378 > 360; its twin 38 × 9 = 342 (× 12 it would be 456)
        put(
            "渠道管护成本",
            "成本",
            "人工成本",
            "≤42万元/月",
            goal=GOAL + "管护期为2025年3月-2025年11月。",
        ),
        put(
            "渠道管护成本",
            "成本",
            "人工成本",
            "≤38万元/月",
            goal=GOAL + "管护期为2025年3月-2025年11月。",
        ),
    ),
    Case(
        "period-in-the-name",
        "cost.period-exceeds-funds",
        "月均泵站运维费",
        put("渠道管护成本", "成本", "月均泵站运维费", "≤32万元"),
        put("渠道管护成本", "成本", "月均泵站运维费", "≤28万元"),
    ),
    Case(
        "period-in-the-value-words",
        "cost.period-exceeds-funds",
        "人工成本",
        put("渠道管护成本", "成本", "人工成本", "每月≤32万元"),
        put("渠道管护成本", "成本", "人工成本", "每月≤28万元"),
    ),
    # --- cost components adding up beyond funds
    Case(
        "components-purchase",
        "cost.components-exceed-funds",
        None,
        costs(
            ("设备购置成本", "≤200万元"), ("安装调试成本", "≤120万元"), ("人员培训成本", "≤60万元")
        ),
        costs(
            ("设备购置成本", "≤180万元"), ("安装调试成本", "≤120万元"), ("人员培训成本", "≤50万元")
        ),
    ),
    Case(
        "components-upkeep",
        "cost.components-exceed-funds",
        None,
        costs(
            ("渠道清淤费用", "150万元"), ("泵站维修费用", "160万元"), ("管护人员劳务费", "80万元")
        ),
        costs(
            ("渠道清淤费用", "130万元"), ("泵站维修费用", "150万元"), ("管护人员劳务费", "70万元")
        ),
    ),
    # --- a unit standard with no matching quantity
    Case(
        "standard-per-mu",
        "cost.standard-without-quantity",
        "农田管护补助标准",
        put("渠道管护成本", "成本", "农田管护补助标准", "≤140元/亩"),
        put(
            "渠道管护成本",
            "成本",
            "农田管护补助标准",
            "≤140元/亩",
            add=[row("数量", "管护农田面积", "≥2.4万亩")],
        ),
    ),
    Case(
        "standard-per-well",
        "cost.standard-without-quantity",
        "机井维护单价",
        put("渠道管护成本", "成本", "机井维护单价", "≤800元/眼"),
        put(
            "渠道管护成本",
            "成本",
            "机井维护单价",
            "≤800元/眼",
            add=[row("数量", "维护机井数量", "≥450眼")],
        ),
    ),
    # --- a 成本指标 that is not a cost
    Case(
        "not-a-cost-control-rate",
        "cost.not-a-cost",
        "成本控制率",
        put("渠道管护成本", "成本", "成本控制率", "≤100%"),
        put("渠道管护成本", "成本", "渠道管护成本", "≤2.5万元/公里"),
    ),
    Case(
        "not-a-cost-efficiency",
        "cost.not-a-cost",
        "资金使用效率",
        put("渠道管护成本", "成本", "资金使用效率", "≥95%"),
        put("渠道管护成本", "成本", "泵站管护单价", "≤1.5万元/座"),
    ),
    # --- compliance, payout and pass rates set too low
    Case(
        "rate-too-low-acceptance",
        "values.rate-too-low",
        "泵站维修验收合格率",
        put("泵站完好率", "质量", "泵站维修验收合格率", "≥75%"),
        put("泵站完好率", "质量", "泵站维修验收合格率", "100%"),
    ),
    Case(
        "rate-too-low-payout",
        "values.rate-too-low",
        "管护补助资金发放率",
        added(row("时效", "管护补助资金发放率", "≥80%")),
        added(row("时效", "管护补助资金发放率", "100%")),
    ),
    Case(
        "rate-too-low-compliance",
        "values.rate-too-low",
        "政府采购合规率",
        added(row("质量", "政府采购合规率", "≥80%")),
        added(row("质量", "政府采购合规率", "100%")),
    ),
    # --- a part larger than its whole
    Case(
        "part-households",
        "values.part-exceeds-whole",
        "其中:脱贫户受益户数",
        target(
            edit(
                put={
                    "受益农户数": row("社会", "受益农户数", "≥8600户"),
                    "设施正常使用年限": row("社会", "其中:脱贫户受益户数", "≥9200户"),
                }
            )
        ),
        target(
            edit(
                put={
                    "受益农户数": row("社会", "受益农户数", "≥8600户"),
                    "设施正常使用年限": row("社会", "其中:脱贫户受益户数", "≥920户"),
                }
            )
        ),
    ),
    Case(
        "subgroup-without-qizhong",
        "values.part-exceeds-whole",
        "受益脱贫农户数",
        added(row("数量", "受益脱贫农户数", "≥9200户")),
        added(row("数量", "受益脱贫农户数", "≥1200户")),
    ),
    Case(
        "part-people",
        "values.part-exceeds-whole",
        "其中:培训种粮大户",
        added(row("数量", "培训管护人员", "≥300人"), row("数量", "其中:培训种粮大户", "≥450人")),
        added(row("数量", "培训管护人员", "≥300人"), row("数量", "其中:培训种粮大户", "≥45人")),
    ),
    # --- the name and the value disagreeing; a rate given in days
    Case(
        "name-says-100",
        "values.name-value-mismatch",
        "泵站完好率100%",
        put("泵站完好率", "质量", "泵站完好率100%", "≥95%"),
        put("泵站完好率", "质量", "泵站完好率", "≥95%"),
    ),
    Case(
        "name-says-100-payout",
        "values.name-value-mismatch",
        "资金拨付到位率达100%",
        added(row("时效", "资金拨付到位率达100%", "≥98%")),
        added(row("时效", "资金拨付到位率", "≥98%")),
    ),
    Case(
        "rate-in-days",
        "values.name-value-mismatch",
        "渠道故障维修及时率",
        added(row("时效", "渠道故障维修及时率", "≤3天")),
        added(row("时效", "渠道故障维修及时率", "≥95%")),
    ),
    Case(
        "rate-in-hours",
        "values.name-value-mismatch",
        "泵站报修响应率",
        added(row("时效", "泵站报修响应率", "48小时内")),
        added(row("时效", "泵站报修响应率", "≥98%")),
    ),
    Case(
        "count-as-percent",
        "values.name-value-mismatch",
        "应管护泵站数",
        added(row("数量", "应管护泵站数", "100%")),
        added(row("数量", "应管护泵站数", "36座")),
    ),
    # --- a satisfaction figure filed as a benefit
    Case(
        "satisfaction-as-social-benefit",
        "structure.satisfaction-as-benefit",
        "群众满意度",
        added(row("社会", "群众满意度", "≥90%")),
        added(row("满意度", "群众满意度", "≥90%")),
    ),
    Case(
        "satisfaction-as-sustainable",
        "structure.satisfaction-as-benefit",
        "种粮大户满意率",
        added(row("可持续", "种粮大户满意率", "≥85%")),
        added(row("满意度", "种粮大户满意率", "≥85%")),
    ),
    # --- a row under the wrong category
    Case(
        "count-as-quality",
        "structure.wrong-category",
        "渠道巡查维护",
        added(row("质量", "渠道巡查维护", "≥24次")),
        added(row("数量", "渠道巡查维护", "≥24次")),
    ),
    Case(
        "period-as-benefit",
        "structure.wrong-category",
        "管护期限",
        added(row("可持续", "管护期限", "2025年1月--2025年12月")),
        added(row("时效", "管护期限", "2025年1月--2025年12月")),
    ),
    # --- template text left in
    Case(
        "template-stars",
        "values.template-text",
        None,
        put("受益农户数", "社会", "★★★受益农户数", "≥8600户"),
        target(),
    ),
    Case(
        "template-placeholder",
        "values.template-text",
        None,
        put("管护泵站数量", "数量", "管护泵站数量(≥**座)", "36座"),
        target(),
    ),
    Case(
        "template-word-limit",
        "values.template-text",
        None,
        target(goal="年度绩效目标…(100字以内)"),
        target(),
    ),
    Case(
        "template-blank-value",
        "values.template-text",
        None,
        put("受益农户数", "社会", "受益农户数", "≥**户"),
        target(),
    ),
    Case(
        "template-crosses-value",
        "values.template-text",
        None,
        put("受益农户数", "社会", "受益农户数", "≥XX户"),
        target(),
    ),
    # --- empty values
    Case(
        "empty-quantity",
        "values.empty",
        "管护泵站数量",
        put("管护泵站数量", "数量", "管护泵站数量", ""),
        target(),
    ),
    Case(
        "empty-benefit",
        "values.empty",
        "灌区粮食亩产增加",
        put("灌区粮食亩产增加", "经济", "灌区粮食亩产增加", ""),
        target(),
    ),
    # --- vague words
    Case(
        "vague-excellent",
        "values.vague",
        "渠道管护质量",
        added(row("质量", "渠道管护质量", "优良")),
        added(row("质量", "渠道管护质量", "验收合格率100%")),
    ),
    Case(
        "vague-improved",
        "values.vague",
        "农田灌溉条件",
        added(row("社会", "农田灌溉条件", "显著提升了灌溉保障能力")),
        added(row("社会", "有效灌溉面积", "≥2.3万亩")),
    ),
    Case(
        "vague-effective",
        "values.vague",
        "灌溉用水保障",
        added(row("可持续", "灌溉用水保障", "有效")),
        added(row("可持续", "灌溉用水保证率", "≥90%")),
    ),
    Case(
        "vague-adjective",
        "values.vague",
        "灌区群众认可程度",
        added(row("社会", "灌区群众认可程度", "较高")),
        added(row("社会", "灌区群众认可程度", "≥85%")),
    ),
    # --- 及时 / 按计划实施 as a timeliness target
    Case(
        "timeliness-timely",
        "timeliness.unclear",
        "管护任务完成时间",
        put("管护任务完成时间", "时效", "管护任务完成时间", "及时"),
        target(),
    ),
    Case(
        "timeliness-as-planned",
        "timeliness.unclear",
        "管护任务完成时间",
        put("管护任务完成时间", "时效", "管护任务完成时间", "按计划实施"),
        target(),
    ),
    # --- a goal with no indicator
    Case(
        "goal-uncovered-reform",
        "relevance.goal-uncovered",
        None,
        target(goal=GOAL + "目标3:开展小型水利工程产权制度改革试点,明确管护主体和责任。"),
        added(
            row("数量", "小型水利工程产权制度改革试点村", "≥3个"),
            goal=GOAL + "目标3:开展小型水利工程产权制度改革试点,明确管护主体和责任。",
        ),
    ),
    Case(
        "goal-uncovered-monitoring",
        "relevance.goal-uncovered",
        None,
        target(goal=GOAL + "目标3:建设墒情监测站点,建立土壤墒情动态监测预警体系。"),
        added(
            row("数量", "新建墒情监测站点", "≥12个"),
            goal=GOAL + "目标3:建设墒情监测站点,建立土壤墒情动态监测预警体系。",
        ),
    ),
    # --- point 4: full marks with an empty actual, or 完成 against a numeric target
    Case(
        "full-marks-empty-actual",
        "selfeval.full-marks-unsupported",
        "补助低保对象人数",
        se_put("补助低保对象人数", "数量", "补助低保对象人数", "≥3500人", "", "15", "15"),
        selfeval(),
    ),
    Case(
        "full-marks-done",
        "selfeval.full-marks-unsupported",
        "补助低保对象人数",
        se_put("补助低保对象人数", "数量", "补助低保对象人数", "≥3500人", "完成", "15", "15"),
        selfeval(),
    ),
    Case(
        "full-marks-word",
        "selfeval.full-marks-unsupported",
        "补助低保对象人数",
        se_put("补助低保对象人数", "数量", "补助低保对象人数", "≥3500人", "达标", "15", "15"),
        selfeval(),
    ),
    Case(
        "full-marks-good",
        "selfeval.full-marks-unsupported",
        "补助低保对象人数",
        se_put("补助低保对象人数", "数量", "补助低保对象人数", "≥3500人", "良好", "15", "15"),
        selfeval(),
    ),
    # --- exceeding a ceiling is a violation
    Case(
        "ceiling-per-person",
        "selfeval.ceiling-exceeded",
        "人均补助标准",
        se_put(
            "人均补助标准",
            "成本",
            "人均补助标准",
            "≤1200元/人",
            "1320元/人",
            "10",
            "9",
            total="98.5",
        ),
        selfeval(),
    ),
    Case(
        "ceiling-per-household",
        "selfeval.ceiling-exceeded",
        "户均补助成本",
        se_put(
            "人均补助标准",
            "成本",
            "户均补助成本",
            "≤5300元/户",
            "5830元/户",
            "10",
            "9",
            total="98.5",
        ),
        se_put("人均补助标准", "成本", "户均补助成本", "≤5300元/户", "5120元/户", "10", "10"),
    ),
    Case(
        "ceiling-actual-without-per-unit",
        "selfeval.ceiling-exceeded",
        "人均补助标准",
        se_put(
            "人均补助标准",
            "成本",
            "人均补助标准",
            "≤1200元/人",
            "1320元",
            "10",
            "9.09",
            "物价上涨提高标准",
            total="98.59",
        ),
        se_put("人均补助标准", "成本", "人均补助标准", "≤1200元/人", "1100元", "10", "10"),
    ),
    # --- weights that add up to 110
    Case(
        "weights-110",
        "selfeval.weights-total",
        None,
        se_put(
            "低保对象满意度", "满意度", "低保对象满意度", "≥90%", "93%", "20", "20", total="109.5"
        ),
        selfeval(),
    ),
    # --- a self-score inconsistent with 100 % completion
    Case(
        "achieved-score-cut-rate",
        "selfeval.score-below-achieved",
        "补助发放准确率",
        se_put(
            "补助发放准确率", "质量", "补助发放准确率", "100%", "100%", "15", "10", total="94.5"
        ),
        selfeval(),
    ),
    Case(
        "achieved-score-cut-count",
        "selfeval.score-below-achieved",
        "补助低保对象人数",
        se_put(
            "补助低保对象人数",
            "数量",
            "补助低保对象人数",
            "≥3500人",
            "3620人",
            "15",
            "12",
            total="96.5",
        ),
        selfeval(),
    ),
    # --- the total row contradicting the 财政拨款 row
    Case(
        "total-row-zero",
        "selfeval.execution-rows-contradict",
        None,
        selfeval(
            funds=(("0", "0", "0", "10", "0", "0"), ("420", "420", "399", "-", "-", "-")),
            total="90",
        ),
        selfeval(),
    ),
    # --- a last row left blank: the table is whole (its border closes the empty cell)
    Case(
        "empty-value-on-the-last-row",
        "values.empty",
        "受益农户满意度",
        put("受益农户满意度", "满意度", "受益农户满意度", ""),
        target(),
    ),
)


def _fired(found: Sequence[Finding], code: str, indicator: str | None) -> list[Finding]:
    return [f for f in found if f.code == code and (indicator is None or f.indicator == indicator)]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fault_raises_its_code(case: Case) -> None:
    found = findings(case.bad)
    assert _fired(found, case.code, case.indicator), [(f.code, f.indicator) for f in found]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_clean_twin_is_quiet(case: Case) -> None:
    found = findings(case.clean)
    assert not _fired(found, case.code, None), [(f.code, f.indicator) for f in found]


@pytest.mark.parametrize("text", [target(), selfeval()], ids=["target", "selfeval"])
def test_base_tables_raise_nothing(text: str) -> None:
    assert [(f.code, f.indicator) for f in findings(text)] == []


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_indicator_unrelated_stays_a_hint(case: Case) -> None:
    # relevance.indicator-unrelated is only sure enough for an info: never a warning here.
    for text in (case.bad, case.clean):
        assert not _fired(findings(text), "relevance.indicator-unrelated", None)


def _other(name: str, total: str, goal: str, rows: Sequence[Row]) -> str:
    text = target(rows, goal=goal, total=total)
    return text.replace("青溪县高标准农田灌溉设施管护", name)


# Clean tables of other projects, written the ways units write them (其中 rows, 元/人·天,
# "开学后1个月内", 万人次): a reviewer finds nothing to raise, so neither may the review.
OTHER_CLEAN = {
    "school-meals": _other(
        "东平县农村义务教育学生营养改善计划",
        "980",
        "目标1:为全县农村义务教育阶段学生提供营养膳食补助,每生每天5元;"
        "目标2:改善学生营养健康状况,提高学生体质。",
        rows(
            "数量 受助学生人数 ≥9800人; 数量 其中:寄宿制学生人数 ≥2100人; "
            "质量 膳食补助资金发放准确率 100%; 质量 食品安全事故 0起; "
            "时效 补助资金拨付时间 每学期开学后1个月内; 成本 膳食补助标准 5元/人·天; "
            "社会 学生营养健康状况改善率 ≥80%; "
            "可持续 营养改善计划长效机制 持续实施3年以上; 满意度 学生及家长满意度 ≥90%"
        ),
    ),
    "rural-roads": _other(
        "白河镇农村公路养护",
        "156",
        "目标1:完成全镇农村公路日常养护130公里;目标2:修复水毁路段,保障群众安全出行。",
        rows(
            "数量 日常养护里程 ≥130公里; 数量 修复水毁路段 ≥8处; "
            "质量 公路优良中等路率 ≥85%; 时效 水毁路段修复时间 2025年10月底前; "
            "成本 日常养护成本 ≤1.0万元/公里; 成本 水毁修复成本 ≤3万元/处; "
            "社会 农村公路安全事故发生率 同比下降; 可持续 公路使用寿命 延长2年以上; "
            "满意度 沿线群众满意度 ≥90%"
        ),
    ),
    "library": _other(
        "南城区图书馆免费开放",
        "85",
        "开展全民阅读活动,保障图书馆免费开放,满足群众基本文化需求。",
        rows(
            "数量 举办阅读推广活动 ≥60场; 数量 新增馆藏图书 ≥8000册; "
            "质量 图书上架准确率 ≥99%; 时效 免费开放时间 每周开放≥56小时; "
            "成本 图书购置成本 ≤40万元; 成本 活动经费 ≤30万元; "
            "社会 年接待读者人次 ≥15万人次; 可持续 读者注册数年增长率 ≥5%; "
            "满意度 读者满意度 ≥92%"
        ),
    ),
}


@pytest.mark.parametrize("text", OTHER_CLEAN.values(), ids=OTHER_CLEAN.keys())
def test_clean_tables_of_other_projects_raise_nothing(text: str) -> None:
    assert [(f.code, f.indicator) for f in findings(text)] == []


_FOREST_ROWS: tuple[Row, ...] = rows(
    "数量 完成造林面积 ≥1500亩 1620亩 10 10; "
    "数量 培训护林员 ≥120人次 135人次 5 5; "
    "质量 苗木成活率 ≥85% 91.2% 10 10; "
    "质量 森林火灾发生次数 0次 无 5 5; "
    "时效 造林任务完成时间 2024年4月底前 2024年4月20日 10 10; "
    "成本 造林成本 ≤1800元/亩 1750元/亩 10 10; "
    "生态 森林覆盖率提高 ≥0.2个百分点 0.25个百分点 20 20; "
    "社会 带动农户务工增收 ≥50万元 56万元 10 10; "
    "满意度 林农满意度 ≥90% 94% 10 10"
)


FUNDS_PAID_300: Row = ("300", "300", "300", "-", "-", "-")


def _forest(rows: Sequence[Row], funds: tuple[Row, Row], total: str) -> str:
    text = selfeval(rows, funds=funds, total=total)
    return (
        text.replace("临川区城乡低保对象临时生活补助", "桐柏县2024年国土绿化造林")
        .replace(
            "为全区低保对象按月发放临时生活补助,保障困难群众基本生活。",
            "完成人工造林1500亩,提高森林覆盖率。",
        )
        .replace(
            "全年为3620名低保对象按月发放补助399万元,困难群众基本生活得到保障。",
            "完成人工造林1620亩,苗木成活率91.2%。",
        )
    )


# A self-evaluation done properly, once met in full and once short with its reason given;
# a fire count kept at 0 (answered "无") is a quality row and a measurement.
OTHER_CLEAN_SELFEVAL = {
    "forest-met": _forest(
        _FOREST_ROWS, (("300", "300", "300", "10", "100%", "10"), FUNDS_PAID_300), "100"
    ),
    "forest-short-explained": _forest(
        (
            se_row(
                "数量",
                "完成造林面积",
                "≥1500亩",
                "1380亩",
                "10",
                "9.2",
                "受干旱影响部分地块延后栽植",
            ),
            *_FOREST_ROWS[1:],
        ),
        (("300", "300", "285", "10", "95%", "9.5"), ("300", "300", "285", "-", "-", "-")),
        "98.7",
    ),
}


@pytest.mark.parametrize("text", OTHER_CLEAN_SELFEVAL.values(), ids=OTHER_CLEAN_SELFEVAL.keys())
def test_clean_selfevaluations_of_other_projects_raise_nothing(text: str) -> None:
    assert [(f.code, f.indicator) for f in findings(text)] == []


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_same_in_tab_form(case: Case) -> None:
    assert _fired(findings(tabbed(case.bad)), case.code, case.indicator)
    assert not _fired(findings(tabbed(case.clean)), case.code, None)


def test_reason_missing_names_the_units_own_score() -> None:
    # 3300 of ≥3500人 scored 13 of 15 with no reason: the message quotes 13/15, the unit's score.
    text = se_put(
        "补助低保对象人数",
        "数量",
        "补助低保对象人数",
        "≥3500人",
        "3300人",
        "15",
        "13",
        total="97.5",
    )
    found = _fired(findings(text), "selfeval.reason-missing", "补助低保对象人数")
    assert found and all("(13/15)" in f.message for f in found), [f.message for f in found]


# Clean tables with several numbered goals ("目标1…", "一是…"): each task has its row, so
# relevance.goal-uncovered must not fire though the tasks share the project's words.
OTHER_CLEAN_GOALS = {
    "drinking-water": _other(
        "安平县农村饮水安全工程维修养护",
        "200",
        "目标1:完成30处农村饮水工程维修养护;目标2:保障农村群众饮水安全,提升供水保证率;"
        "目标3:加强水质检测,确保水质达标。",
        rows(
            "数量 维修养护饮水工程 ≥30处; 质量 水质检测合格率 ≥95%; "
            "时效 维修完成时间 2025年11月底前; 成本 单处维修成本 ≤6万元/处; "
            "社会 受益人口 ≥2.6万人; 可持续 工程正常运行率 ≥95%; "
            "满意度 受益群众满意度 ≥90%"
        ),
    ),
    "home-care": _other(
        "城关镇居家养老服务补助",
        "200",
        "一是为辖区80周岁以上老人提供居家养老上门服务;二是建设2个社区日间照料中心;"
        "三是开展养老护理员培训,提升服务质量。",
        rows(
            "数量 上门服务老人 ≥600人; 数量 新建日间照料中心 2个; "
            "数量 培训养老护理员 ≥80人次; 质量 服务质量抽查合格率 ≥95%; "
            "时效 服务补助发放时间 每季度末前; 成本 上门服务补助标准 ≤200元/人·月; "
            "社会 老年人生活质量改善 ≥80%受访老人认可; 满意度 服务对象满意度 ≥90%"
        ),
    ),
    "forest-fire": _other(
        "林区森林防火专项经费",
        "200",
        "目标1:购置扑火机具,提升森林火灾扑救能力;"
        "目标2:开展防火宣传和巡护,森林火灾受害率控制在0.9‰以内。",
        rows(
            "数量 购置风力灭火机 ≥40台; 数量 防火巡护 ≥300次; "
            "数量 发放防火宣传资料 ≥5000份; 质量 设备验收合格率 100%; "
            "时效 设备采购完成时间 2025年3月底前; 成本 设备购置成本 ≤120万元; "
            "生态 森林火灾受害率 ≤0.9‰; 满意度 林区群众满意度 ≥90%"
        ),
    ),
}


@pytest.mark.parametrize("text", OTHER_CLEAN_GOALS.values(), ids=OTHER_CLEAN_GOALS.keys())
def test_clean_tables_with_numbered_goals_raise_nothing(text: str) -> None:
    assert [(f.code, f.indicator) for f in findings(text)] == []
