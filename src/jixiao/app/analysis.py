"""The analysis report (issue 19): one year across departments, against the year before.

``analyse`` computes, from the tables in force of a scope (everything, a department,
or a region: a department and every one below it), the figures of
:class:`jixiao.report.analysis.Analysis`; ``write_report`` renders them as HTML or PDF
(by the file's suffix). ``jixiao report`` is its command-line twin.

What is counted (docs/domain.md): target tables give the funds, the quantification
rate, the grades and the review findings per table; self-evaluation tables give budget
execution (全年执行数 / 全年预算数) and their own score, set against their review grade;
the projects whose funds rose while a target fell are found by the cross-year rule
``crossyear.target-lowered-funds-up`` over each project's two years.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from jixiao.report.analysis import (
    Analysis,
    DepartmentRow,
    Figures,
    Lowered,
    Problem,
    render_html,
)
from jixiao.rules.titles import finding_title
from jixiao.scoring import score_table
from jixiao.scoring.crossyear import target_lowered_funds_up
from jixiao.scoring.formulas import grade as grade_of_score
from jixiao.store import analysis as queries
from jixiao.store.visibility import Scope

REPORT_FORMATS = ("html", "pdf")
#: Projects listed whose funds rose while a target fell: a printed report names the
#: largest rises; ``jixiao db check-years`` lists every one (a province: thousands).
LOWERED_LIMIT = 300
_T = {name: i for i, name in enumerate(queries.TABLE_COLUMNS)}


class ReportError(ValueError):
    """The report cannot be written as asked (a format it does not know)."""


@dataclass
class _Tally:
    """Mutable counterpart of :class:`Figures` while the rows stream by."""

    tables: int = 0
    funds: Decimal = Decimal(0)
    indicators: int = 0
    quantitative: int = 0
    findings: int = 0
    grades: Counter[str] = field(default_factory=Counter)
    budget: Decimal = Decimal(0)
    executed: Decimal = Decimal(0)
    evaluations: int = 0

    def add(self, row: Any) -> None:
        """Given a ``dataset_tables`` row, count it in."""
        kind = row[_T["kind"]]
        if kind == "target":
            self.tables += 1
            self.funds += queries.as_decimal(row[_T["funds_total"]]) or Decimal(0)
            self.indicators += int(row[_T["indicators_applicable"]])
            self.quantitative += int(row[_T["indicators_quantitative"]])
            self.findings += int(row[_T["findings"]])
            self.grades[row[_T["review_grade"]] or row[_T["check_grade"]] or "未评级"] += 1
        elif kind == "self_evaluation":
            budget = queries.as_decimal(row[_T["budget_adjusted"]]) or queries.as_decimal(
                row[_T["budget_initial"]]
            )
            done = queries.as_decimal(row[_T["executed"]])
            if budget and done is not None:
                self.budget += budget
                self.executed += done
                self.evaluations += 1

    def figures(self) -> Figures:
        """The frozen figures."""
        return Figures(
            self.tables,
            self.funds,
            self.indicators,
            self.quantitative,
            self.findings,
            dict(self.grades),
            self.budget,
            self.executed,
            self.evaluations,
        )


def subject_scope(department: str | None = None, region: str | None = None) -> Scope:
    """Given a department code or a region's code (or neither), return what the report covers."""
    return Scope(department_code=department or None, region=region or None)


def _tallies(
    session: Session, scopes: tuple[Scope, ...], year: int
) -> tuple[_Tally, dict[str, _Tally], dict[str, str]]:
    total, names = _Tally(), {}
    by_dept: defaultdict[str, _Tally] = defaultdict(_Tally)
    for rows in queries.dataset_tables(session=session, scope=scopes, year=year):
        for row in rows:
            code = row[_T["department_code"]]
            names[code] = row[_T["department"]]
            total.add(row)
            by_dept[code].add(row)
    return total, dict(by_dept), names


def _ranked(rows: list[DepartmentRow]) -> tuple[DepartmentRow, ...]:
    def key(d: DepartmentRow) -> tuple[Any, ...]:
        f = d.now
        return (
            f.grade_points is None,
            -(f.grade_points or 0),
            -(f.quantification_rate or 0),
            f.findings_per_table if f.findings_per_table is not None else Decimal(10**9),
            d.code,
        )

    ordered = sorted(rows, key=key)
    return tuple(
        DepartmentRow(d.code, d.name, d.now, d.before, rank) for rank, d in enumerate(ordered, 1)
    )


def _selfeval(session: Session, scopes: tuple[Scope, ...], year: int) -> tuple[Any, ...]:
    cells: Counter[tuple[str, str]] = Counter()
    for batch in queries.self_evaluations(session=session, scope=scopes, year=year):
        for e in batch:
            sheet = score_table(e.table)
            total = sheet.reported_total if sheet.reported_total is not None else sheet.total
            cells[(grade_of_score(total), e.grade or "未评级")] += 1
    return tuple((s, g, n) for (s, g), n in sorted(cells.items()))


