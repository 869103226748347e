"""Small pure helpers the rules share: where a row sits in the tree, money units, findings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jixiao.model.indicator import Indicator
from jixiao.model.money import MONEY_UNITS
from jixiao.model.problems import Severity
from jixiao.model.project import TableKind, TargetTable
from jixiao.model.taxonomy import (
    BENEFIT,
    COST,
    ECONOMIC_COST,
    ENVIRONMENT_COST,
    LEGACY,
    OUTPUT,
    SOCIAL_COST,
    Tree,
    canonical_level1,
    canonical_level2,
    levels_fit,
    place_levels,
)
from jixiao.rules.base import Config, Finding

# Self-evaluation and monitoring tables repeat the approved targets, so the same
# checks apply to them.
ALL_KINDS: tuple[TableKind, ...] = ("target", "self_evaluation", "monitoring")
COST_LEVEL2 = frozenset({COST, ECONOMIC_COST, SOCIAL_COST, ENVIRONMENT_COST})
_SPACE = re.compile(r"\s+")


def tree_of(cfg: Config) -> Tree:
    """Given a rule configuration, return the indicator tree of its rule set."""
    tree = cfg.get("tree", LEGACY)
    return tree if isinstance(tree, Tree) else LEGACY


def setting(cfg: Config, key: str, default: Any) -> Any:
    """Given a rule configuration, return one threshold (or the default)."""
    return cfg.get(key, default)


def decimal_setting(cfg: Config, key: str, default: str) -> Decimal:
    """Given a rule configuration, return one numeric threshold as a Decimal."""
    return Decimal(str(cfg.get(key, default)))


def applicable(table: TargetTable) -> Iterator[Indicator]:
    """Given a table, yield the rows that apply (leaving out the 不适用 ones)."""
    return (i for i in table.indicators if not i.not_applicable)


def placed(ind: Indicator, tree: Tree) -> tuple[str | None, str | None]:
    """Given a row, return its canonical (一级, 二级) in ``tree``, inferring 一级 if needed."""
    return place_levels(ind.level1, ind.level2, tree)


def fits_as_written(ind: Indicator) -> bool:
    """Whether the row's written 一级 is a known name and its 二级 belongs under it."""
    level1 = canonical_level1(ind.level1)
    level2 = canonical_level2(ind.level2)
    if level1 is None or level2 is None:
        return level2 is None
    return levels_fit(level1, level2)


def is_cost(ind: Indicator) -> bool:
    """Whether a row is a cost indicator in either tree (产出›成本 or 成本›经济成本 …)."""
    return canonical_level2(ind.level2) in COST_LEVEL2 or canonical_level1(ind.level1) == COST


def money_unit(unit: str | None) -> tuple[str, str] | None:
    """Given a unit such as ``万元``, ``元/人`` or ``万/月``, return (money unit, per-what).

    ``per-what`` is empty for a plain amount. None when the unit is not money.
    """
    if not unit:
        return None
    head, _, per = unit.replace("／", "/").partition("/")
    head = head.strip()
    if head not in MONEY_UNITS:
        return None
    return head, per.strip()


def norm_name(text: str) -> str:
    """Given an indicator name, return it without spaces for comparisons."""
    return _SPACE.sub("", text)


#: Below this many rows read, a table is taken as read in part: absent things are not blamed.
MIN_CONFIDENT_ROWS = 5


def reading_unsure(table: TargetTable, cfg: Config) -> str | None:
    """Given a table and the rule settings, return why its reading is unsure, or None.

    The reader may have lost part of a table (cut-off file, a fragment, merged cells it
    could not follow). What a check finds *absent* from such a table may be absent only
    from the reading, so those findings become info ("未识别到…") rather than "缺少…".
    """
    if cfg.get("partial"):
        return "表格只读到一部分"
    rows = sum(1 for i in applicable(table) if i.name.strip())
    minimum = int(cfg.get("min_confident_rows", MIN_CONFIDENT_ROWS))
    if rows < minimum:
        return f"只识别到 {rows} 个指标"
    return None


#: The best grade a table read in part can get: what the reader lost cannot be vouched for.
PARTIAL_GRADE_CAP = "良"


def gradable_in_part(table: TargetTable, cfg: Config) -> bool:
    """Whether a table the parser read only in part still shows enough to grade.

    A file cut off in its last rows (the 满意度 tail) still shows the outputs and effects a
    reviewer grades on; one cut before them does not. Enough: at least
    ``min_confident_rows`` rows, among them an output and an effect indicator.
    """
    rows = [i for i in applicable(table) if i.name.strip()]
    if len(rows) < int(cfg.get("min_confident_rows", MIN_CONFIDENT_ROWS)):
        return False
    tree = tree_of(cfg)
    level1 = {placed(i, tree)[0] for i in rows}
    return OUTPUT in level1 and BENEFIT in level1


def unsure_note(reason: str) -> str:
    """Given why a reading is unsure, return the sentence a finding about absence ends with."""
    return f"({reason},可能是表格未完整读取,请核对原表)"


def hit(
    message: str, *, table: TargetTable, ind: Indicator | None = None, unsure: bool = False
) -> Finding:
    """Given a message and the row (or table) it concerns, return a finding.

    The engine stamps code, severity and criterion from the registry entry, so rules
    only say *what* and *where*. ``unsure=True`` keeps the finding at info: the rule is
    not sure enough of the reading to warn.
    """
    severity: Severity = "info" if unsure else "warning"
    if ind is None:
        return Finding(code="", severity=severity, message=message, location=table.source)
    return Finding(
        code="",
        severity=severity,
        message=message,
        location=ind.source or table.source,
        indicator=ind.name,
        path=ind.path,
    )
