"""Shared by the benchmarks: store synthetic tables the way a province's files arrive.

One transaction per department and year (one file's worth), as ``jixiao db load``
commits; with a checker the rule findings and grades are stored too.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from sqlalchemy.orm import Session

from jixiao.model.project import TargetTable
from jixiao.store import repo
from jixiao.store.load import Checker


def store_by_department_year(
    session: Session, tables: Sequence[TargetTable], checker: Checker | None = None
) -> None:
    """Given a session and tables, store them one department-year per transaction."""
    key = lambda t: (t.project.department_code or "", t.fiscal_year or 0)  # noqa: E731
    for i, (_, group) in enumerate(groupby(sorted(tables, key=key), key=key)):
        repo.load_tables(
            session=session,
            tables=list(group),
            actor="bench",
            data=f"{i}".encode(),
            name=f"{i}.txt",
            checker=checker,
        )
        session.commit()
