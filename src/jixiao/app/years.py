"""The cross-year checks over every stored project (issue 7, point 4; ``jixiao db check-years``).

The checks themselves are pure (:mod:`jixiao.scoring.crossyear`); the store
(:mod:`jixiao.store.years`) gathers each project's tables of every year.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.rules.base import Finding
from jixiao.scoring.crossyear import crossyear_findings
from jixiao.store.tables import Department, Project
from jixiao.store.years import current_rows, project_tables, tables_by_project

__all__ = ["ProjectYears", "check_years", "project_tables"]


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
    tables = tables_by_project(session, current_rows(session, list(projects)))
    out = []
    for pid, items in tables.items():
        years = tuple(sorted({t.fiscal_year for t in items if t.fiscal_year is not None}))
        if len(years) < 2:
            continue
        found = crossyear_findings(items, scheme)
        out.append(ProjectYears(projects[pid].key, projects[pid].name, years, found))
    return sorted(out, key=lambda r: r.project_key)
