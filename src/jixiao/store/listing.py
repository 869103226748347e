"""The table list and what goes with it: filtered, scoped, sorted pages of summaries.

:func:`list_tables` (a :class:`Scope`, :class:`Filters` and a :class:`Page`) is the
list the web pages and the API show (``jixiao db list`` shares its filters,
:mod:`jixiao.store.current`). Besides it: version lists, the admin lists of departments. Read-only use of the ORM classes of
:mod:`jixiao.store.tables`; who may see what is decided by the caller
(:mod:`jixiao.store.visibility`) and handed in as a :class:`Scope`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Float, cast, func, select
from sqlalchemy.orm import Session

from jixiao.model.project import TargetTable
from jixiao.store.current import Filters as Filters
from jixiao.store.current import current_tables, filtered, is_current
from jixiao.store.entities import ensure_department, ensure_unit, find_project, record_for
from jixiao.store.errors import StoreError
from jixiao.store.queries import TableSummary, as_utc, table_summary
from jixiao.store.regions import department_path
from jixiao.store.tables import (
    Department,
    FindingRow,
    TableRecord,
    TableVersion,
    Unit,
)
from jixiao.store.visibility import Scope as Scope
from jixiao.store.visibility import scoped


@dataclass(frozen=True, slots=True)
class Page:
    """Which rows of the list: ``limit`` rows (None: all) from ``offset``, in ``sort`` order.

    ``sort`` is a column of :data:`SORT_COLUMNS`, "-column" for descending; by id otherwise.
    """

    limit: int | None = None
    offset: int = 0
    sort: str | None = None


@dataclass(frozen=True, slots=True)
class TableInfo:
    """The few facts authorisation needs about one table."""

    id: int
    department_code: str
    unit_name: str | None
    status: str
    kind: str
    lock_version: int
    #: The table's department code and those of every department above it, nearest first.
    department_path: tuple[str, ...] = ()
    #: The version in force (a pending adjustment is a later, not yet current, one).
    current_version: int = 1


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One version of a table: number, author, time, reason, check grade."""

    version: int
    created_by: str
    created_at: str
    reason: str | None
    pending: bool
    check_grade: str | None
    findings: int


#: The list's sortable columns by the name a page uses for them.
SORT_COLUMNS: dict[str, Any] = {
    "id": TableRecord.id,
    "year": TableRecord.fiscal_year,
    "project": TableVersion.project_name,
    "department": Department.code,
    "unit": TableVersion.implementing_unit,
    # Amounts are exact text on SQLite: a number only for the order.
    "funds": cast(TableVersion.funds_total, Float),
    "version": TableRecord.current_version,
    "status": TableRecord.status,
    "grade": func.coalesce(TableRecord.grade, TableRecord.check_grade),
}


def sort_order(sort: str | None) -> list[Any]:
    """Given "column" or "-column" (descending), return the ORDER BY terms (by id otherwise).

    Blanks go last either way, and the id breaks ties so that pages never overlap.
    """
    name = (sort or "").lstrip("-")
    column = SORT_COLUMNS.get(name)
    if column is None or name == "id":
        return [TableRecord.id.desc() if sort == "-id" else TableRecord.id]
    term = column.desc() if (sort or "").startswith("-") else column.asc()
    return [term.nulls_last(), TableRecord.id]


def list_tables(
    *, session: Session, scope: Scope, filters: Filters, page: Page | None = None
) -> list[TableSummary]:
    """Given a scope, filters and a page (default: every table by id), return that page's summaries."""
    page = page or Page()
    query = filtered(scoped(current_tables(), scope), filters).order_by(*sort_order(page.sort))
    if page.limit is not None:
        query = query.limit(page.limit).offset(page.offset)
    return [table_summary(r, v, d) for r, v, d in session.execute(query).all()]


def visible_ids(*, session: Session, scope: Scope, filters: Filters) -> list[int]:
    """Given a scope and filters, return the ids of every matching table (for a bundle)."""
    query = filtered(scoped(current_tables(), scope), filters).with_only_columns(TableRecord.id)
    return [int(i) for i in session.scalars(query.order_by(TableRecord.id))]


def count_tables_matching(*, session: Session, scope: Scope, filters: Filters) -> int:
    """Given a scope and filters, return how many tables match."""
    return int(session.scalar(_count(scope, filters)) or 0)


