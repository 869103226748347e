"""The analysts' CSV: one row per indicator, the table's fields repeated on each row.

UTF-8 with a byte-order mark: Excel on Chinese Windows opens BOM-less UTF-8 as
GBK and shows mojibake. A cell that a spreadsheet would run as a formula
(OWASP CSV injection: it starts with =, +, -, @, a tab, CR or LF) gets a leading
apostrophe. A cell that is a plain number ("-5", "+3%", "-1.5e3") is left alone so
it still reads as a number: "-2+3+cmd|…" or "-5人" are not numbers and are quoted.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from jixiao.model.indicator import Indicator
from jixiao.model.money import money_str
from jixiao.model.project import TargetTable
from jixiao.model.values import TargetValue

#: Column names (stable: analysts' scripts select by them).
COLUMNS: tuple[str, ...] = (
    "table_no",
    "kind",
    "fiscal_year",
    "project_name",
    "department",
    "department_code",
    "implementing_unit",
    "project_source",
    "period_years",
    "funds_total",
    "funds_fiscal",
    "funds_carryover",
    "funds_other",
    "budget_initial",
    "budget_adjusted",
    "executed",
    "execution_rate",
    "goals",
    "indicator_no",
    "level1",
    "level2",
    "name",
    "value_raw",
    "value_kind",
    "value_op",
    "value_number",
    "value_unit",
    "not_applicable",
    "level1_inferred",
    "actual_raw",
    "weight",
    "score",
    "deviation_reason",
    "progress_raw",
    "expected_raw",
    "likelihood",
    "measures",
    "source",
)


def _raw(value: TargetValue | None) -> str:
    return value.raw if value is not None else ""


def _table_fields(no: int, t: TargetTable) -> list[str]:
    p, f = t.project, t.funds
    amounts = (
        f.total,
        f.fiscal,
        f.carryover,
        f.other,
        f.budget_initial,
        f.budget_adjusted,
        f.executed,
        f.execution_rate,
    )
    return [
        str(no),
        t.kind,
        str(t.fiscal_year or ""),
        p.name or "",
        p.department or "",
        p.department_code or "",
        p.implementing_unit or "",
        p.source or "",
        str(p.period_years or ""),
        *(money_str(a) or "" for a in amounts),
        "\n".join(t.goals),
    ]


def _indicator_fields(no: int, i: Indicator) -> list[str]:
    v = i.value
    return [
        str(no),
        i.level1,
        i.level2,
        i.name,
        v.raw,
        v.kind,
        v.op or "",
        money_str(v.number) or "",
        v.unit or "",
        str(i.not_applicable).lower(),
        str(i.level1_inferred).lower(),
        _raw(i.actual),
        money_str(i.weight) or "",
        money_str(i.score) or "",
        i.deviation_reason or "",
        _raw(i.progress),
        _raw(i.expected),
        i.likelihood or "",
        i.measures or "",
        str(i.source) if i.source else "",
    ]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def safe_cell(text: str) -> str:
    """Given a cell's text, return it so that no spreadsheet runs it as a formula."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def rows(tables: Sequence[TargetTable]) -> Iterator[list[str]]:
    """Given tables, yield one CSV row per indicator (a table without any gives one row)."""
    for n, table in enumerate(tables, 1):
        head = _table_fields(n, table)
        if not table.indicators:
            yield [safe_cell(x) for x in head] + [""] * (len(COLUMNS) - len(head))
        for k, ind in enumerate(table.indicators, 1):
            yield [safe_cell(x) for x in head + _indicator_fields(k, ind)]


def write_csv(tables: Sequence[TargetTable], path: Path) -> None:
    """Given tables and a path, write the per-indicator CSV (UTF-8 with BOM)."""
    # errors="replace": a lone surrogate (an API client's "\udc80" escape) cannot be UTF-8.
    with path.open("w", encoding="utf-8-sig", newline="", errors="replace") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows(rows(tables))
