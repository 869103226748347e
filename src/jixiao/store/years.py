"""A project's stored history by year (issue 7, point 4).

This gathers, for each project, the current version of every table of every
year; the cross-year checks over it are the use case :mod:`jixiao.app.years`.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.model.project import TargetTable
from jixiao.store import mapping
from jixiao.store.current import is_current
from jixiao.store.entities import follow_merges
from jixiao.store.errors import NotFound
from jixiao.store.tables import IndicatorRow, Project, TableRecord, TableVersion


def current_rows(
    session: Session, project_ids: list[int]
) -> list[tuple[int, TableRecord, TableVersion]]:
    rows = session.execute(
        select(TableRecord.project_id, TableRecord, TableVersion)
        .join(TableVersion, is_current())
        .where(TableRecord.project_id.in_(project_ids))
        .order_by(TableRecord.fiscal_year, TableRecord.id)
    ).all()
    return [(int(p), r, v) for p, r, v in rows]


def tables_by_project(
    session: Session, rows: list[tuple[int, TableRecord, TableVersion]]
) -> dict[int, list[TargetTable]]:
    ids = [v.id for _, _, v in rows]
    indicators: dict[int, list[IndicatorRow]] = defaultdict(list)
    for ind in session.scalars(select(IndicatorRow).where(IndicatorRow.version_id.in_(ids))):
        indicators[ind.version_id].append(ind)
    out: dict[int, list[TargetTable]] = defaultdict(list)
    for pid, rec, ver in rows:
        out[pid].append(mapping.table_from_rows(rec.kind, rec.fiscal_year, ver, indicators[ver.id]))
    return out


def project_tables(*, session: Session, project_key: str) -> dict[int, list[TargetTable]]:
    """Given a project key (department code|normalised name), return its tables by fiscal year.

    Each year lists the current version of each kind (target, monitoring,
    self-evaluation); a renamed project is followed to the one it was merged into.
    """
    project = session.scalar(select(Project).where(Project.key == project_key))
    if project is None:
        raise NotFound(f"没有项目“{project_key}”。")
    project = follow_merges(session, project)
    by_year: dict[int, list[TargetTable]] = defaultdict(list)
    for table in tables_by_project(session, current_rows(session, [project.id])).get(
        project.id, []
    ):
        assert table.fiscal_year is not None
        by_year[table.fiscal_year].append(table)
    return dict(sorted(by_year.items()))
