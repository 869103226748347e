"""Reading the store: list, show, history, dashboard counts, the approved target."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from jixiao.model.money import money_str
from jixiao.model.project import TargetTable
from jixiao.model.workflow import Status
from jixiao.store import mapping
from jixiao.store.current import Filters, current_tables, current_version_ids, filtered
from jixiao.store.entities import follow_merges
from jixiao.store.errors import NotFound
from jixiao.store.tables import (
    AuditEntry,
    Department,
    FindingRow,
    IndicatorRow,
    Project,
    TableRecord,
    TableVersion,
)

CountBy = Literal["department", "year", "status", "grade"]
#: Statuses in which the table's current version is the approved target.
APPROVED_STATES = (Status.APPROVED.value, Status.ADJUSTING.value)


@dataclass(frozen=True, slots=True)
class TableSummary:
    """One line of ``jixiao db list``: the current version of a table."""

    id: int
    project_name: str
    department_code: str
    department: str
    implementing_unit: str | None
    fiscal_year: int
    kind: str
    version: int
    status: str
    grade: str | None
    check_grade: str | None
    review_grade: str | None
    funds_total: str | None
    lock_version: int

    def to_dict(self) -> dict[str, Any]:
        """Given a summary, return its JSON object (money as a decimal string)."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class StoredTable:
    """A table as stored: its summary, the model, and the findings of its last check."""

    summary: TableSummary
    table: TargetTable
    findings: tuple[dict[str, Any], ...]


def table_summary(rec: TableRecord, ver: TableVersion, dept: Department) -> TableSummary:
    """Given a table record, its current version and department, return its list line."""
    return TableSummary(
        id=rec.id,
        project_name=ver.project_name,
        department_code=dept.code,
        department=dept.name,
        implementing_unit=ver.implementing_unit,
        fiscal_year=rec.fiscal_year,
        kind=rec.kind,
        version=rec.current_version,
        status=rec.status,
        grade=rec.grade or ver.check_grade,
        check_grade=ver.check_grade,
        review_grade=rec.grade,
        funds_total=money_str(ver.funds_total),
        lock_version=rec.lock_version,
    )


def list_tables(
    *,
    session: Session,
    department: str | None = None,
    year: int | None = None,
    status: str | None = None,
    grade: str | None = None,
    kind: str | None = None,
) -> list[TableSummary]:
    """Given optional filters, return the current version of each matching table, by id."""
    flt = Filters(department=department, year=year, status=status, grade=grade, kind=kind)
    query = filtered(current_tables(), flt)
    rows = session.execute(query.order_by(TableRecord.id)).all()
    return [table_summary(r, v, d) for r, v, d in rows]


def get_table(*, session: Session, table_id: int, version: int | None = None) -> StoredTable:
    """Given a table id (and optionally a version number), return the stored table."""
    row = session.execute(current_tables().where(TableRecord.id == table_id)).first()
    if row is None:
        raise NotFound(f"没有编号为 {table_id} 的表。用 jixiao db list 查看已入库的表。")
    rec, ver, dept = row
    if version is not None and version != rec.current_version:
        other = session.scalar(
            select(TableVersion).where(
                TableVersion.table_id == table_id, TableVersion.version == version
            )
        )
        if other is None:
            raise NotFound(f"表 {table_id} 没有第 {version} 版。")
        ver = other
    indicators = list(
        session.scalars(select(IndicatorRow).where(IndicatorRow.version_id == ver.id))
    )
    findings = session.scalars(
        select(FindingRow).where(FindingRow.version_id == ver.id).order_by(FindingRow.id)
    )
    table = mapping.table_from_rows(rec.kind, rec.fiscal_year, ver, indicators)
    summary = table_summary(rec, ver, dept)
    if version is not None:
        summary = TableSummary(**{**summary.to_dict(), "version": ver.version})
    return StoredTable(summary, table, tuple(mapping.finding_to_dict(f) for f in findings))


def history(*, session: Session, table_id: int) -> list[dict[str, Any]]:
    """Given a table id, return its audit entries oldest first: who, when, what, why."""
    if session.get(TableRecord, table_id) is None:
        raise NotFound(f"没有编号为 {table_id} 的表。")
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.table_id == table_id).order_by(AuditEntry.id)
    )
    return [
        {
            "at": as_utc(e.at).isoformat(),
            "actor": e.actor,
            "action": e.action,
            "version": e.version,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "reason": e.reason,
        }
        for e in entries
    ]


def counts(*, session: Session, by: CountBy, year: int | None = None) -> list[tuple[str, int]]:
    """Given a dimension, return the number of tables per value (the dashboard tiles)."""
    if by == "department":
        return _counts_by_department(session, year)
    column: Any
    query: Select[Any]
    if by == "grade":
        column = func.coalesce(TableRecord.grade, TableRecord.check_grade)
        query = select(column, func.count())
    else:
        column = TableRecord.fiscal_year if by == "year" else TableRecord.status
        query = select(column, func.count())
    query = query.select_from(TableRecord)
    if year is not None:
        query = query.where(TableRecord.fiscal_year == year)
    rows = session.execute(query.group_by(column).order_by(column)).all()
    return [("未评级" if k is None else str(k), int(n)) for k, n in rows]


def _counts_by_department(session: Session, year: int | None) -> list[tuple[str, int]]:
    # Grouping on the record's own column and naming departments afterwards
    # avoids a join over every table (a few hundred departments, 50,000 tables).
    query = select(TableRecord.department_id, func.count()).group_by(TableRecord.department_id)
    if year is not None:
        query = query.where(TableRecord.fiscal_year == year)
    codes = dict(session.execute(select(Department.id, Department.code)).all())
    rows = session.execute(query).all()
    return sorted((codes.get(dept, str(dept)), int(n)) for dept, n in rows)


def as_utc(moment: datetime) -> datetime:
    """Given a stored time, return it in UTC (SQLite hands times back without a zone)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def approved_version_id(session: Session, project_id: int, year: int) -> int | None:
    """Given a project id and a year, return the id of its approved target version."""
    return session.scalar(
        current_version_ids().where(
            TableRecord.project_id == project_id,
            TableRecord.fiscal_year == year,
            TableRecord.kind == "target",
            TableRecord.status.in_(APPROVED_STATES),
        )
    )


def approved_target_for(*, session: Session, project_key: str, year: int) -> TargetTable | None:
    """Given a project key (department code|normalised name) and a year, return its approved target.

    Self-evaluation may not change the approved targets unless an approved
    adjustment exists (docs/domain.md); an approved adjustment is the current version.
    """
    project = session.scalar(select(Project).where(Project.key == project_key))
    if project is None:
        return None
    project = follow_merges(session, project)
    version_id = approved_version_id(session, project.id, year)
    if version_id is None:
        return None
    ver = session.get(TableVersion, version_id)
    assert ver is not None
    indicators = list(
        session.scalars(select(IndicatorRow).where(IndicatorRow.version_id == ver.id))
    )
    return mapping.table_from_rows("target", year, ver, indicators)
