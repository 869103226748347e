"""Dashboard figures: the measures of every department, unit and year of a scope, from SQL.

One pass of GROUP BY queries over the tables a reader may see yields a *grid*: the
measures (tables, funds, grades, indicators, findings, budget execution,
self-evaluation scores) of each (department, implementing unit, fiscal year). Every
view the dashboard offers is a sum of grid cells: the whole region, a region's
departments, a department's units, any year or two years side by side. The grid has
one cell per unit and year (a few thousand for a province), so the web caches one
grid per scope and answers every drill-down level and sort order from it; only a
unit's own tables (:func:`unit_tables`) and the most frequent findings of a level
(:func:`finding_counts`) are queried for that level.

Measures (docs/dashboard.md):

- 指标量化率: the share of a target table's applicable third-level indicators whose
  value carries a number (财预〔2021〕101号: 指标应当细化、量化).
- 平均评级: the grade of each target table (the reviewer's, else the rule engine's)
  as points, 优 4 · 良 3 · 中 2 · 差 1, averaged over the graded tables.
- 预算执行率: 执行数 / 调整后预算 (预算数 when there is no adjusted one) summed over
  the self-evaluation and monitoring tables that give both.
- 问题数: the findings of the current versions; per table as well.
- 自评得分: the total a self-evaluation table reports (its indicators' 得分 plus the
  budget-execution 得分), averaged over the tables that report one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, Numeric, and_, case, cast, func, or_, select
from sqlalchemy.orm import Session

from jixiao.store.current import is_current as _current
from jixiao.store.tables import (
    Department,
    FindingRow,
    IndicatorRow,
    TableRecord,
    TableVersion,
    Unit,
)
from jixiao.store.visibility import Scope
from jixiao.store.visibility import scoped as _scoped

#: Grade points for the average (财政部 grades: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60).
GRADE_POINTS: dict[str, int] = {"优": 4, "良": 3, "中": 2, "差": 1}

#: Money is summed exactly in micro-万元 integers: SQLite keeps amounts as text and
#: SUM() over text goes through float; every stored amount has at most 6 decimals
#: and is far below 10⁹ 万元, so amount × 10⁶ is an exact integer (< 2⁵³).
MICRO = Decimal(1_000_000)

#: The key of a unit-less table (no 实施单位 given) in the grid and in URLs.
NO_UNIT = 0

EXEC_KINDS = ("self_evaluation", "monitoring")


@dataclass
class Measures:
    """Additive figures of some tables; the rates and averages are derived from them."""

    tables: int = 0
    targets: int = 0
    funds: Decimal = Decimal(0)
    grades: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    indicators: int = 0
    quantitative: int = 0
    findings: int = 0
    budget: Decimal = Decimal(0)
    executed: Decimal = Decimal(0)
    exec_tables: int = 0
    selfeval_total: Decimal = Decimal(0)
    selfeval_tables: int = 0

    def add(self, other: Measures) -> Measures:
        """Given other figures, add them to these; return self."""
        self.tables += other.tables
        self.targets += other.targets
        self.funds += other.funds
        self.grades.update(other.grades)
        self.statuses.update(other.statuses)
        self.indicators += other.indicators
        self.quantitative += other.quantitative
        self.findings += other.findings
        self.budget += other.budget
        self.executed += other.executed
        self.exec_tables += other.exec_tables
        self.selfeval_total += other.selfeval_total
        self.selfeval_tables += other.selfeval_tables
        return self

    @property
    def quantification_rate(self) -> Decimal | None:
        """Share of applicable indicators of target tables that carry a number."""
        return Decimal(self.quantitative) / self.indicators if self.indicators else None

    @property
    def graded(self) -> int:
        """Target tables with a grade 优/良/中/差."""
        return sum(self.grades[g] for g in GRADE_POINTS)

    @property
    def grade_points(self) -> Decimal | None:
        """Average grade of the graded target tables, 优 4 · 良 3 · 中 2 · 差 1."""
        n = self.graded
        if not n:
            return None
        return Decimal(sum(p * self.grades[g] for g, p in GRADE_POINTS.items())) / n

    @property
    def grade_letter(self) -> str | None:
        """The grade nearest to the average (3.5 and above: 优)."""
        points = self.grade_points
        if points is None:
            return None
        return min(GRADE_POINTS, key=lambda g: (abs(GRADE_POINTS[g] - points), -GRADE_POINTS[g]))

    @property
    def execution_rate(self) -> Decimal | None:
        """执行数 / 调整后预算 over the monitoring and self-evaluation tables."""
        return self.executed / self.budget if self.budget else None

    @property
    def selfeval_score(self) -> Decimal | None:
        """Average reported self-evaluation total."""
        return self.selfeval_total / self.selfeval_tables if self.selfeval_tables else None

    @property
    def findings_per_table(self) -> Decimal | None:
        """Findings per table."""
        return Decimal(self.findings) / self.tables if self.tables else None


@dataclass(frozen=True, slots=True)
class DepartmentNode:
    """A department of the tree: id, code, name, parent id."""

    id: int
    code: str
    name: str
    parent_id: int | None


@dataclass
class Grid:
    """The measures of each (department id, unit id, fiscal year) of a scope, and names."""

    cells: dict[tuple[int, int, int], Measures] = field(default_factory=dict)
    departments: dict[int, DepartmentNode] = field(default_factory=dict)
    units: dict[int, str] = field(default_factory=dict)
    #: Memos: a grid is read by many requests at once and never changes once built
    #: (the same answer stored twice by two threads is harmless).
    _paths: dict[int, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _visible: set[int] | None = field(default=None, repr=False)
    _memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)

    def memo(self, key: tuple[Any, ...], compute: Any) -> Any:
        """Given a key and how to compute a figure of this grid, return it, computed once."""
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = compute()
        return found

    def cell(self, dept: Any, unit: Any, year: Any) -> Measures:
        """Given a key (unit None for a unit-less table), return its figures, made if new."""
        key = (int(dept), int(unit) if unit is not None else NO_UNIT, int(year))
        found = self.cells.get(key)
        if found is None:
            found = self.cells[key] = Measures()
        return found

    @property
    def years(self) -> list[int]:
        """The fiscal years with tables, latest first."""
        return sorted({y for _, _, y in self.cells}, reverse=True)

    def path(self, dept_id: int) -> tuple[int, ...]:
        """Given a department id, return it and its ancestors' ids, nearest first.

        A parent loop typed in by mistake ends the walk instead of looping.
        """
        found = self._paths.get(dept_id)
        if found is not None:
            return found
        out: list[int] = []
        current: int | None = dept_id
        while current is not None and current not in out and current in self.departments:
            out.append(current)
            current = self.departments[current].parent_id
        self._paths[dept_id] = tuple(out)
        return self._paths[dept_id]

    def by_code(self, code: str) -> DepartmentNode | None:
        """Given a department code, return the department, or None."""
        return next((d for d in self.departments.values() if d.code == code), None)

    def visible_departments(self) -> set[int]:
        """Departments with tables in the grid and all their ancestors."""
        if self._visible is None:
            self._visible = {a for d, _, _ in self.cells for a in self.path(d)}
        return self._visible


def grid(*, session: Session, scope: Scope) -> Grid:
    """Given a scope, return the measures of each department, unit and year it covers."""
    out = Grid()
    where = _where(scope)
    for part in (_records, _funds, _indicators, _findings, _execution, _selfeval):
        part(session, out, where)
    for d in session.execute(
        select(Department.id, Department.code, Department.name, Department.parent_id)
    ):
        out.departments[int(d[0])] = DepartmentNode(int(d[0]), d[1], d[2], d[3])
    for unit_id, name in session.execute(select(Unit.id, Unit.name)):
        out.units[int(unit_id)] = name
    return out


def _where(scope: Scope) -> Any:
    # Everything (the administrator, a finance reviewer without a region): no
    # IN over 50,000 ids at all.
    if scope == Scope():
        return None
    ids = _scoped(
        select(TableRecord.id).join(Department, Department.id == TableRecord.department_id),
        scope,
    ).subquery()
    return TableRecord.id.in_(select(ids.c.id))


#: What the grid groups by: (department, unit, year); or (table, unit, year) for one
#: unit's tables, where the same queries then give each table's own figures.
Key = tuple[Any, Any, Any] | None


def _key() -> tuple[Any, Any, Any]:
    return TableRecord.department_id, TableRecord.unit_id, TableRecord.fiscal_year


def _table_key() -> tuple[Any, Any, Any]:
    return TableRecord.id, TableRecord.unit_id, TableRecord.fiscal_year


def _restrict(query: Any, where: Any) -> Any:
    return query if where is None else query.where(where)


def _grade() -> Any:
    return func.coalesce(TableRecord.grade, TableRecord.check_grade)


def _records(session: Session, out: Grid, where: Any, key: Key = None) -> None:
    key = key or _key()
    query = select(*key, TableRecord.kind, TableRecord.status, _grade(), func.count()).group_by(
        *key, TableRecord.kind, TableRecord.status, _grade()
    )
    for dept, unit, year, kind, status, grade, n in session.execute(_restrict(query, where)):
        m = out.cell(dept, unit, year)
        m.tables += int(n)
        m.statuses[status] += int(n)
        if kind == "target":
            m.targets += int(n)
            m.grades[grade or "未评级"] += int(n)


def _to_micro(session: Session, amount: Any) -> Any:
    """Given a numeric expression in 万元 (text on SQLite), return its value in micro-万元."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.round(cast(amount, Numeric) * 1_000_000), Integer)
    return cast(amount, Numeric(26, 6)) * 1_000_000