def _count(scope: Scope, f: Filters) -> Any:
    # Counting 50,000 rows through the version and department joins costs tens of
    # milliseconds on every list page; join only what the scope and filters need.
    query = select(func.count(TableRecord.id))
    if scope.department_code is not None or f.department:
        query = query.join(Department, Department.id == TableRecord.department_id)
    if f.q or f.finding:
        query = query.join(TableVersion, is_current())
    return filtered(scoped(query, scope), f)


def table_info(*, session: Session, table_id: int) -> TableInfo | None:
    """Given a table id, return the facts authorisation needs, or None when there is none."""
    row = session.execute(
        select(TableRecord, Department.code, Unit.name)
        .join(Department, Department.id == TableRecord.department_id)
        .outerjoin(Unit, Unit.id == TableRecord.unit_id)
        .where(TableRecord.id == table_id)
    ).first()
    if row is None:
        return None
    rec, code, unit = row
    path = department_path(session, rec.department_id)
    return TableInfo(
        rec.id, code, unit, rec.status, rec.kind, rec.lock_version, path, rec.current_version
    )


def versions(*, session: Session, table_id: int) -> list[VersionInfo]:
    """Given a table id, return its versions oldest first, with their finding counts."""
    mine = select(TableVersion.id).where(TableVersion.table_id == table_id)
    counts = (
        select(FindingRow.version_id, func.count().label("n"))
        .where(FindingRow.version_id.in_(mine))
        .group_by(FindingRow.version_id)
        .subquery()
    )
    rows = session.execute(
        select(TableVersion, counts.c.n)
        .outerjoin(counts, counts.c.version_id == TableVersion.id)
        .where(TableVersion.table_id == table_id)
        .order_by(TableVersion.version)
    ).all()
    return [
        VersionInfo(
            v.version,
            v.created_by,
            as_utc(v.created_at).isoformat(timespec="seconds"),
            v.reason,
            bool(v.pending),
            v.check_grade,
            int(n or 0),
        )
        for v, n in rows
    ]


def finding_codes(*, session: Session) -> list[str]:
    """Return every finding code present in the store (for the list filter)."""
    return list(session.scalars(select(FindingRow.code).distinct().order_by(FindingRow.code)))


def fiscal_years(*, session: Session) -> list[int]:
    """Return the fiscal years present, newest first."""
    query = select(TableRecord.fiscal_year).distinct().order_by(TableRecord.fiscal_year.desc())
    return [int(y) for y in session.scalars(query)]


def departments(*, session: Session) -> list[tuple[str, str, list[str]]]:
    """Return every department as (code, name, unit names)."""
    units: dict[int, list[str]] = {}
    for dept_id, name in session.execute(select(Unit.department_id, Unit.name).order_by(Unit.name)):
        units.setdefault(dept_id, []).append(name)
    rows = session.execute(select(Department).order_by(Department.code)).scalars()
    return [(d.code, d.name, units.get(d.id, [])) for d in rows]


def add_department(*, session: Session, code: str, name: str, units: list[str]) -> None:
    """Given a department code, name and unit names, create what does not exist yet."""
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise StoreError("部门代码和名称都必须填写。")
    dept_id = ensure_department(session, code, name)
    for unit in units:
        if unit.strip():
            ensure_unit(session, dept_id, unit.strip())
    session.flush()


def count_tables(*, session: Session) -> int:
    """Return how many tables exist."""
    return int(session.scalar(select(func.count(TableRecord.id))) or 0)


def summaries_by_id(
    *, session: Session, ids: Iterable[int | None], scope: Scope
) -> dict[int, TableSummary]:
    """Given table ids (None skipped), return the summaries of those the scope may see, by id."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    query = (
        scoped(current_tables(), scope).where(TableRecord.id.in_(wanted)).order_by(TableRecord.id)
    )
    return {r.id: table_summary(r, v, d) for r, v, d in session.execute(query).all()}


def summaries_for(
    *, session: Session, tables: Iterable[TargetTable], scope: Scope
) -> list[TableSummary]:
    """Given parsed tables, return the stored summaries of those the scope may see."""
    ids: list[int] = []
    for table in tables:
        if table.fiscal_year is None:
            continue
        project = find_project(session, table)
        if project is None:
            continue
        record = record_for(session, project.id, table.fiscal_year, table.kind)
        if record is not None:
            ids.append(record.id)
    return list(summaries_by_id(session=session, ids=ids, scope=scope).values())
