"""Departments, units, projects and table records: find or create, and the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from jixiao.model.project import TargetTable
from jixiao.store import mapping
from jixiao.store.tables import AuditEntry, Department, Project, TableRecord, Unit

_CACHE = "jixiao.ids"


@event.listens_for(Session, "after_rollback")
def _forget_ids(session: Session) -> None:
    # Ids created inside a rolled-back transaction no longer exist.
    session.info.pop(_CACHE, None)


def _cache(session: Session) -> dict[tuple[str, ...], int]:
    cache: dict[tuple[str, ...], int] = session.info.setdefault(_CACHE, {})
    return cache


def ensure_department(session: Session, code: str, name: str | None) -> int:
    """Given a department code and name, return its id, creating it when new."""
    cache = _cache(session)
    key = ("dept", code)
    if key in cache:
        return cache[key]
    found = session.scalar(select(Department.id).where(Department.code == code))
    if found is None:
        row = Department(code=code, name=name or code)
        session.add(row)
        session.flush()
        found = row.id
    cache[key] = found
    return found


def ensure_unit(session: Session, department_id: int, name: str | None) -> int | None:
    """Given a department id and an implementing unit's name, return the unit's id."""
    if not name:
        return None
    cache = _cache(session)
    key = ("unit", str(department_id), name)
    if key in cache:
        return cache[key]
    found = session.scalar(
        select(Unit.id).where(Unit.department_id == department_id, Unit.name == name)
    )
    if found is None:
        row = Unit(department_id=department_id, name=name)
        session.add(row)
        session.flush()
        found = row.id
    cache[key] = found
    return found


def ensure_project(session: Session, table: TargetTable) -> Project:
    """Given a table, return the project it belongs to (following merges), creating it when new."""
    project = _project_of(session, table, create=True)
    assert project is not None  # created when missing
    return project


def find_project(session: Session, table: TargetTable) -> Project | None:
    """Given a table, return the stored project it belongs to (following merges), or None."""
    return _project_of(session, table, create=False)


def _project_of(session: Session, table: TargetTable, *, create: bool) -> Project | None:
    # A project is named by department code + normalised name, and it belongs to the
    # implementing unit whose tables it holds. A table of another unit under the same
    # name is that unit's own project (the key plus the unit's id), never a version of
    # the first unit's table: reusing a name must not let one unit overwrite another's
    # table (issue 13.1), and what a load answers must not depend on whether another
    # unit filed that name (no refusal that would tell them so).
    key = mapping.project_key(table)
    project = _by_key(session, key, table, create=create)
    unit = table.project.implementing_unit or None
    if project is None or belongs_to(session, project.id, unit, table.fiscal_year, table.kind):
        return project
    code = mapping.department_code_of(table)
    if create:
        unit_id = ensure_unit(
            session, ensure_department(session, code, table.project.department), unit
        )
    else:
        unit_id = _unit_id(session, code, unit)
        if unit is not None and unit_id is None:
            return None  # a unit never stored has no project of its own yet
    return _by_key(session, f"{key}|unit{unit_id or 0}", table, create=create)


def _by_key(session: Session, key: str, table: TargetTable, *, create: bool) -> Project | None:
    project = session.scalar(select(Project).where(Project.key == key))
    if project is None:
        if not create:
            return None
        code = mapping.department_code_of(table)
        dept_id = ensure_department(session, code, table.project.department)
        project = Project(key=key, department_id=dept_id, name=table.project.name or "")
        session.add(project)
        session.flush()
    return follow_merges(session, project)


def _unit_id(session: Session, department_code: str, name: str | None) -> int | None:
    if name is None:
        return None
    return session.scalar(
        select(Unit.id)
        .join(Department, Department.id == Unit.department_id)
        .where(Department.code == department_code, Unit.name == name)
    )


def belongs_to(
    session: Session, project_id: int, unit: str | None, year: int | None, kind: str
) -> bool:
    """Given a project and a table's unit, year and kind, return whether the table is the project's.

    It is when the project's table of that year and kind is the unit's; when there is
    none, when the unit filed the project's latest table (the unit responsible for it
    now: after a reorganisation an administrator merges the old unit's project into
    the new one's, and the new unit carries on). A project with no table is anyone's.
    """
    rows = session.execute(
        select(TableRecord.fiscal_year, TableRecord.kind, TableRecord.id, Unit.name)
        .outerjoin(Unit, Unit.id == TableRecord.unit_id)
        .where(TableRecord.project_id == project_id)
    ).all()
    same = [u == unit for y, k, _, u in rows if (y, k) == (year, kind)]
    if same:
        return same[0]
    return not rows or max(rows, key=lambda r: (r[0], r[2]))[3] == unit


def follow_merges(session: Session, project: Project) -> Project:
    """Given a project, return the project it was merged into (transitively), or itself."""
    seen = {project.id}
    while project.merged_into_id is not None:
        nxt = session.get(Project, project.merged_into_id)
        if nxt is None or nxt.id in seen:
            break
        seen.add(nxt.id)
        project = nxt
    return project


def record_for(session: Session, project_id: int, year: int, kind: str) -> TableRecord | None:
    """Given a project, a fiscal year and a kind, return its table record, if any."""
    return session.scalar(
        select(TableRecord).where(
            TableRecord.project_id == project_id,
            TableRecord.fiscal_year == year,
            TableRecord.kind == kind,
        )
    )


def audit(
    session: Session,
    actor: str,
    action: str,
    record: TableRecord | None,
    version: int | None,
    from_status: str | None,
    to_status: str | None,
    reason: str | None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one entry to the audit log: who, what, on which table, why."""
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            table_id=record.id if record is not None else None,
            version=version,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            detail=detail,
        )
    )