def _money(micro: Any) -> Decimal:
    return Decimal(int(Decimal(str(micro or 0)))) / MICRO


def _funds(session: Session, out: Grid, where: Any, key: Key = None) -> None:
    key = key or _key()
    query = (
        select(*key, func.sum(_to_micro(session, TableVersion.funds_total)))
        .join(TableVersion, _current())
        .where(TableRecord.kind == "target", TableVersion.funds_total.is_not(None))
        .group_by(*key)
    )
    for dept, unit, year, micro in session.execute(_restrict(query, where)):
        out.cell(dept, unit, year).funds += _money(micro)


def _indicators(session: Session, out: Grid, where: Any, key: Key = None) -> None:
    key = key or _key()
    applicable = IndicatorRow.not_applicable.is_(False)
    quantitative = case((IndicatorRow.value_kind == "quantitative", 1), else_=0)
    if where is None:
        # The whole database: counting per version in index order, then joining the
        # current versions' counts, beats joining 750,000 indicator rows one by one
        # (50,000 tables on SQLite: 0.26 s against 0.66 s).
        per = (
            select(
                IndicatorRow.version_id.label("version_id"),
                func.count().label("n"),
                func.sum(quantitative).label("q"),
            )
            .where(applicable)
            .group_by(IndicatorRow.version_id)
            .subquery()
        )
        query = (
            select(*key, func.sum(per.c.n), func.sum(per.c.q))
            .select_from(TableRecord)
            .join(TableVersion, _current())
            .join(per, per.c.version_id == TableVersion.id)
            .where(TableRecord.kind == "target")
            .group_by(*key)
        )
    else:
        # A scope or a unit's tables: driving from their current versions (an index
        # lookup per version) reads only their indicators.
        query = (
            select(*key, func.count(), func.sum(quantitative))
            .select_from(TableRecord)
            .join(TableVersion, _current())
            .join(IndicatorRow, IndicatorRow.version_id == TableVersion.id)
            .where(TableRecord.kind == "target", applicable, where)
            .group_by(*key)
        )
    for dept, unit, year, n, q in session.execute(query):
        m = out.cell(dept, unit, year)
        m.indicators += int(n or 0)
        m.quantitative += int(q or 0)


