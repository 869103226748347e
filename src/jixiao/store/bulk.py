"""The fast path of a load: new and unchanged tables of one file in a few statements.

A province loads tens of thousands of tables a year; going through the ORM one
table at a time costs several milliseconds each. Here one file's tables are
classified with two queries, and the new ones inserted with one multi-row
statement per table of the schema. Anything else (a revision, a refusal, the
same project twice in one file) is left to :func:`jixiao.store.load.save_table`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from psycopg import sql
from psycopg.types.json import Json
from sqlalchemy import JSON, Table, insert, select, text
from sqlalchemy.orm import Session

from jixiao.model.project import TargetTable
from jixiao.model.workflow import Status
from jixiao.store import mapping
from jixiao.store.current import is_current
from jixiao.store.entities import ensure_department, ensure_unit
from jixiao.store.generation import mark_changed
from jixiao.store.tables import (
    AuditEntry,
    Base,
    FindingRow,
    IndicatorRow,
    Project,
    TableRecord,
    TableVersion,
    Unit,
    utcnow,
)


@dataclass
class Planned:
    """A table of the file with what the fast path decided about it."""

    table: TargetTable
    key: str
    sha: str
    project_id: int | None = None
    department_id: int | None = None
    table_id: int | None = None
    outcome: str = "slow"  # "new", "unchanged" or "slow"


def plan(session: Session, tables: Sequence[TargetTable]) -> list[Planned]:
    """Given one file's tables, return each with its project and fast-path decision."""
    items = [Planned(t, mapping.project_key(t), mapping.content_sha256(t)) for t in tables]
    _attach_projects(session, items)
    found, units = _existing(session, items)
    seen: set[tuple[int, int, str]] = set()
    for item in items:
        if item.project_id is None or item.table.kind != "target":
            continue  # merged projects and monitoring/self-evaluation links: slow path
        ident = (item.project_id, item.table.fiscal_year or 0, item.table.kind)
        if ident in seen:
            continue  # the same table twice in one file: the slow path versions it
        seen.add(ident)
        unit = item.table.project.implementing_unit or None
        if units.get(item.project_id, {unit}) != {unit}:
            # Another unit's table carries this name: the slow path gives the unit
            # its own project (jixiao.store.entities.ensure_project).
            continue
        if ident not in found:
            item.outcome = "new"
        elif found[ident][1] == item.sha:
            item.outcome, item.table_id = "unchanged", found[ident][0]
    return items


def insert_new(
    session: Session, items: list[Planned], actor: str, file_id: int | None, checks: list[Any]
) -> list[int]:
    """Given planned new tables and their check results, insert them; return their ids."""
    if not items:
        return []
    now = utcnow()
    records = [
        _record_row(session, i, now, grade) for i, (_, grade) in zip(items, checks, strict=True)
    ]
    ids = _insert_returning(session, TableRecord, records)
    versions = [
        {
            **_version_columns(i.table, grade),
            "table_id": tid, "version": 1, "pending": False, "sha256": i.sha, "check_grade": grade,
            "file_id": file_id, "based_on_id": None, "created_by": actor, "reason": None, "created_at": now,
        }
        for i, tid, (_, grade) in zip(items, ids, checks, strict=True)
    ]  # fmt: skip
    vids = _insert_returning(session, TableVersion, versions)
    indicators = [
        {**r, "version_id": vid}
        for i, vid in zip(items, vids, strict=True)
        for r in mapping.indicator_rows(i.table)
    ]
    findings = [
        {**f, "version_id": vid} for (fs, _), vid in zip(checks, vids, strict=True) for f in fs
    ]
    audits = [
        {"actor": actor, "action": "load", "table_id": tid, "version": 1, "from_status": None,
         "to_status": Status.DRAFT.value, "reason": None, "detail": {"sha256": i.sha}, "at": now}
        for i, tid in zip(items, ids, strict=True)
    ]  # fmt: skip
    for model, rows in ((IndicatorRow, indicators), (FindingRow, findings), (AuditEntry, audits)):
        if rows:
            insert_rows(session, model, rows)
    return ids


