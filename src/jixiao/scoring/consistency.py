"""The self-evaluation must repeat the approved target: same indicators, same values.

docs/domain.md: the values "may only differ from the target table through an approved
adjustment". The caller passes the approved target version and, if any, the approved
adjustments (newer versions, oldest first); the newest approved version is the binding one.
This module is pure: the store looks the versions up, the CLI reads ``--target``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from jixiao.model.findings import Finding
from jixiao.model.indicator import Indicator
from jixiao.model.project import TargetTable
from jixiao.scoring.match import clean_name, indicator_key, same_value

CODE = "consistency.target-changed"


def _index(
    table: TargetTable,
) -> tuple[dict[tuple[str, str], Indicator], dict[str, list[Indicator]]]:
    by_key: dict[tuple[str, str], Indicator] = {}
    by_name: dict[str, list[Indicator]] = {}
    for ind in table.indicators:
        by_key.setdefault(indicator_key(ind), ind)
        by_name.setdefault(clean_name(ind.name), []).append(ind)
    return by_key, by_name


def _find(
    ind: Indicator, by_key: dict[tuple[str, str], Indicator], by_name: dict[str, list[Indicator]]
) -> Indicator | None:
    if indicator_key(ind) in by_key:
        return by_key[indicator_key(ind)]
    # A reader may have put the row under a differently written 二级; a unique name still matches.
    same = by_name.get(clean_name(ind.name), [])
    return same[0] if len(same) == 1 else None


def _shown(ind: Indicator) -> str:
    return "不适用" if ind.not_applicable else (ind.value.raw or "(空)")


def _differs(mine: Indicator, approved: Indicator) -> bool:
    if mine.not_applicable or approved.not_applicable:
        return mine.not_applicable != approved.not_applicable
    return not same_value(mine, approved)


def target_changed(
    table: TargetTable, approved: TargetTable, adjustments: Sequence[TargetTable] = ()
) -> Iterator[Finding]:
    """Given a self-evaluation and the approved target (plus approved adjustments), yield differences."""
    binding = adjustments[-1] if adjustments else approved
    which = "批准调整后的绩效目标" if adjustments else "批复的绩效目标"
    by_key, by_name = _index(binding)
    seen: set[int] = set()
    for ind in table.indicators:
        match = _find(ind, by_key, by_name)
        if match is None:
            yield Finding(
                CODE,
                "error",
                f"自评表中的指标“{ind.name}”不在{which}中(新增或改名), 未经批准不得调整",
                ind.source,
                ind.name,
                ind.path,
                "一致性",
            )
            continue
        seen.add(id(match))
        if _differs(ind, match):
            yield Finding(
                CODE,
                "error",
                f"“{ind.name}”的年度指标值与{which}不一致: 批复为“{_shown(match)}”, 自评表为“{_shown(ind)}”",
                ind.source,
                ind.name,
                ind.path,
                "一致性",
            )
    for ind in binding.indicators:
        if id(ind) not in seen:
            yield Finding(
                CODE,
                "error",
                f"{which}中的指标“{ind.name}”在自评表中缺失",
                table.source,
                ind.name,
                ind.path,
                "一致性",
            )