def _findings(session: Session, out: Grid, where: Any, key: Key = None) -> None:
    key = key or _key()
    if where is None:
        per = (
            select(FindingRow.version_id.label("version_id"), func.count().label("n"))
            .group_by(FindingRow.version_id)
            .subquery()
        )
        query = (
            select(*key, func.sum(per.c.n))
            .select_from(TableRecord)
            .join(TableVersion, _current())
            .join(per, per.c.version_id == TableVersion.id)
            .group_by(*key)
        )
    else:
        query = (
            select(*key, func.count())
            .select_from(TableRecord)
            .join(TableVersion, _current())
            .join(FindingRow, FindingRow.version_id == TableVersion.id)
            .where(where)
            .group_by(*key)
        )
    for dept, unit, year, n in session.execute(query):
        out.cell(dept, unit, year).findings += int(n or 0)


def _exec_amounts(session: Session) -> tuple[Any, Any]:
    """The (budget, executed) of a version in micro-万元, from its ``extra`` JSON."""
    funds = TableVersion.extra
    adjusted = funds[("funds_exec", "budget_adjusted")].as_string()
    initial = funds[("funds_exec", "budget_initial")].as_string()
    executed = funds[("funds_exec", "executed")].as_string()
    return (
        _to_micro(session, func.coalesce(adjusted, initial)),
        _to_micro(session, executed),
    )


