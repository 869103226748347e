"""The tables as they stand: each table's version in force, and the list filters over it.

A table keeps every version it ever had (``table_versions``); lists, exports,
dashboards and checks read the one in force, ``TableRecord.current_version`` (a
pending adjustment is a later version that is not current yet, docs/domain.md
"Workflow"). That join is written here once; so are the filters a reader narrows
a list with, for ``jixiao db list`` and the web list alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, exists, func, or_, select

from jixiao.store.tables import Department, FindingRow, TableRecord, TableVersion

#: A query of any columns, narrowed and handed back with its own type.
AnySelect = TypeVar("AnySelect", bound="Select[*tuple[Any, ...]]")


def is_current() -> ColumnElement[bool]:
    """Return the join condition of a table record and its version in force."""
    return (TableVersion.table_id == TableRecord.id) & (
        TableVersion.version == TableRecord.current_version
    )


def in_force(record: TableRecord) -> ColumnElement[bool]:
    """Given one loaded table record, return the condition picking its version in force."""
    return (TableVersion.table_id == record.id) & (TableVersion.version == record.current_version)


def current_tables() -> Select[TableRecord, TableVersion, Department]:
    """Return every table with its version in force and its department (a query to narrow)."""
    return (
        select(TableRecord, TableVersion, Department)
        .join(TableVersion, is_current())
        .join(Department, Department.id == TableRecord.department_id)
    )


def current_version_ids() -> Select[int]:
    """Return the ids of the versions in force (a query to narrow by ``TableRecord`` columns)."""
    return select(TableVersion.id).join(TableRecord, is_current())


@dataclass(frozen=True, slots=True)
class Filters:
    """What a table list is narrowed to (all optional)."""

    department: str | None = None
    year: int | None = None
    status: str | None = None
    grade: str | None = None
    finding: str | None = None
    q: str | None = None
    kind: str | None = None


def filtered(query: AnySelect, f: Filters) -> AnySelect:
    """Given a query over current tables (with ``Department`` joined if ``f.department``), narrow it.

    ``finding`` and ``q`` need the current ``TableVersion`` in the query as well.
    """
    if f.department:
        query = query.where(Department.code == f.department)
    if f.year is not None:
        query = query.where(TableRecord.fiscal_year == f.year)
    if f.status:
        query = query.where(TableRecord.status == f.status)
    if f.grade:
        query = query.where(func.coalesce(TableRecord.grade, TableRecord.check_grade) == f.grade)
    if f.kind:
        query = query.where(TableRecord.kind == f.kind)
    if f.finding:
        query = query.where(
            exists().where(FindingRow.version_id == TableVersion.id, FindingRow.code == f.finding)
        )
    if f.q and f.q.strip():
        like = f"%{like_literal(f.q.strip())}%"
        query = query.where(
            or_(
                TableVersion.project_name.like(like, escape="\\"),
                TableVersion.implementing_unit.like(like, escape="\\"),
            )
        )
    return query


def like_literal(text: str) -> str:
    """Given search text, return it as a LIKE pattern matching exactly that text.

    A reader searching for "100%" or "a_b" means those characters, not LIKE's
    wildcards (a bare "%" used to match every table).
    """
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