def _lowered(session: Session, scopes: tuple[Scope, ...], year: int) -> tuple[Lowered, ...]:
    by_project: dict[int, dict[int, queries.TargetFunds]] = defaultdict(dict)
    for t in queries.target_funds(session=session, scope=scopes, years=(year - 1, year)):
        by_project[t.project_id][t.fiscal_year] = t
    # Only the projects whose funds rose are read in full: the rule needs both years.
    pairs = [
        (p[year - 1], p[year])
        for p in by_project.values()
        if year - 1 in p
        and year in p
        and p[year].funds_total is not None
        and p[year - 1].funds_total is not None
        and p[year].funds_total > p[year - 1].funds_total  # type: ignore[operator]
    ]
    ids = [t.table_id for pair in pairs for t in pair]
    tables = queries.target_outlines(session=session, ids=ids)
    out = []
    for before, now in pairs:
        pair = [tables[before.table_id], tables[now.table_id]]
        # Warnings only: a target lowered. Targets merely kept flat (info) are many
        # and belong to the table's own review, not to a list of projects to question.
        found = [f for f in target_lowered_funds_up(pair) if f.severity == "warning"]
        if not found:
            continue
        old = {i.name: i.value.raw for i in tables[before.table_id].indicators}
        lines = tuple(
            f"{f.indicator}: {old.get(f.indicator or '', '?')} → {_raw(tables[now.table_id], f.indicator)}"
            for f in found
        )
        out.append(
            Lowered(
                now.department_code,
                now.department,
                now.project_name,
                before.funds_total,
                now.funds_total,
                lines,
            )
        )
    # Largest rise first: those are the first to question (结果应用).
    out.sort(key=lambda r: (-((r.funds_now or 0) - (r.funds_before or 0)), r.department_code))
    return tuple(out)


def _raw(table: Any, name: str | None) -> str:
    return next((i.value.raw for i in table.indicators if i.name == name), "?")


def analyse(
    *,
    session: Session,
    year: int,
    department: str | None = None,
    region: str | None = None,
    scope: Scope | None = None,
) -> Analysis:
    """Given a year, an optional department or region and who may see what, return the figures."""
    scopes = (scope or Scope(), subject_scope(department, region))
    now, now_by, names = _tallies(session, scopes, year)
    before, before_by, old_names = _tallies(session, scopes, year - 1)
    names = {**old_names, **names}
    rows = [
        DepartmentRow(
            code,
            names[code],
            now_by.get(code, _Tally()).figures(),
            before_by.get(code, _Tally()).figures(),
        )
        for code in sorted(set(now_by) | set(before_by))
    ]
    lowered = _lowered(session, scopes, year)
    problems = tuple(
        Problem(code, finding_title(code), n, t)
        for code, n, t in queries.finding_counts(session=session, scope=scopes, year=year)
    )
    return Analysis(
        year=year,
        subject=_subject(department, region, _with_subject(session, names, department or region)),
        generated=date.today().isoformat(),
        now=now.figures(),
        before=before.figures(),
        departments=_ranked(rows),
        problems=problems,
        selfeval=_selfeval(session, scopes, year),
        lowered=lowered[:LOWERED_LIMIT],
        lowered_total=len(lowered),
    )


def _with_subject(session: Session, names: dict[str, str], code: str | None) -> dict[str, str]:
    # A region's top department often files no tables of its own: its name is looked up.
    if code is None or code in names:
        return names
    name = queries.department_name(session=session, code=code)
    return names if name is None else {**names, code: name}


def _subject(department: str | None, region: str | None, names: dict[str, str]) -> str:
    if department:
        return f"部门 {names.get(department, '')} {department}".replace("  ", " ")
    if region:
        return f"地区 {names.get(region, '')} {region}(含下级部门)".replace("  ", " ")
    return "全部部门"


def report_format(path: Path) -> str:
    """Given the output path, return the report format its suffix names (html or pdf)."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt == "htm":
        fmt = "html"
    if fmt not in REPORT_FORMATS:
        raise ReportError(f"不支持的报告格式“{path.suffix or '(无扩展名)'}”: 请用 .html 或 .pdf。")
    return fmt


def write_report(
    *,
    session: Session,
    year: int,
    out: Path,
    department: str | None = None,
    region: str | None = None,
    scope: Scope | None = None,
) -> Analysis:
    """Given a year, a subject and an output path (.html or .pdf), write the report; return its figures."""
    fmt = report_format(out)
    analysis = analyse(
        session=session, year=year, department=department, region=region, scope=scope
    )
    if fmt == "pdf":
        from jixiao.report.analysis_pdf import write_pdf  # reportlab only when asked for

        write_pdf(analysis, out)
    else:
        out.write_text(render_html(analysis), encoding="utf-8")
    return analysis
