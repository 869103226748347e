"""A table in the official layout, as rows a template draws, with findings on their rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jixiao.export.form import Box
from jixiao.export.layouts import form_of
from jixiao.model.project import TargetTable


@dataclass
class Row:
    """One indicator row: the spans of its 一级/二级 cells and the findings that name it."""

    index: int
    level1: str
    level2: str
    name: str
    value: str
    not_applicable: bool
    level1_span: int = 0
    level2_span: int = 0
    findings: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Layout:
    """The whole table: header pairs, indicator rows, and findings of the table as a whole."""

    rows: list[Row]
    table_findings: list[dict[str, Any]]
    counts: dict[str, int]


def _spans(rows: list[Row]) -> None:
    # Merged 一级/二级 cells, as in the printed form: a cell spans the run of rows
    # below it that repeat the same name.
    for attr, span in (("level1", "level1_span"), ("level2", "level2_span")):
        start = 0
        for i in range(1, len(rows) + 1):
            same = i < len(rows) and getattr(rows[i], attr) == getattr(rows[start], attr)
            if attr == "level2" and i < len(rows):
                same = same and rows[i].level1 == rows[start].level1
            if not same:
                setattr(rows[start], span, i - start)
                start = i


def layout(table: TargetTable, findings: list[dict[str, Any]]) -> Layout:
    """Given a table and its findings, return the rows of the official layout."""
    rows = [
        Row(i, ind.level1, ind.level2, ind.name, ind.value.raw, ind.not_applicable)
        for i, ind in enumerate(table.indicators)
    ]
    if table.kind == "self_evaluation":
        for row, ind in zip(rows, table.indicators, strict=True):
            row.extra = {
                "actual": ind.actual.raw if ind.actual else "",
                "weight": str(ind.weight or ""),
                "score": str(ind.score or ""),
            }
    _spans(rows)
    by_name: dict[str, list[Row]] = {}
    for row in rows:
        by_name.setdefault(row.name, []).append(row)
    loose: list[dict[str, Any]] = []
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        counts[f.get("severity", "info")] = counts.get(f.get("severity", "info"), 0) + 1
        targets = by_name.get(f.get("indicator") or "")
        if targets:
            for row in targets:
                row.findings.append(f)
        else:
            loose.append(f)
    return Layout(rows, loose, counts)


def header_pairs(table: TargetTable) -> list[tuple[str, str]]:
    """Given a table, return the header block as (label, text) pairs."""
    p, f = table.project, table.funds
    dept = "-".join(x for x in (p.department, p.department_code) if x)
    return [
        ("项目名称", p.name or ""),
        ("主管部门及代码", dept),
        ("实施单位", p.implementing_unit or ""),
        ("项目来源", p.source or ""),
        ("项目期", f"{p.period_years}年" if p.period_years else ""),
        ("年度资金总额(万元)", _m(f.total)),
        ("其中:财政拨款", _m(f.fiscal)),
        ("上年结转", _m(f.carryover)),
        ("其他资金", _m(f.other)),
    ]


def _m(value: Any) -> str:
    return "" if value is None else format(value, "f")


@dataclass
class Cell:
    """One box of a printed form, with the findings of the indicator it names."""

    box: Box
    findings: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class FormView:
    """A self-evaluation or monitoring table as its official form prints it, for a page."""

    title: str
    subtitle: str
    widths: tuple[int, ...]
    rows: list[list[Cell]]
    #: Grid row → index of the indicator printed on it.
    indicator_rows: dict[int, int]
    #: Grid rows whose indicator has findings.
    flagged: frozenset[int]
    table_findings: list[dict[str, Any]]
    counts: dict[str, int]


#: The grid column of the 三级指标 name in every printed form.
NAME_COLUMN = 3


def form_view(table: TargetTable, findings: list[dict[str, Any]]) -> FormView:
    """Given a table and its findings, return its printed form with the findings on their rows.

    The same form the exports print (:func:`jixiao.export.layouts.form_of`), so what
    was entered in a 自评表 or 监控表 (执行数, 实际完成值, 偏差原因, 改进措施, 总分)
    reads on the page exactly as in the downloaded file.
    """
    form = form_of(table)
    first = form.repeat_from + 1  # the indicator header row, then one row per indicator
    by_name: dict[str, list[int]] = {}
    for i, ind in enumerate(table.indicators):
        by_name.setdefault(ind.name, []).append(first + i)
    on_row: dict[int, list[dict[str, Any]]] = {}
    loose: list[dict[str, Any]] = []
    counts = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        severity = f.get("severity", "info")
        counts[severity] = counts.get(severity, 0) + 1
        rows = by_name.get(f.get("indicator") or "")
        for r in rows or ():
            on_row.setdefault(r, []).append(f)
        if not rows:
            loose.append(f)
    grid = [
        [
            Cell(b, on_row.get(b.row, []) if b.col == NAME_COLUMN and b.row >= first else [])
            for b in row
        ]
        for row in form.rows()
    ]
    indicator_rows = {first + i: i for i in range(len(table.indicators))}
    return FormView(
        form.title,
        form.subtitle,
        form.widths,
        grid,
        indicator_rows,
        frozenset(on_row),
        loose,
        counts,
    )
