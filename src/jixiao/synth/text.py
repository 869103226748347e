"""The tab-separated text form of target tables, as text extracted from a published PDF.

The layout copies the first table of the Wuhu 2024 file: a "## 项目支出绩效目标表"
title, "(YYYY年度)", the header rows with their empty cells, and the 绩效指标 block
with one row per third-level indicator prefixed "指标N:" (N restarts per 二级).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

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


# Layouts real files come in besides the tab-separated one (docs/reading.md names them).
LAYOUTS = ("tab", "glued-rows", "run-on", "prose", "bracketed")


def table_to_layout(table: TargetTable, layout: str = "tab") -> str:
    """Given a table and a layout name from LAYOUTS, return its text in that layout.

    ``glued-rows``: one table row per line with every cell border lost, as HTML pages
    flattened by a reader show it ("产出指标数量指标培训人次≥500人次"); ``run-on``: the
    whole indicator block on one line, as document-sharing previews give it.
    """
    if layout == "tab":
        return table_to_text(table)
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; one of {', '.join(LAYOUTS)}")
    if layout in ("prose", "bracketed"):
        return _prose(table, bracketed=layout == "bracketed")
    rows = []
    last1 = last2 = None
    for ind in table.indicators:
        level1 = ind.level1 if ind.level1 != last1 else ""
        level2 = ind.level2 if (ind.level1, ind.level2) != (last1, last2) else ""
        rows.append(f"{level1}{level2}{ind.name}{ind.value.raw}")
        last1, last2 = ind.level1, ind.level2
    head = [
        TITLE.removeprefix("## "),
        f"项目名称{table.project.name or ''}",
        "绩效指标一级指标二级指标三级指标指标值",
    ]
    if layout == "glued-rows":
        return "\n".join([*head, *rows, ""])
    return "".join([*head, *rows]) + "\n"


_CN_NUMBERS = "一二三四五六七八九十"


def _prose(table: TargetTable, *, bracketed: bool) -> str:
    """Targets as a letter states them: level headings, then "name value;" clauses.

    ``bracketed``: "【产出指标-数量指标】" headings and "指标1:name(value)" lines.
    """
    lines = [f"关于下达{table.project.name or ''}绩效目标的通知", "现将绩效目标下达如下:"]
    last1 = last2 = None
    n1 = n2 = 0
    for ind in table.indicators:
        if bracketed:
            if (ind.level1, ind.level2) != (last1, last2):
                lines.append(f"【{ind.level1}-{ind.level2}】")
                n2 = 0
            n2 += 1
            lines.append(f"指标{n2}:{ind.name}({ind.value.raw})")
        else:
            if ind.level1 != last1:
                lines.append(f"{_CN_NUMBERS[n1 % 10]}、{ind.level1}")
                n1, n2 = n1 + 1, 0
            if (ind.level1, ind.level2) != (last1, last2):
                lines.append(f"({_CN_NUMBERS[n2 % 10]}){ind.level2}")
                n2 += 1
            lines.append(f"{ind.name}{ind.value.raw};")
        last1, last2 = ind.level1, ind.level2
    lines += ["特此通知。", "2024年3月1日"]
    return "\n".join(lines) + "\n"
