"""Relevance hints: do the indicators measure the goals? (Chinese word segmentation by jieba.)"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import lru_cache

from jixiao.model.indicator import Indicator
from jixiao.model.project import TargetTable
from jixiao.model.taxonomy import QUANTITY, SATISFACTION, canonical_level2
from jixiao.rules.base import Config, Finding, Rule
from jixiao.rules.helpers import ALL_KINDS, applicable, hit, placed, reading_unsure, tree_of

# Words every goal and indicator uses; sharing one of them says nothing about relevance.
STOPWORDS = frozenset(
    "项目 完成 指标 工作 提高 提升 开展 进一步 加强 推动 促进 实现 通过 以上 确保 保障 按照 "
    "根据 要求 全面 有效 相关 各项 情况 质量 时间 数量 成本 效益 满意 满意度 目标 年度 本年 "
    "我市 全市 更好 更多 社会 经济 发展 持续 不断 积极 组织 落实 资金 经费 进行 达到 内容 "
    # The management boilerplate a goal ends with ("做好绩效管理,确保资金如期发挥使用效益")
    # is a promise about the money, not a task an indicator should measure.
    "绩效 管理 绩效管理 使用 如期 按时 及时 规范 监管 安全 效率 合理 专款 专用 专款专用".split()
)
_NUMBERED = re.compile(r"^\s*(目标\s*[0-9一二三四五六七八九十]+|[0-9]+[.、．])")


@lru_cache(maxsize=4096)
def terms(text: str) -> frozenset[str]:
    """Given Chinese text, return its key terms: words of 2+ characters, no stopwords."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading to stderr
    words: list[str] = list(jieba.lcut_for_search(text))
    return frozenset(w for w in words if len(w) >= 2 and w not in STOPWORDS and not w.isdigit())


def _row_terms(ind: Indicator) -> frozenset[str]:
    extra = "" if ind.value.is_quantitative else ind.value.raw
    return terms(ind.name + " " + extra)


def _numbered_goals(table: TargetTable) -> list[str]:
    goals = [g for g in table.goals if g.strip()]
    if len(goals) < 2 and not any(_NUMBERED.match(g) for g in goals):
        return []
    return goals


_CLAUSE = re.compile(r"[;；。\n]+")


def _clauses(table: TargetTable) -> list[str]:
    """Given a table, return its goals cut into the tasks they list (目标1…; 一是…; …)."""
    out: list[str] = []
    for goal in _numbered_goals(table) or [g for g in table.goals if g.strip()]:
        out += [c.strip() for c in _CLAUSE.split(goal) if len(c.strip()) >= 6]
    return out


#: At most this many of the project name's terms in a side task (one word and its parts).
_SIDE_TASK_SHARED = 2


def _goal_uncovered(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    clauses = _clauses(table)
    if not clauses:
        return
    covered: set[str] = set()
    for ind in applicable(table):
        covered |= _row_terms(ind)
    # Sure only when the table was read whole and the task names several things, none
    # of which any indicator mentions; otherwise the word match is a hint (info).
    unsure = reading_unsure(table, cfg) is not None
    minimum = int(cfg.get("goal_terms_min", 3))
    # The project's own words (管护 in a 设施管护 project) run through every goal and row;
    # a side task sharing only them with the indicators ("开展产权制度改革试点,明确管护主体")
    # is not measured by any of them. A task that restates the project (several of its
    # words: "完成档案库房消防设备改造安装") is the whole project, which the rows measure;
    # so is a lone goal. Dropped only when enough of the task's own words remain.
    common = terms(table.project.name or "") if len(clauses) >= 2 else frozenset()
    for clause in clauses:
        key = terms(clause)
        own = key - common
        if len(own) >= minimum and len(key & common) <= _SIDE_TASK_SHARED:
            key = own
        if key and not key & covered:
            short = clause if len(clause) <= 30 else clause[:30] + "…"
            yield hit(
                f"年度目标“{short}”没有对应的绩效指标。",
                table=table,
                unsure=unsure or len(key) < minimum,
            )


def _measures_something(ind: Indicator, cfg: Config) -> bool:
    # Quality, time, cost and satisfaction rows follow the template ("项目完成质量"),
    # so only quantity and benefit rows are expected to echo the goals' words.
    level1, level2 = placed(ind, tree_of(cfg))
    if level1 == SATISFACTION:
        return False
    return level2 == QUANTITY or (level1 is not None and "效益" in level1)


def _indicator_unrelated(table: TargetTable, cfg: Config) -> Iterator[Finding]:
    goal_terms: set[str] = set()
    for goal in table.goals:
        goal_terms |= terms(goal)
    if not goal_terms:
        return
    for ind in applicable(table):
        if not ind.name.strip() or not _measures_something(ind, cfg):
            continue
        if canonical_level2(ind.level2) is None:
            continue
        if not terms(ind.name) & goal_terms:
            yield hit(
                f"指标“{ind.name}”与年度目标没有共同的关键词,请确认其相关性。", table=table, ind=ind
            )


GOAL_UNCOVERED = Rule(
    code="relevance.goal-uncovered",
    severity="warning",
    title="年度目标没有对应指标",
    why="财预〔2015〕88号 相关性审核: 是否对申报的绩效目标设定了相关联的绩效指标。按分词比对:"
    "目标中的一项任务有3个以上关键词而没有一个出现在任何指标中时警告,否则仅作提示;"
    "附带任务只与指标共有项目名称中的词(如“管护”)不算有对应指标。",
    bad="目标3: 建立完善困难职工帮扶体系(没有任何指标提到帮扶体系)",
    good="可持续影响指标: 建立完善困难职工帮扶体系",
    check=_goal_uncovered,
    criterion="相关性",
    kinds=ALL_KINDS,
    whole_table=True,
)

INDICATOR_UNRELATED = Rule(
    code="relevance.indicator-unrelated",
    severity="info",
    title="指标与年度目标无共同关键词(提示)",
    why="财预〔2015〕88号 相关性审核: 绩效指标应与绩效目标相关。按分词比对,仅作提示。",
    bad="目标: 劳模体检和疗休养; 指标: 促进我市旅游收入增长",
    good="目标: 劳模体检和疗休养; 指标: 劳模体检人数 ≥100人",
    check=_indicator_unrelated,
    criterion="相关性",
    kinds=ALL_KINDS,
)

RULES = (GOAL_UNCOVERED, INDICATOR_UNRELATED)