def _execution(session: Session, out: Grid, where: Any, key: Key = None) -> None:
    key = key or _key()
    budget, executed = _exec_amounts(session)
    # A table that gives only one of the two says nothing about the rate.
    both = and_(budget.is_not(None), executed.is_not(None), budget != 0, executed != 0)
    query = (
        select(*key, func.sum(budget), func.sum(executed), func.count())
        .join(TableVersion, _current())
        .where(TableRecord.kind.in_(EXEC_KINDS), both)
        .group_by(*key)
    )
    for dept, unit, year, b, e, n in session.execute(_restrict(query, where)):
        m = out.cell(dept, unit, year)
        m.budget += _money(b)
        m.executed += _money(e)
        m.exec_tables += int(n)


def _score_sums(session: Session, where: Any) -> Any:
    """Per current self-evaluation version: the sum of its indicators' reported 得分."""
    score = _to_micro(session, IndicatorRow.detail["score"].as_string())
    query = (
        select(IndicatorRow.version_id.label("version_id"), func.sum(score).label("micro"))
        .join(TableVersion, TableVersion.id == IndicatorRow.version_id)
        .join(TableRecord, _current())
        .where(TableRecord.kind == "self_evaluation", score.is_not(None))
        .group_by(IndicatorRow.version_id)
    )
    return _restrict(query, where).subquery()


def _selfeval(session: Session, out: Grid, where: Any, key: Key = None) -> None:
    key = key or _key()
    lines = _score_sums(session, where)
    execution = _to_micro(
        session, TableVersion.extra[("funds_exec", "execution_score")].as_string()
    )
    total = func.coalesce(lines.c.micro, 0) + func.coalesce(execution, 0)
    query = (
        select(*key, func.sum(total), func.count())
        .join(TableVersion, _current())
        .outerjoin(lines, lines.c.version_id == TableVersion.id)
        .where(
            TableRecord.kind == "self_evaluation",
            or_(lines.c.micro.is_not(None), execution.is_not(None)),
        )
        .group_by(*key)
    )
    for dept, unit, year, micro, n in session.execute(_restrict(query, where)):
        m = out.cell(dept, unit, year)
        m.selfeval_total += _money(micro)
        m.selfeval_tables += int(n)


# -- levels ---------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a drill-down level: a department (its whole subtree) or a unit."""

    kind: str  # "department" | "unit"
    key: int
    code: str
    name: str
    years: dict[int, Measures] = field(default_factory=dict)
    _all: Measures | None = field(default=None, repr=False)

    def at(self, year: int | None) -> Measures:
        """Given a year (None: all years), return the figures (not to be changed)."""
        if year is not None:
            return self.years.get(year) or Measures()
        if self._all is None:
            out = Measures()
            for m in self.years.values():
                out.add(m)
            self._all = out
        return self._all


