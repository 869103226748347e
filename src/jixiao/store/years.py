"""A project's stored history by year, and the cross-year checks over it (issue 7, point 4).

The checks themselves are pure (:mod:`jixiao.scoring.crossyear`); this module only
gathers, for each project, the current version of every table of every year.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.model.project import TargetTable
from jixiao.rules.base import Finding
from jixiao.scoring.crossyear import crossyear_findings
from jixiao.store import mapping
from jixiao.store.entities import follow_merges
from jixiao.store.errors import NotFound
from jixiao.store.tables import Department, IndicatorRow, Project, TableRecord, TableVersion


@dataclass(frozen=True, slots=True)
class ProjectYears:
    """One project's cross-year findings: its key, name, years seen and findings."""

    project_key: str
    project_name: str
    years: tuple[int, ...]
    findings: tuple[Finding, ...]

    def to_dict(self) -> dict[str, object]:
        """Given the result, return its JSON object."""
        return {
            "project_key": self.project_key,
            "project_name": self.project_name,
            "years": list(self.years),
            "findings": [f.to_dict() for f in self.findings],
        }


def _current(
    session: Session, project_ids: list[int]
) -> list[tuple[int, TableRecord, TableVersion]]:
    rows = session.execute(
        select(TableRecord.project_id, TableRecord, TableVersion)
        .join(
            TableVersion,
            (TableVersion.table_id == TableRecord.id)
            & (TableVersion.version == TableRecord.current_version),
        )
        .where(TableRecord.project_id.in_(project_ids))
        .order_by(TableRecord.fiscal_year, TableRecord.id)
    ).all()
    return [(int(p), r, v) for p, r, v in rows]


def _tables(
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
    for table in _tables(session, _current(session, [project.id])).get(project.id, []):
        assert table.fiscal_year is not None
        by_year[table.fiscal_year].append(table)
    return dict(sorted(by_year.items()))


def check_years(
    *, session: Session, department: str | None = None, scheme: str = "central-2020"
) -> list[ProjectYears]:
    """Given an optional department code, return the cross-year findings of every project.

    Only projects with tables in at least two years are checked (the checks
    compare a year with the one before).
    """
    query = select(Project).where(Project.merged_into_id.is_(None))
    if department:
        query = query.join(Department, Department.id == Project.department_id).where(
            Department.code == department
        )
    projects = {p.id: p for p in session.scalars(query.order_by(Project.id))}
    # Tables of renamed projects were moved to the surviving project by the merge.
    tables = _tables(session, _current(session, list(projects)))
    out = []
    for pid, items in tables.items():
        years = tuple(sorted({t.fiscal_year for t in items if t.fiscal_year is not None}))
        if len(years) < 2:
            continue
        found = crossyear_findings(items, scheme)
        out.append(ProjectYears(projects[pid].key, projects[pid].name, years, found))
    return sorted(out, key=lambda r: r.project_key)
