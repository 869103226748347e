"""What exports read from the store: a department's tables for a bundle.

Issue 8's department bundle (``jixiao export --department CODE --year Y``) needs the
current version of every table of a department and year, with the stored grade
and the counts of the last check's findings for the summary sheet; writing
them is the use case :mod:`jixiao.app.bundles`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from jixiao.model.project import TargetTable
from jixiao.store import mapping
from jixiao.store.current import Filters, current_tables, filtered
from jixiao.store.tables import Department, FindingRow, IndicatorRow

# Keeps every IN (...) list well under SQLite's bound-parameter limit.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class BundleEntry:
    """One table of a department bundle with what the database knows about it."""

    table_id: int
    table: TargetTable
    grade: str | None
    findings: int
    errors: int


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


def version_indicators(
    session: Session, version_ids: Sequence[int]
) -> dict[int, list[IndicatorRow]]:
    """Given version ids, return each version's indicator rows."""
    out: dict[int, list[IndicatorRow]] = defaultdict(list)
    for part in _chunks(version_ids):
        for row in session.scalars(select(IndicatorRow).where(IndicatorRow.version_id.in_(part))):
            out[row.version_id].append(row)
    return out


def _finding_counts(session: Session, version_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    errors = func.sum(case((FindingRow.severity == "error", 1), else_=0))
    out: dict[int, tuple[int, int]] = {}
    for part in _chunks(version_ids):
        rows = session.execute(
            select(FindingRow.version_id, func.count(), errors)
            .where(FindingRow.version_id.in_(part))
            .group_by(FindingRow.version_id)
        )
        out.update({int(v): (int(n), int(e or 0)) for v, n, e in rows})
    return out


def department_tables(
    *,
    session: Session,
    department: str,
    year: int,
    kind: str | None = None,
    ids: Collection[int] | None = None,
) -> list[BundleEntry]:
    """Given a department code and a fiscal year, return the current version of each of its tables.

    Ordered by table kind (targets first) then project name, the order of the
    bundle's summary sheet. ``ids`` keeps only those tables (what a web reader may see).
    """
    query = filtered(current_tables(), Filters(year=year, kind=kind))
    query = query.where(Department.code == department)
    rows = [(rec, ver) for rec, ver, _ in session.execute(query).all()]
    if ids is not None:
        wanted = set(ids)
        rows = [r for r in rows if r[0].id in wanted]
    order = {"target": 0, "monitoring": 1, "self_evaluation": 2}
    rows.sort(key=lambda r: (order.get(r[0].kind, 3), r[1].project_name, r[0].id))
    version_ids = [v.id for _, v in rows]
    indicators = version_indicators(session, version_ids)
    counts = _finding_counts(session, version_ids)
    return [
        BundleEntry(
            rec.id,
            mapping.table_from_rows(rec.kind, rec.fiscal_year, ver, indicators[ver.id]),
            rec.grade or ver.check_grade,
            *counts.get(ver.id, (0, 0)),
        )
        for rec, ver in rows
    ]