def level_rows(g: Grid, node: int | None) -> list[Row]:
    """Given a grid and a department id (None: the top), return the rows one level below
    (computed once per grid: see :func:`_level_rows`)."""
    return g.memo(("level", node), lambda: _level_rows(g, node))  # type: ignore[no-any-return]


def _level_rows(g: Grid, node: int | None) -> list[Row]:
    """Given a grid and a department id (None: the top), return the rows one level below.

    Below a department come its child departments, each with everything under it,
    and the units of the department's own tables. At the top come the departments
    without a parent (a region is such a department with others under it).
    """
    rows: dict[tuple[str, int], Row] = {}
    for (dept, unit, year), m in g.cells.items():
        path = g.path(dept)
        if node is None:
            top = path[-1] if path else dept
            key = ("department", top)
        elif dept == node:
            key = ("unit", unit)
        elif node in path:
            key = ("department", path[path.index(node) - 1])
        else:
            continue
        row = rows.get(key)
        if row is None:
            row = rows[key] = _row(g, *key)
        row.years.setdefault(year, Measures()).add(m)
    return list(rows.values())


def _row(g: Grid, kind: str, key: int) -> Row:
    if kind == "unit":
        return Row(kind, key, "", g.units.get(key, "(未填实施单位)"))
    d = g.departments.get(key)
    return Row(kind, key, d.code if d else str(key), d.name if d else str(key))


def department_rows(g: Grid, node: int | None) -> list[Row]:
    """Given a grid and a department id (None: all), return the flat department rows
    (computed once per grid: see :func:`_department_rows`)."""
    return g.memo(("flat", node), lambda: _department_rows(g, node))  # type: ignore[no-any-return]


def _department_rows(g: Grid, node: int | None) -> list[Row]:
    """Given a grid and a department id (None: all), return every department below it
    with its own tables only: the flat list that ranks departments against each other."""
    rows: dict[int, Row] = {}
    for (dept, _, year), m in g.cells.items():
        if node is not None and node not in g.path(dept):
            continue
        row = rows.get(dept)
        if row is None:
            row = rows[dept] = _row(g, "department", dept)
        row.years.setdefault(year, Measures()).add(m)
    return list(rows.values())


def total(g: Grid, node: int | None, unit: int | None = None) -> Row:
    """Given a grid, a department id (None: everything) and a unit, return their sum
    (computed once per grid)."""
    return g.memo(("total", node, unit), lambda: _total(g, node, unit))  # type: ignore[no-any-return]


def _total(g: Grid, node: int | None, unit: int | None = None) -> Row:
    """Given a grid, a department id (None: everything) and a unit, return their sum."""
    out = Row("department", node or 0, "", "")
    for (dept, u, year), m in g.cells.items():
        if node is not None and node not in g.path(dept):
            continue
        if unit is not None and (dept != node or u != unit):
            continue
        out.years.setdefault(year, Measures()).add(m)
    return out


def subtree_ids(g: Grid, node: int | None) -> list[int] | None:
    """Given a grid and a department id, return it and every department below (None: all)."""
    if node is None:
        return None
    return [d for d in g.departments if node in g.path(d)]


def finding_counts(
    *,
    session: Session,
    scope: Scope,
    departments: Iterable[int] | None = None,
    unit: int | None = None,
) -> dict[int, Counter[str]]:
    """Given a scope, department ids (None: all) and a unit, return finding codes per year."""
    query = (
        select(TableRecord.fiscal_year, FindingRow.code, func.count())
        .select_from(FindingRow)
        .join(TableVersion, TableVersion.id == FindingRow.version_id)
        .join(TableRecord, _current())
        .group_by(TableRecord.fiscal_year, FindingRow.code)
    )
    query = _restrict(query, _where(scope))
    if departments is not None:
        query = query.where(TableRecord.department_id.in_(list(departments)))
    if unit is not None:
        query = query.where(
            TableRecord.unit_id.is_(None) if unit == NO_UNIT else TableRecord.unit_id == unit
        )
    out: dict[int, Counter[str]] = {}
    for year, code, n in session.execute(query):
        out.setdefault(int(year), Counter())[code] = int(n)
    return out


