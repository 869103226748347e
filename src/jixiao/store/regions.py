"""A finance reviewer's region: a department and every department below it (``parent``).

Departments form a tree through ``parent_id`` (any depth); a region is named by the
code of its top department. Used by :mod:`jixiao.store.listing` to scope lists and
dashboards, and by ``jixiao.web.authz`` to decide on one table.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from jixiao.store.tables import Department


def region_department_ids(code: str) -> Select[Any]:
    """Given a region's department code, return a select of its and its descendants' ids."""
    # UNION (not UNION ALL) drops rows already found, so a parent cycle typed in by
    # mistake ends the recursion instead of looping forever (SQLite and PostgreSQL).
    tree = select(Department.id).where(Department.code == code).cte("region", recursive=True)
    below = select(Department.id).where(Department.parent_id == tree.c.id)
    tree = tree.union(below)
    return select(tree.c.id)


def region_codes(*, session: Session, code: str) -> frozenset[str]:
    """Given a region's department code, return its and its descendants' codes."""
    ids = region_department_ids(code)
    return frozenset(session.scalars(select(Department.code).where(Department.id.in_(ids))))


def department_path(session: Session, department_id: int) -> tuple[str, ...]:
    """Given a department id, return its code and its ancestors' codes, nearest first."""
    path: list[str] = []
    seen: set[int] = set()
    current: int | None = department_id
    while current is not None and current not in seen:
        seen.add(current)
        row = session.execute(
            select(Department.code, Department.parent_id).where(Department.id == current)
        ).first()
        if row is None:
            break
        path.append(row[0])
        current = row[1]
    return tuple(path)
