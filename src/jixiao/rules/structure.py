"""Structure and completeness: three levels from the rule set's tree, every category present."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.model.indicator import Indicator
from jixiao.model.project import TargetTable
from jixiao.model.taxonomy import (
    BENEFIT,
    ECOLOGICAL_BENEFIT,
    ECONOMIC_BENEFIT,
    OUTPUT,
    QUALITY,
    SATISFACTION,
    canonical_level1,
    canonical_level2,
)
from jixiao.rules.base import Config, Finding, Rule
from jixiao.rules.helpers import (
    ALL_KINDS,
    applicable,
    fits_as_written,
    hit,
    is_cost,
    norm_name,
    placed,
    setting,
    tree_of,
)


def _level1_missing(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    tree = tree_of(cfg)
    for ind in table.indicators:
        if ind.not_applicable and not ind.name.strip():
            continue
        level1, _ = placed(ind, tree)
        if level1 is None:
            continue
        if ind.level1_inferred or not ind.level1.strip():
            # A blank 一级 is most often a merged cell the reader could not follow (the
            # original has it), so the inferred category is noted, not blamed on the unit.
            yield hit(
                f"未识别到该行的一级指标,按二级指标“{ind.level2}”归入“{level1}”,请核对原表。",
                table=table,
                ind=ind,
                unsure=True,
            )
        elif not fits_as_written(ind):
            yield hit(
                f"二级指标“{ind.level2}”不属于一级指标“{ind.level1}”,应列在“{level1}”下。",
                table=table,
                ind=ind,
            )


def _unknown_level(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    tree = tree_of(cfg)
    for ind in table.indicators:
        if ind.level2.strip() and canonical_level2(ind.level2) is None:
            yield hit(f"二级指标“{ind.level2}”不在{tree.name}指标体系中。", table=table, ind=ind)
        elif (
            ind.level1.strip() and not ind.level1_inferred and canonical_level1(ind.level1) is None
        ):
            yield hit(f"一级指标“{ind.level1}”不在{tree.name}指标体系中。", table=table, ind=ind)


# The dimensions of the evaluation framework (财预〔2020〕10号 附件: 决策、过程、产出、效益)
# that only make sense when an evaluator scores how a project was run: "项目决策",
# "过程指标" heading rows of a target or self-evaluation table are that scheme copied in.
_SCORE_NOTE = re.compile(r"[（(][^)）]*[)）]")  # "项目决策(20分)"
_EVALUATION_LEVEL = re.compile(r"^(?:项目)?(?:决策|过程|管理过程|实施过程)(?:指标|目标)?$")


def _evaluation_levels(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    # One finding for the table: the whole layout follows the wrong scheme, not one row.
    found = dict.fromkeys(
        ind.level1.strip()
        for ind in table.indicators
        if not ind.level1_inferred
        and _EVALUATION_LEVEL.match(_SCORE_NOTE.sub("", norm_name(ind.level1)))
    )
    if found:
        shown = "、".join(f"“{name}”" for name in found)
        yield hit(
            f"一级指标{shown}是绩效评价指标体系(决策、过程、产出、效益)的维度,"
            "不是绩效目标; 目标表和自评表的一级指标应为产出、效益、满意度(及成本)指标。",
            table=table,
        )


def _duplicate_name(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for ind in table.indicators:
        name = norm_name(ind.name)
        if not name or ind.not_applicable:
            continue
        key = (canonical_level2(ind.level2) or norm_name(ind.level2), name)
        if key in seen:
            yield hit(f"“{ind.level2}”下三级指标“{ind.name}”重复出现。", table=table, ind=ind)
        seen.add(key)


def _too_few(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    minimum = int(setting(cfg, "min_indicators", 3))
    count = sum(1 for _ in applicable(table))
    if count < minimum:
        yield hit(f"适用的三级指标只有 {count} 个,至少应有 {minimum} 个。", table=table)


def _has_category(table: TargetTable, cfg: Config, category: str) -> bool:
    tree = tree_of(cfg)
    return any(placed(i, tree)[0] == category for i in applicable(table) if i.name.strip())


def _missing_output(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    if not _has_category(table, cfg, OUTPUT):
        yield hit("没有适用的产出指标(数量、质量、时效等)。", table=table)


def _missing_benefit(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    tree = tree_of(cfg)
    # A satisfaction figure filed under 效益 measures no effect of the project.
    real = [
        i
        for i in applicable(table)
        if i.name.strip() and placed(i, tree)[0] == BENEFIT and "满意" not in i.name
    ]
    if real:
        return
    if _has_category(table, cfg, BENEFIT):
        yield hit("效益指标只有满意度,没有反映项目效果的效益指标。", table=table)
    else:
        yield hit("没有适用的效益指标(经济、社会、生态效益或可持续影响)。", table=table)


_TIME_NAME = re.compile(r"(期限|周期|时限|时间|工期)\s*$")
# "急救平均反应时间 ≤15分钟", "群众办事平均等候时间": a time measured on the service
# each time it is used is an effect on the people served, not the project's deadline.
_SERVICE_TIME = re.compile(r"平均|反应|响应|等候|等待|候诊|到达|出警|通行|通勤|办理")
_SPAN_VALUE = re.compile(r"(19|20)\d{2}\s*[年.\-/]\s*\d{1,2}\s*月?\s*[-—–~～至到]+")
_PROCESS_RATE = re.compile(r"(发放|支付|拨付|执行|到位|完成|及时)率")
_COUNT_UNITS = ("次", "个", "场", "件", "台", "套", "批", "批次", "项", "期", "人次", "场次")
_QUALITY_WORDS = re.compile(r"率|合格|达标|质量|标准|优良|准确")
# A count of failures kept at or below a ceiling (森林火灾发生次数 0次, 投诉 ≤2件) measures
# how well the work was done: a quality row, as units and reviewers file it.
_HARM_WORDS = re.compile(r"事故|火灾|投诉|差错|失误|违规|违纪|违法|返工|缺陷|故障|漏发|错发|伤亡")


# Under 经济效益, a row about lives and safety is a social effect (人员伤亡事故 0人次);
# under 生态效益, a row about money and cost is an economic one (控制基建项目成本).
_SOCIAL_ONLY = re.compile(r"伤亡|死亡|事故|火灾|治安|社会稳定")
_ECONOMIC_WORDS = re.compile(
    r"收入|增收|产值|经济|节约|成本|利润|税|元|价值|产业|销售|投资|消费|损失"
)
_ECOLOGICAL_WORDS = re.compile(
    r"生态|环境|绿化|污染|排放|节能|能耗|水|土|林|空气|植被|碳|垃圾|卫生"
)


def _misplaced_benefit(ind: Indicator, level2: str | None) -> str | None:
    name = ind.name
    if level2 == ECONOMIC_BENEFIT and _SOCIAL_ONLY.search(name):
        if not _ECONOMIC_WORDS.search(name):
            return f"“{name}”关乎人身安全与社会秩序,属社会效益,不是经济效益。"
    if level2 == ECOLOGICAL_BENEFIT and re.search(r"成本|收入|产值|利润", name):
        if not _ECOLOGICAL_WORDS.search(name):
            return f"“{name}”关乎成本与收入,属经济效益,不是生态效益。"
    return None


def _misplaced(ind: Indicator, level1: str | None, level2: str | None) -> str | None:
    value = ind.value
    benefit = _misplaced_benefit(ind, level2)
    if benefit:
        return benefit
    deadline = _TIME_NAME.search(ind.name) and not _SERVICE_TIME.search(ind.name)
    if level1 == BENEFIT and (deadline or _SPAN_VALUE.search(value.raw)):
        return f"“{ind.name}”({value.raw})是期限,属产出指标›时效指标,不是效益。"
    if level1 == BENEFIT and _PROCESS_RATE.search(ind.name):
        return f"“{ind.name}”反映资金或工作进度,属产出指标(质量或时效),不是效益。"
    unit = (value.unit or "").strip()
    if (
        level2 == QUALITY
        and value.is_quantitative
        and not value.is_percent
        and unit in _COUNT_UNITS
        and not _QUALITY_WORDS.search(ind.name)
        and not (_HARM_WORDS.search(ind.name) and (value.number == 0 or value.op in ("≤", "<")))
    ):
        return f"“{ind.name}”({value.raw})是数量,应列在数量指标下,不是质量指标。"
    if (
        level1 == SATISFACTION
        and "满意" not in ind.name + value.raw
        and not re.search(r"[0-9０-９%％]", ind.name)  # cells run together: not sure
    ):
        return f"“{ind.name}”不是服务对象满意度,不应列在满意度指标下。"
    return None


def _wrong_category(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    tree = tree_of(cfg)
    for ind in applicable(table):
        if not ind.name.strip():
            continue
        level1, level2 = placed(ind, tree)
        problem = _misplaced(ind, level1, level2)
        if problem:
            yield hit(problem, table=table, ind=ind)


def _missing_satisfaction(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    if not _has_category(table, cfg, SATISFACTION):
        yield hit("没有满意度指标(服务对象满意度)。", table=table)


def _cost_missing(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    if not any(is_cost(i) and i.name.strip() for i in applicable(table)):
        yield hit("没有成本指标。", table=table)


_WHY_TREE = "财预〔2021〕101号 / 各地目标表模板: 绩效指标按一级、二级、三级指标体系填列。"

LEVEL1_MISSING = Rule(
    code="structure.level1-missing",
    severity="warning",
    title="一级指标缺失或错位",
    why=_WHY_TREE + " 一级指标缺失时按二级指标推断并提示。",
    bad="(空) › 社会效益指标 › 加强职工群众思想政治引领",
    good="效益指标 › 社会效益指标 › 加强职工群众思想政治引领",
    check=_level1_missing,
    criterion="完整性",
    kinds=ALL_KINDS,
)

UNKNOWN_LEVEL = Rule(
    code="structure.unknown-level",
    severity="warning",
    title="指标层级名称不在指标体系中",
    why=_WHY_TREE,
    bad="产出指标 › 工作指标 › 完成培训",
    good="产出指标 › 数量指标 › 完成培训",
    check=_unknown_level,
    criterion="完整性",
    kinds=ALL_KINDS,
)

EVALUATION_LEVELS = Rule(
    code="structure.evaluation-levels",
    severity="warning",
    title="一级指标套用了绩效评价的决策/过程维度",
    why="财预〔2020〕10号 附件: 决策、过程是绩效评价指标体系中评价项目立项和管理的维度; "
    "财预〔2021〕101号: 绩效目标(及其自评)的一级指标为产出、效益、满意度和成本指标。",
    bad="项目决策 › 数量指标 › 宣传次数",
    good="产出指标 › 数量指标 › 宣传次数",
    check=_evaluation_levels,
    criterion="完整性",
    kinds=ALL_KINDS,
)

DUPLICATE_NAME = Rule(
    code="structure.duplicate-name",
    severity="warning",
    title="同一二级指标下三级指标重名",
    why="重复的指标使权重和评价重复计算; 评审中常见的问题。",
    bad="数量指标: 培训人数 ≥100人; 数量指标: 培训人数 ≥120人",
    good="数量指标: 培训人数 ≥100人; 数量指标: 培训场次 ≥4场",
    check=_duplicate_name,
    criterion="完整性",
    kinds=ALL_KINDS,
)

TOO_FEW = Rule(
    code="structure.too-few",
    severity="warning",
    title="三级指标过少",
    why="财预〔2015〕88号 完整性: 指标应细化; 一般要求三级指标不少于3个。",
    bad="只有“劳模满意度 ≥95%”一个指标",
    good="数量、质量、时效、成本、效益和满意度各有指标",
    check=_too_few,
    criterion="完整性",
    kinds=ALL_KINDS,
    whole_table=True,
)

MISSING_OUTPUT = Rule(
    code="completeness.missing-output",
    severity="error",
    title="缺少产出指标",
    why="财预〔2021〕101号: 产出指标是绩效指标的必备一级指标。",
    bad="只有效益指标和满意度指标",
    good="产出指标 › 数量指标 › 表彰劳模和先进工作者 149人",
    check=_missing_output,
    criterion="完整性",
    kinds=ALL_KINDS,
    whole_table=True,
)

MISSING_BENEFIT = Rule(
    code="completeness.missing-benefit",
    severity="error",
    title="缺少效益指标",
    why="财预〔2021〕101号: 效益指标反映项目实施的效果,是必备一级指标。",
    bad="效益指标全部“不适用”",
    good="效益指标 › 社会效益指标 › 困难职工解困脱困率 100%",
    check=_missing_benefit,
    criterion="完整性",
    kinds=ALL_KINDS,
    whole_table=True,
)

MISSING_SATISFACTION = Rule(
    code="completeness.missing-satisfaction",
    severity="warning",
    title="缺少满意度指标",
    why="财预〔2021〕101号: 满意度指标反映服务对象的认可程度,原则上应设置。",
    bad="没有满意度指标行",
    good="满意度指标 › 服务对象满意度指标 › 劳模满意度 ≥95%",
    check=_missing_satisfaction,
    criterion="完整性",
    kinds=ALL_KINDS,
    whole_table=True,
)

COST_MISSING = Rule(
    code="cost.missing",
    severity="warning",
    title="缺少成本指标",
    why="财预〔2021〕101号 把成本指标列为一级指标; 安徽旧模板也要求产出›成本指标。",
    bad="产出指标只有数量、质量、时效",
    good="成本指标: 项目总金额 ≤74.5万元",
    check=_cost_missing,
    criterion="完整性",
    kinds=ALL_KINDS,
    whole_table=True,
)

WRONG_CATEGORY = Rule(
    code="structure.wrong-category",
    severity="warning",
    title="指标列在了错误的类别下",
    why=_WHY_TREE
    + " 期限属时效、次数属数量、资金发放率属产出,人员伤亡属社会效益、成本收入属经济效益;"
    "列错类别会使效益虚高、评价失真(财预〔2015〕88号 相关性)。",
    bad="可持续影响指标 › 保障期限: 2020年1月--2020年11月 / 质量指标 › 仪器维修维护: ≥4次",
    good="时效指标 › 保障期限: 2020年11月底前 / 数量指标 › 仪器维修维护: ≥4次",
    check=_wrong_category,
    criterion="相关性",
    kinds=ALL_KINDS,
)


def _same(a: str, b: str) -> bool:
    return norm_name(a) == norm_name(b) != ""


def _name_is_value(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    # "100万 | 100万 | 100万": the third-level name column holds the value itself, so
    # nobody can tell what is measured (a cost of what, a deadline of what).
    for ind in applicable(table):
        if _same(ind.name, ind.value.raw):
            yield hit(
                f"三级指标没有名称: 名称栏与指标值都只写“{ind.value.raw.strip()}”,"
                "看不出衡量的是什么。",
                table=table,
                ind=ind,
            )


NAME_IS_VALUE = Rule(
    code="structure.name-is-value",
    severity="warning",
    title="三级指标没有名称(名称栏只写了指标值)",
    why="财预〔2021〕101号 / 各地目标表模板: 三级指标应写明衡量的内容(如“项目总成本”“完成时间”),"
    "指标值另列; 名称栏只写“100万”“2020年”无法判断衡量对象。",
    bad="成本指标 › 100万: 100万",
    good="成本指标 › 项目总成本: ≤100万元",
    check=_name_is_value,
    criterion="完整性",
    kinds=ALL_KINDS,
)


def _weights_over(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    # Templates with a 权重 column (Sichuan, Chongqing): the indicators share 100 points,
    # or 90 where budget execution keeps 10. Above 100 the weights cannot be a scheme;
    # below it is left alone (the execution share, a row the reader lost). The
    # self-evaluation's 分值 have their own check (selfeval.weights-total).
    rows = list(applicable(table))
    weights = [i.weight for i in rows]
    if len(rows) < 2 or any(w is None for w in weights):
        return
    total = sum((w for w in weights if w is not None), Decimal(0))
    if total > 100:
        yield hit(
            f"各指标权重合计 {total.normalize():f} 分,超过100分; 应按评分方案分配权重。",
            table=table,
        )


WEIGHTS_OVER = Rule(
    code="structure.weights-over",
    severity="warning",
    title="指标权重合计超过100",
    why="财预〔2020〕10号 附件及各地目标表模板: 绩效指标权重(分值)合计为100分"
    "(预算执行率另占10分时为90分); 超过100说明分配有误, 评价时无法按权重计分。",
    bad="6个指标权重 40+20+10+10+20+10 = 110",
    good="6个指标权重 30+20+10+10+20+10 = 100",
    check=_weights_over,
    criterion="完整性",
    kinds=("target", "monitoring"),
)

RULES = (
    LEVEL1_MISSING,
    NAME_IS_VALUE,
    WRONG_CATEGORY,
    UNKNOWN_LEVEL,
    EVALUATION_LEVELS,
    DUPLICATE_NAME,
    TOO_FEW,
    MISSING_OUTPUT,
    MISSING_BENEFIT,
    MISSING_SATISFACTION,
    COST_MISSING,
    WEIGHTS_OVER,
)