def insert_rows(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Given rows that all have the same keys, insert them (COPY on PostgreSQL)."""
    if session.get_bind().dialect.name != "postgresql":
        session.execute(insert(_table(model)), rows)
        return
    # An executemany of 50,000 tables' indicators spent most of its time in psycopg
    # turning each batch's statement around; COPY streams the rows as data, out of
    # sight of the session's events, hence the explicit note for the caches.
    mark_changed(session)
    table = _table(model)
    columns = list(rows[0])
    wrap = {c for c in columns if isinstance(table.c[c].type, JSON)}
    raw = session.connection().connection.driver_connection
    assert raw is not None  # a session in a transaction always holds a DBAPI connection
    query = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with raw.cursor() as cursor, cursor.copy(query) as copy:
        for row in rows:
            copy.write_row(
                [Json(row[c]) if c in wrap and row[c] is not None else row[c] for c in columns]
            )


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _insert_returning(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> list[int]:
    """Given rows, insert them and return their new ids in the order of the rows."""
    table = _table(model)
    if session.get_bind().dialect.name == "postgresql":
        # Ids drawn from the column's own sequence, then COPY: a multi-row
        # INSERT … RETURNING of a different length per file was parsed afresh by
        # psycopg every time (a third of the storing time of a bulk load).
        ids = [
            int(i)
            for i in session.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"
                ),
                {"t": table.name, "n": len(rows)},
            )
        ]
        insert_rows(session, model, [{"id": i, **r} for i, r in zip(ids, rows, strict=True)])
        return ids
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [int(i) for i in session.execute(stmt, rows).scalars()]


def _record_row(session: Session, item: Planned, now: Any, grade: str | None) -> dict[str, Any]:
    t = item.table
    assert item.department_id is not None
    return {
        "project_id": item.project_id,
        "department_id": item.department_id,
        "unit_id": ensure_unit(session, item.department_id, t.project.implementing_unit),
        "fiscal_year": t.fiscal_year,
        "kind": t.kind,
        "status": Status.DRAFT.value,
        "grade": None,
        "check_grade": grade,
        "current_version": 1,
        "lock_version": 1,
        "updated_at": now,
    }


def _version_columns(table: TargetTable, grade: str | None) -> dict[str, Any]:
    row = mapping.version_row(table)
    return {
        "project_name": row.project_name, "implementing_unit": row.implementing_unit, "source": row.source,
        "period_years": row.period_years, "funds_total": row.funds_total, "funds_fiscal": row.funds_fiscal,
        "funds_carryover": row.funds_carryover, "funds_other": row.funds_other, "goals": row.goals,
        "extra": row.extra,
    }  # fmt: skip


def _attach_projects(session: Session, items: list[Planned]) -> None:
    keys = sorted({i.key for i in items})
    rows = session.execute(
        select(Project.key, Project.id, Project.department_id, Project.merged_into_id).where(
            Project.key.in_(keys)
        )
    ).all()
    known = {k: (pid, did, merged) for k, pid, did, merged in rows}
    missing = [i for i in items if i.key not in known]
    new_rows: dict[str, dict[str, Any]] = {}
    for item in missing:
        code = mapping.department_code_of(item.table)
        dept = ensure_department(session, code, item.table.project.department)
        new_rows.setdefault(
            item.key,
            {
                "key": item.key,
                "department_id": dept,
                "name": item.table.project.name or "",
                "merged_into_id": None,
            },
        )
    if new_rows:
        values = list(new_rows.values())
        ids = _insert_returning(session, Project, values)
        for row, pid in zip(values, ids, strict=True):
            known[row["key"]] = (pid, row["department_id"], None)
    for item in items:
        pid, did, merged = known[item.key]
        # A merged (renamed) project: leave it to the slow path, which follows merges.
        item.project_id, item.department_id = (None, None) if merged else (pid, did)


def _existing(
    session: Session, items: list[Planned]
) -> tuple[dict[tuple[int, int, str], tuple[int, str]], dict[int, set[str | None]]]:
    """Return the stored (table id, current sha) per table and the units of each project."""
    idents = {(i.project_id, i.table.fiscal_year, i.table.kind) for i in items if i.project_id}
    if not idents:
        return {}, {}
    rows = session.execute(
        select(
            TableRecord.project_id,
            TableRecord.fiscal_year,
            TableRecord.kind,
            TableRecord.id,
            TableVersion.sha256,
            Unit.name,
        )
        .join(TableVersion, is_current())
        .outerjoin(Unit, Unit.id == TableRecord.unit_id)
        # Project ids alone: SQLite plans a row-value IN as a scan of every version.
        .where(TableRecord.project_id.in_(sorted({p for p, _, _ in idents})))
    ).all()
    found = {(p, y, k): (tid, sha) for p, y, k, tid, sha, _ in rows if (p, y, k) in idents}
    units: dict[int, set[str | None]] = {}
    for p, *_, unit in rows:
        units.setdefault(p, set()).add(unit)
    return found, units
