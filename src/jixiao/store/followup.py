"""Monitoring and self-evaluation tables against their stored target (issue 7).

A 绩效运行监控表 or 项目支出绩效自评表 repeats the approved targets (docs/domain.md), so
each of its versions points at the target version it is measured against
(``table_versions.based_on_id``): the approved version of the same project and
year, or, while nothing is approved yet, the target's current version. The
consistency check compares with the *binding* target: the version approved with
the budget, or the newest approved adjustment (财预〔2020〕10号: values "may not
change unless an approved adjustment exists").
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from jixiao.model.project import TargetTable
from jixiao.model.workflow import Action
from jixiao.store import mapping
from jixiao.store.current import in_force
from jixiao.store.entities import find_project
from jixiao.store.errors import NotFound
from jixiao.store.queries import APPROVED_STATES
from jixiao.store.tables import AuditEntry, IndicatorRow, TableRecord, TableVersion

FOLLOWUP_KINDS = ("self_evaluation", "monitoring")


@dataclass(frozen=True, slots=True)
class TargetLink:
    """The target a follow-up table is measured against: the binding version and its history."""

    version_id: int
    approved: bool
    original: TargetTable
    adjustments: tuple[TargetTable, ...] = ()

    @property
    def binding(self) -> TargetTable:
        """Return the version the follow-up table must repeat (the newest approved one)."""
        return self.adjustments[-1] if self.adjustments else self.original


def _target_record(session: Session, project_id: int, year: int) -> TableRecord | None:
    return session.scalar(
        select(TableRecord).where(
            TableRecord.project_id == project_id,
            TableRecord.fiscal_year == year,
            TableRecord.kind == "target",
        )
    )


def _version(session: Session, record: TableRecord, number: int) -> TargetTable:
    ver = session.scalar(
        select(TableVersion).where(
            TableVersion.table_id == record.id, TableVersion.version == number
        )
    )
    if ver is None:
        raise NotFound(f"表 {record.id} 没有第 {number} 版。")
    rows = list(session.scalars(select(IndicatorRow).where(IndicatorRow.version_id == ver.id)))
    return mapping.table_from_rows("target", record.fiscal_year, ver, rows)


def _approved_number(session: Session, record: TableRecord) -> int:
    # The version current when the budget was approved; later current versions
    # can only come from approved adjustments (save_table refuses edits then).
    found = session.scalar(
        select(AuditEntry.version)
        .where(AuditEntry.table_id == record.id, AuditEntry.action == Action.APPROVE.value)
        .order_by(AuditEntry.id.desc())
    )
    return int(found) if found is not None else record.current_version


def link_for(session: Session, project_id: int, year: int) -> TargetLink | None:
    """Given a project id and a year, return the target its follow-up tables are measured against."""
    record = _target_record(session, project_id, year)
    if record is None:
        return None
    current_id = session.scalar(select(TableVersion.id).where(in_force(record)))
    assert current_id is not None
    if record.status not in APPROVED_STATES:
        return TargetLink(current_id, False, _version(session, record, record.current_version))
    first = _approved_number(session, record)
    later = session.scalars(
        select(TableVersion.version)
        .where(
            TableVersion.table_id == record.id,
            TableVersion.pending.is_(False),
            TableVersion.version > first,
            TableVersion.version <= record.current_version,
        )
        .order_by(TableVersion.version)
    )
    adjustments = tuple(_version(session, record, n) for n in later)
    return TargetLink(current_id, True, _version(session, record, first), adjustments)


def project_id_for(session: Session, table: TargetTable) -> int | None:
    """Given a table, return its stored project's id (renamed projects followed), or None."""
    project = find_project(session, table)
    return None if project is None else project.id


def linked_target_id(*, session: Session, table_id: int) -> int | None:
    """Given a stored table id, return the id of the target version its current version is linked to."""
    record = session.get(TableRecord, table_id)
    if record is None:
        raise NotFound(f"没有编号为 {table_id} 的表。")
    return session.scalar(select(TableVersion.based_on_id).where(in_force(record)))
