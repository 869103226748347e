"""Checks across years for one project (适当性, docs/domain.md "Year over year").

Each function takes the tables of ONE project (targets and self-evaluations, any
order) and yields findings: crossyear.target-lowered-funds-up,
crossyear.below-last-actual, crossyear.perfect-score-missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from decimal import Decimal

from jixiao.model.findings import Finding
from jixiao.model.indicator import Indicator
from jixiao.model.project import TargetTable
from jixiao.model.values import TargetValue
from jixiao.scoring.formulas import HUNDRED, fmt
from jixiao.scoring.match import clean_name, indicator_key
from jixiao.scoring.scorer import score_table
from jixiao.scoring.sheet import ScoreSheet

_MORE = ("≥", ">", "=")


def targets_by_year(tables: Sequence[TargetTable]) -> list[TargetTable]:
    """Given tables of one project, return one per year with known year, oldest first.

    A year's target table wins over its self-evaluation (both carry the values).
    """
    chosen: dict[int, TargetTable] = {}
    for t in tables:
        year = t.fiscal_year
        if year is not None and (year not in chosen or t.kind == "target"):
            chosen[year] = t
    return [chosen[y] for y in sorted(chosen)]


def _funds(table: TargetTable) -> Decimal | None:
    f = table.funds
    return f.total if f.total is not None else f.budget_adjusted or f.budget_initial


def _comparable(a: TargetValue, b: TargetValue) -> bool:
    return (
        a.is_quantitative
        and b.is_quantitative
        and a.number is not None
        and b.number is not None
        and (a.unit or "").strip() == (b.unit or "").strip()
    )


def _lowered(prev: TargetValue, cur: TargetValue) -> bool | None:
    """True if lowered, False if flat, None if raised or not comparable."""
    if not _comparable(prev, cur) or prev.op != cur.op or prev.number is None or cur.number is None:
        return None
    if cur.number == prev.number:
        return False
    lower = cur.number < prev.number if cur.op in _MORE else cur.number > prev.number
    return True if lower else None


def _pairs(prev: TargetTable, cur: TargetTable) -> Iterator[tuple[Indicator, Indicator]]:
    old = {indicator_key(i): i for i in prev.indicators if not i.not_applicable}
    for ind in cur.indicators:
        match = old.get(indicator_key(ind))
        if match is not None and not ind.not_applicable:
            yield match, ind


def target_lowered_funds_up(tables: Sequence[TargetTable]) -> Iterator[Finding]:
    """Flag targets lowered (warning) or kept flat (info) in a year whose funds rose."""
    years = targets_by_year(tables)
    for prev, cur in zip(years, years[1:], strict=False):
        pf, cf = _funds(prev), _funds(cur)
        if pf is None or cf is None or cf <= pf:
            continue
        for old, new in _pairs(prev, cur):
            lowered = _lowered(old.value, new.value)
            if lowered is None:
                continue
            how = "降低" if lowered else "未提高"
            yield Finding(
                "crossyear.target-lowered-funds-up",
                "warning" if lowered else "info",
                f"{cur.fiscal_year}年资金由 {fmt(pf)} 万元增至 {fmt(cf)} 万元, 但“{new.name}”目标{how}"
                f"(上年“{old.value.raw}”, 本年“{new.value.raw}”)",
                new.source,
                new.name,
                new.path,
                "适当性",
            )


def below_last_actual(tables: Sequence[TargetTable]) -> Iterator[Finding]:
    """Flag a "more is better" target set below what the project achieved the year before."""
    evals = {t.fiscal_year: t for t in tables if t.kind == "self_evaluation" and t.fiscal_year}
    for cur in targets_by_year(tables):
        last = evals.get((cur.fiscal_year or 0) - 1)
        if last is None:
            continue
        for old, new in _pairs(last, cur):
            act = old.actual
            if act is None or new.value.op not in _MORE or not _comparable(act, new.value):
                continue
            if (
                new.value.number is not None
                and act.number is not None
                and new.value.number < act.number
            ):
                yield Finding(
                    "crossyear.below-last-actual",
                    "warning",
                    f"“{new.name}”{cur.fiscal_year}年目标“{new.value.raw}”低于上年实际完成值“{act.raw}”",
                    new.source,
                    new.name,
                    new.path,
                    "适当性",
                )


def _reported_perfect(table: TargetTable) -> bool:
    rows = [i for i in table.indicators if not i.not_applicable]
    return bool(rows) and all(
        i.score is not None and i.weight is not None and i.score >= i.weight for i in rows
    )


def perfect_score_missed(
    tables: Sequence[TargetTable], scheme: str = "central-2020"
) -> Iterator[Finding]:
    """Flag self-evaluations scored full marks by the unit while indicators were missed."""
    evals = sorted(
        (t for t in tables if t.kind == "self_evaluation"), key=lambda t: t.fiscal_year or 0
    )
    perfect_years = [t.fiscal_year for t in evals if _reported_perfect(t)]
    for table in evals:
        if not _reported_perfect(table):
            continue
        sheet = score_table(table, scheme)
        missed = [
            s.indicator.name
            for s in sheet.indicators
            if s.below_full and s.method not in ("reported", "tier")
        ]
        if missed and sheet.total < HUNDRED:
            years = "、".join(str(y) for y in perfect_years if y)
            yield Finding(
                "crossyear.perfect-score-missed",
                "warning",
                f"{table.fiscal_year}年自评各项均为满分(满分年度: {years}), "
                f"但“{'”“'.join(missed)}”未达到目标, 重新计算为 {fmt(sheet.total)} 分",
                table.source,
                criterion="适当性",
            )


def crossyear_findings(
    tables: Sequence[TargetTable], scheme: str = "central-2020"
) -> tuple[Finding, ...]:
    """Given the tables of one project across years, return every cross-year finding."""
    return (
        *target_lowered_funds_up(tables),
        *below_last_actual(tables),
        *perfect_score_missed(tables, scheme),
    )


def project_of(table: TargetTable) -> tuple[str, str]:
    """Given a table, return (department, project name without a leading year) to group years."""
    p = table.project
    name = re.sub(r"^\d{4}年(度)?", "", clean_name(p.name or ""))
    return (p.department_code or p.department or "").strip(), name


def attach_crossyear(
    sheets: Sequence[ScoreSheet], targets: Sequence[TargetTable] = (), scheme: str = "central-2020"
) -> list[ScoreSheet]:
    """Given score sheets (and target tables), return them with cross-year findings added.

    Tables are grouped by :func:`project_of`; a group spanning several years gets its
    findings on its latest self-evaluation.
    """
    groups: dict[tuple[str, str], list[TargetTable]] = {}
    for table in [s.table for s in sheets] + list(targets):
        groups.setdefault(project_of(table), []).append(table)
    latest: dict[tuple[str, str], int] = {}
    for i, sheet in enumerate(sheets):
        key = project_of(sheet.table)
        if key not in latest or (sheet.table.fiscal_year or 0) >= (
            sheets[latest[key]].table.fiscal_year or 0
        ):
            latest[key] = i
    out = list(sheets)
    for key, i in latest.items():
        years = {t.fiscal_year for t in groups[key]}
        if len(years) > 1:
            out[i] = replace(
                out[i], findings=out[i].findings + crossyear_findings(groups[key], scheme)
            )
    return out