# -- a unit's tables --------------------------------------------------------------------


@dataclass
class TableLine:
    """One table of a unit with its own measures."""

    id: int
    year: int
    kind: str
    project: str
    status: str
    grade: str | None
    funds: Decimal | None
    m: Measures


def unit_tables(
    *, session: Session, scope: Scope, department: int, unit: int, year: int | None = None
) -> list[TableLine]:
    """Given a scope, a department id, a unit id (NO_UNIT: none given) and a year, return
    that unit's tables with their measures (each figure grouped in SQL per table)."""
    query = (
        select(
            TableRecord.id,
            TableRecord.fiscal_year,
            TableRecord.kind,
            TableRecord.status,
            _grade(),
            TableVersion.project_name,
            TableVersion.funds_total,
        )
        .join(TableVersion, _current())
        .where(TableRecord.department_id == department)
    )
    query = query.where(
        TableRecord.unit_id.is_(None) if unit == NO_UNIT else TableRecord.unit_id == unit
    )
    if year is not None:
        query = query.where(TableRecord.fiscal_year == year)
    query = _restrict(query, _where(scope))
    lines: dict[int, TableLine] = {}
    for tid, y, kind, status, grade, name, funds in session.execute(query):
        m = Measures(tables=1, targets=int(kind == "target"))
        m.statuses[status] += 1
        if kind == "target":
            m.grades[grade or "未评级"] += 1
            m.funds = funds or Decimal(0)
        lines[int(tid)] = TableLine(int(tid), int(y), kind, name, status, grade, funds, m)
    if not lines:
        return []
    per_table = Grid()
    where = TableRecord.id.in_(list(lines))
    for part in (_indicators, _findings, _execution, _selfeval):
        part(session, per_table, where, _table_key())
    for (tid, _, _), m in per_table.cells.items():
        line = lines[tid].m
        line.indicators, line.quantitative, line.findings = m.indicators, m.quantitative, m.findings
        line.budget, line.executed, line.exec_tables = m.budget, m.executed, m.exec_tables
        line.selfeval_total, line.selfeval_tables = m.selfeval_total, m.selfeval_tables
    return sorted(lines.values(), key=lambda t: (-t.year, t.project, t.id))


# -- the summary of one scope (the dashboard's tiles and charts, the API) ------------


@dataclass
class Dashboard:
    """The dashboard figures for one scope (and optionally one year)."""

    tables: int = 0
    funds: dict[str, list[Any]] = field(default_factory=dict)
    grade_counts: Counter[str] = field(default_factory=Counter)
    status_counts: Counter[str] = field(default_factory=Counter)
    finding_counts: Counter[str] = field(default_factory=Counter)
    indicators: int = 0
    quantitative: int = 0
    budget: Decimal = Decimal(0)
    executed: Decimal = Decimal(0)

    def add(self, other: Dashboard) -> None:
        """Given another year's figures, add them to these."""
        self.tables += other.tables
        for code, (name, amount, n) in other.funds.items():
            slot = self.funds.setdefault(code, [name, Decimal(0), 0])
            slot[1] += amount
            slot[2] += n
        self.grade_counts.update(other.grade_counts)
        self.status_counts.update(other.status_counts)
        self.finding_counts.update(other.finding_counts)
        self.indicators += other.indicators
        self.quantitative += other.quantitative
        self.budget += other.budget
        self.executed += other.executed

    @property
    def funds_by_department(self) -> list[tuple[str, str, Decimal, int]]:
        """(code, name, funds in 万元, target tables) per department, largest first."""
        rows = [(c, n, t, k) for c, (n, t, k) in self.funds.items()]
        return sorted(rows, key=lambda r: (-r[2], r[0]))

    @property
    def funds_total(self) -> Decimal:
        """All target tables' 年度资金总额, in 万元."""
        return sum((t for _, t, _ in self.funds.values()), Decimal(0))

    @property
    def grades(self) -> list[tuple[str, int]]:
        """Target tables per grade, 优 first; tables not yet graded last."""
        return sorted(self.grade_counts.items(), key=lambda r: "优良中差未".find(r[0][0]))

    @property
    def statuses(self) -> list[tuple[str, int]]:
        """Tables per workflow status."""
        return sorted(self.status_counts.items())

    @property
    def top_findings(self) -> list[tuple[str, int]]:
        """The ten most common finding codes with their counts."""
        return sorted(self.finding_counts.items(), key=lambda r: (-r[1], r[0]))[:10]

    @property
    def quantification_rate(self) -> Decimal | None:
        """Share of applicable indicators that carry a number."""
        return Decimal(self.quantitative) / self.indicators if self.indicators else None

    @property
    def execution_rate(self) -> Decimal | None:
        """执行数 / 调整后预算 over the monitoring and self-evaluation tables."""
        return self.executed / self.budget if self.budget else None


