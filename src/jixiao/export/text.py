"""The tab-separated text form of target tables, as text extracted from a published PDF.

The layout copies the first table of the Wuhu 2024 file: a "## 项目支出绩效目标表"
title, "(YYYY年度)", the header rows with their empty cells, and the 绩效指标 block
with one row per third-level indicator prefixed "指标N:" (N restarts per 二级).

It is the input the text reader is built for, written by the synthetic corpora
(:mod:`jixiao.synth`) and the tests. It is not in the export format table: it
has no columns for a self-evaluation's or a monitoring table's figures, so a
user asking for those tables as text would silently lose them.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from jixiao.model.indicator import Indicator
from jixiao.model.money import money_str
from jixiao.model.project import TargetTable

TITLE = "## 项目支出绩效目标表"


def _amount(value: Decimal | None) -> str:
    return money_str(value) or ""


def _goals(goals: tuple[str, ...]) -> str:
    if len(goals) == 1:
        return goals[0]
    return "; ".join(f"目标{i}: {g}" for i, g in enumerate(goals, 1))


def _header(table: TargetTable) -> list[str]:
    p, f = table.project, table.funds
    dept = f"{p.department or ''}-{p.department_code}" if p.department_code else p.department or ""
    period = f"{p.period_years}年" if p.period_years else ""
    return [
        f"项目名称\t\t{p.name or ''}\t\t",
        f"主管部门及代码\t\t{dept}\t实施单位\t{p.implementing_unit or ''}",
        f"项目来源\t\t{p.source or ''}\t项目期\t{period}",
        f"项目资金 (万元)\t\t年度资金总额:\t{_amount(f.total)}\t",
        f"\t\t其中:财政拨款\t{_amount(f.fiscal)}\t",
        f"\t\t上年结转\t{_amount(f.carryover)}\t",
        f"\t\t其他资金\t{_amount(f.other)}\t",
        f"年度目标\t{_goals(table.goals)}\t\t\t",
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值",
    ]


def _indicator_rows(indicators: Iterable[Indicator]) -> list[str]:
    rows = []
    last1 = last2 = None
    number = 0
    for ind in indicators:
        number = 1 if (ind.level1, ind.level2) != (last1, last2) else number + 1
        level1 = ind.level1 if ind.level1 != last1 else ""
        level2 = ind.level2 if (ind.level1, ind.level2) != (last1, last2) else ""
        name = ind.name if ind.not_applicable else f"指标{number}:{ind.name}"
        rows.append(f"\t{level1}\t{level2}\t{name}\t{ind.value.raw}")
        last1, last2 = ind.level1, ind.level2
    return rows


def table_to_text(table: TargetTable) -> str:
    """Given a target table, return its text form (ending with a blank line)."""
    year = f"({table.fiscal_year}年度)" if table.fiscal_year else "()"
    lines = [TITLE, "", year, "", *_header(table), *_indicator_rows(table.indicators), ""]
    return "\n".join(lines) + "\n"


def tables_to_text(tables: Iterable[TargetTable]) -> str:
    """Given tables, return one text file holding them all, as the Wuhu file does."""
    return "\n\n" + "\n".join(table_to_text(t) for t in tables)


def write_text(tables: Iterable[TargetTable], path: Path) -> None:
    """Given target tables and a path, write them as one text file (UTF-8)."""
    path.write_text(tables_to_text(tables), encoding="utf-8")
