"""Target values: quantified where possible, precise, plausible, dated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.model.indicator import Indicator
from jixiao.model.project import TargetTable
from jixiao.model.taxonomy import QUANTITY, SATISFACTION, TIMELINESS, canonical_level2
from jixiao.rules.base import Config, Finding, Rule
from jixiao.rules.helpers import (
    ALL_KINDS,
    applicable,
    decimal_setting,
    hit,
    is_cost,
    placed,
    tree_of,
)

# Words that claim an effect without saying how much (DOMAIN.md: 明显, 显著, 有效 …).
VAGUE_WORDS = (
    "明显", "显著", "有效", "提高", "提升", "良好", "较好", "增强", "改善", "加强",
    "促进", "长远", "积极", "突出", "增加", "优化", "好转",
)  # fmt: skip
# Filler that adds nothing verifiable around a vague word ("成效", "较为", "得到").
FILLER_WORDS = (
    "成效", "效果", "效益", "作用", "影响", "较为", "比较", "较", "更加", "很", "非常",
    "得到", "有所", "大幅", "进一步", "逐步", "稳步", "不断", "持续", "进一步", "了", "的",
    "水平", "程度", "度",
)  # fmt: skip
_PUNCT = re.compile(r"[\s,，.。;；:：、!！?？()（）\"“”'‘’《》<>/-]+")
_DIGIT = re.compile(r"[0-9０-９]")
# A 时效 value is clear when it names a date, a period or a deadline.
_TIME_MARK = re.compile(
    r"[0-9０-９一二三四五六七八九十]+\s*(年|月|日|天|周|个?工作日|季度|小时)|本年|年内|年度|当年|"
    r"年底|年末|年初|上半年|下半年|月底|季度|期内|周期|[0-9]{4}[.\-/年]"
)
# Growth rates may exceed 100% or be negative (同比增长150%), so they are spared the range check.
_GROWTH = re.compile(r"增长|增幅|增速|增加率|提高率|提升率|同比|环比|涨幅|上升|下降率|降低率")


def _not_quantified(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    for ind in applicable(table):
        raw = ind.value.raw.strip()
        if ind.value.is_quantitative or not raw or not ind.name.strip():
            continue
        level2 = canonical_level2(ind.level2)
        if level2 == QUANTITY and _DIGIT.search(raw) is None:
            yield hit(
                f"数量指标的指标值“{raw}”没有数量,应写成数字和单位(如“≥10场”)。",
                table=table,
                ind=ind,
            )
        elif is_cost(ind) and _DIGIT.search(raw) is None:
            yield hit(
                f"成本指标的指标值“{raw}”没有金额,应写成金额(如“≤74.5万元”)。", table=table, ind=ind
            )


def is_vague(text: str) -> bool:
    """Given a qualitative value, return whether it is only a vague adjective.

    True when the text holds a vague word and, once vague words and filler are
    removed, at most two characters and no number remain ("成效明显", "较为显著").
    """
    if _DIGIT.search(text):
        return False
    rest = _PUNCT.sub("", text)
    if not any(w in rest for w in VAGUE_WORDS):
        return False
    for word in sorted(VAGUE_WORDS + FILLER_WORDS, key=len, reverse=True):
        rest = rest.replace(word, "")
    return len(rest) <= 2


def _vague(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    for ind in applicable(table):
        raw = ind.value.raw.strip()
        if not ind.value.is_quantitative and raw and is_vague(raw):
            yield hit(
                f"指标值“{raw}”只是笼统的形容,没有可核验的等级、区间或标准。",
                table=table,
                ind=ind,
            )


def _percent_range(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    for ind in applicable(table):
        value = ind.value
        if not (value.is_quantitative and value.is_percent and value.number is not None):
            continue
        if _GROWTH.search(ind.name):
            continue
        high = max(value.number, value.upper or value.number)
        if value.number < 0 or high > 100:
            yield hit(f"百分比“{value.raw}”超出 0–100% 的范围。", table=table, ind=ind)


def _is_satisfaction(ind: Indicator, cfg: Config) -> bool:
    return placed(ind, tree_of(cfg))[0] == SATISFACTION


def _satisfaction_problem(ind: Indicator, minimum: Decimal) -> str | None:
    value = ind.value
    if not value.is_quantitative or not value.is_percent or value.number is None:
        return f"满意度指标值“{value.raw}”不是百分比,应写成“≥90%”这样的形式。"
    if value.op in ("≤", "<"):
        return f"满意度指标值“{value.raw}”用了“≤”,满意度应是下限(≥)。"
    if value.number < minimum:
        return f"满意度目标“{value.raw}”低于 {minimum}%,目标设定偏低。"
    if value.number == 100 and value.upper is None:
        return f"满意度目标“{value.raw}”为100%,难以实现也难以核验。"
    return None


def _satisfaction_suspicious(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    minimum = decimal_setting(cfg, "satisfaction_min", "80")
    for ind in applicable(table):
        if ind.value.raw.strip() and _is_satisfaction(ind, cfg):
            problem = _satisfaction_problem(ind, minimum)
            if problem:
                yield hit(problem, table=table, ind=ind)


def _qualitative_share(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    rows = [i for i in applicable(table) if i.value.raw.strip()]
    if len(rows) < 3:
        return
    share_max = decimal_setting(cfg, "qualitative_share_max", "0.5")
    qualitative = sum(1 for i in rows if not i.value.is_quantitative)
    share = Decimal(qualitative) / Decimal(len(rows))
    if share > share_max:
        yield hit(
            f"{len(rows)} 个指标中有 {qualitative} 个是定性表述(超过 {share_max:.0%}),应尽量量化。",
            table=table,
        )


def _timeliness_unclear(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    for ind in applicable(table):
        raw = ind.value.raw.strip()
        if canonical_level2(ind.level2) != TIMELINESS or not raw or ind.value.is_quantitative:
            continue
        if _TIME_MARK.search(raw) is None:
            yield hit(f"时效指标值“{raw}”没有日期、期限或完成率。", table=table, ind=ind)


_WHY_QUANT = "财预〔2021〕101号: 绩效指标应“量化易评”,能量化的尽量量化,定性指标应可衡量。"

NOT_QUANTIFIED = Rule(
    code="values.not-quantified",
    severity="warning",
    title="应量化的指标写成了文字",
    why=_WHY_QUANT + " 数量指标和成本指标必须有数值。",
    bad="数量指标 › 全市工会“好网民”主题活动: 开展系列活动",
    good="数量指标 › 全市工会“好网民”主题活动: ≥4场",
    check=_not_quantified,
    criterion="相关性",
    kinds=ALL_KINDS,
)

VAGUE = Rule(
    code="values.vague",
    severity="warning",
    title="指标值只是笼统的形容词",
    why=_WHY_QUANT + " 审核中“成效明显”“较为显著”一类表述被列为不可衡量。",
    bad="成效明显",
    good="劳模先进事迹宣传报道 ≥10篇 / 达到“良好”等级(按××评价标准)",
    check=_vague,
    criterion="相关性",
    kinds=ALL_KINDS,
)

PERCENT_RANGE = Rule(
    code="values.percent-range",
    severity="error",
    title="百分比超出0–100%",
    why="完成率、合格率、覆盖率等比率不可能超过100%或为负; 增长率除外。",
    bad="验收合格率 ≥120%",
    good="验收合格率 ≥98%",
    check=_percent_range,
    criterion="可行性",
    kinds=ALL_KINDS,
)

SATISFACTION_SUSPICIOUS = Rule(
    code="values.satisfaction-suspicious",
    severity="warning",
    title="满意度目标可疑",
    why="满意度应以百分比和“≥”表示; 低于80%目标偏低,100%难以实现(适当性审核: 目标过高或过低)。",
    bad="满意度 100% / 满意度 较高",
    good="服务对象满意度 ≥90%",
    check=_satisfaction_suspicious,
    criterion="适当性",
    kinds=ALL_KINDS,
)

QUALITATIVE_SHARE = Rule(
    code="values.qualitative-share",
    severity="warning",
    title="定性指标占比过高",
    why=_WHY_QUANT + " 默认定性指标超过一半时提示(可配置 qualitative_share_max)。",
    bad="8个指标中6个为“成效明显”“按要求完成”",
    good="多数指标有数值、单位和比较符",
    check=_qualitative_share,
    criterion="相关性",
    kinds=ALL_KINDS,
    whole_table=True,
)

TIMELINESS_UNCLEAR = Rule(
    code="timeliness.unclear",
    severity="warning",
    title="时效指标没有日期、期限或完成率",
    why="时效指标衡量按时完成,应写明完成时间、期限或及时率,否则无法如期核验(可行性)。",
    bad="项目完成时间: 按时完成",
    good="项目完成时间: 2024年12月底前 / ≤1年 / 及时率 100%",
    check=_timeliness_unclear,
    criterion="可行性",
    kinds=ALL_KINDS,
)

RULES = (
    NOT_QUANTIFIED,
    VAGUE,
    PERCENT_RANGE,
    SATISFACTION_SUSPICIOUS,
    QUALITATIVE_SHARE,
    TIMELINESS_UNCLEAR,
)