def summarise(
    g: Grid, findings: dict[int, Counter[str]], department: str | None = None
) -> dict[int, Dashboard]:
    """Given a grid and the finding counts per year, return each year's dashboard figures
    (of one department's own tables when a code is given)."""
    years: dict[int, Dashboard] = {}
    for (dept, _, year), m in g.cells.items():
        d = g.departments.get(dept)
        code = d.code if d else str(dept)
        if department and code != department:
            continue
        out = years.setdefault(year, Dashboard())
        out.tables += m.tables
        if m.targets:
            slot = out.funds.setdefault(code, [d.name if d else code, Decimal(0), 0])
            slot[1] += m.funds
            slot[2] += m.targets
        out.grade_counts.update(m.grades)
        out.status_counts.update(m.statuses)
        out.indicators += m.indicators
        out.quantitative += m.quantitative
        out.budget += m.budget
        out.executed += m.executed
    for year, counts in findings.items():
        years.setdefault(year, Dashboard()).finding_counts.update(counts)
    return years


def dashboards_by_year(
    *, session: Session, scope: Scope, department: str | None = None
) -> dict[int, Dashboard]:
    """Given a scope (and a department code), return the figures of each fiscal year."""
    g = grid(session=session, scope=scope)
    ids = None
    if department:
        found = g.by_code(department)
        ids = [found.id] if found else []
    return summarise(g, finding_counts(session=session, scope=scope, departments=ids), department)


def dashboard(
    *, session: Session, scope: Scope, year: int | None = None, department: str | None = None
) -> Dashboard:
    """Given a scope (and a year, a department), return funds, grades, findings and rates."""
    return pick(dashboards_by_year(session=session, scope=scope, department=department), year)


def pick(years: dict[int, Dashboard], year: int | None) -> Dashboard:
    """Given the per-year figures, return one year's, or all years' summed."""
    if year is not None:
        return years.get(year, Dashboard())
    out = Dashboard()
    for figures in years.values():
        out.add(figures)
    return out


def table_findings(*, session: Session, table_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    """Given table ids, return each table's finding codes of its current version, with counts,
    most frequent first."""
    if not table_ids:
        return {}
    query = (
        select(TableRecord.id, FindingRow.code, func.count())
        .select_from(FindingRow)
        .join(TableVersion, TableVersion.id == FindingRow.version_id)
        .join(TableRecord, _current())
        .where(TableRecord.id.in_(table_ids))
        .group_by(TableRecord.id, FindingRow.code)
    )
    out: dict[int, list[tuple[str, int]]] = {}
    for tid, code, n in session.execute(query):
        out.setdefault(int(tid), []).append((code, int(n)))
    for codes in out.values():
        codes.sort(key=lambda r: (-r[1], r[0]))
    return out
