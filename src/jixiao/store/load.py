"""Storing parsed tables: idempotent, versioned, refused where the workflow says so.

The same content twice adds nothing (content sha256 per table, file sha256 per
file); changed content for the same project and year adds a version with an audit
entry while the table is still a draft or returned, and is refused afterwards
(docs/domain.md "Workflow": after submission a change goes through 调整).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from jixiao.model.project import TargetTable
from jixiao.model.workflow import EDITABLE, Action, Status, WorkflowError, transition
from jixiao.store import bulk, mapping
from jixiao.store.auth import Actor, check_scope, resolve_actor
from jixiao.store.current import in_force
from jixiao.store.entities import audit, ensure_project, record_for
from jixiao.store.errors import (
    ChangeRefused,
    PermissionDenied,
    StaleVersion,
)
from jixiao.store.followup import TargetLink, link_for
from jixiao.store.tables import (
    Department,
    FindingRow,
    IndicatorRow,
    SourceFile,
    TableRecord,
    TableVersion,
    Unit,
)

Outcome = Literal["added", "version", "unchanged", "refused"]
#: A finding row (``mapping.finding_rows``) list and the check grade.
Checked = tuple[list[dict[str, Any]], str | None]


class Checker(Protocol):
    """What the store is handed to review a table it stores (issue 14: the store checks nothing).

    The use cases (:mod:`jixiao.app.review`) compose the rules, the follow-up checks
    against the stored target and the indicator library's benchmarks; the store only
    says which target a follow-up table is measured against (``target``, None for a
    target table or when none is stored) and which stored table it is (``table_id``,
    None for a new one), and stores what comes back.
    """

    def __call__(
        self, table: TargetTable, *, target: TargetLink | None, table_id: int | None
    ) -> Checked: ...


@dataclass
class FileReport:
    """What loading one file did."""

    file: str
    added: int = 0
    versions: int = 0
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    #: The stored table of each table given, in their order (None: refused), so that
    #: what a caller shows per table agrees with the counts above.
    table_ids: list[int | None] = field(default_factory=list)

    def count(self, outcome: Outcome) -> None:
        """Given one table's outcome, add it to the tallies."""
        if outcome == "added":
            self.added += 1
        elif outcome == "version":
            self.versions += 1
        elif outcome == "unchanged":
            self.unchanged += 1


def save_table(
    *,
    session: Session,
    table: TargetTable,
    actor: Actor,
    file_id: int | None = None,
    checker: Checker | None = None,
) -> tuple[Outcome, int]:
    """Given a parsed table, store it as a new table or version; return (outcome, table id)."""
    if table.fiscal_year is None or not (table.project.name or "").strip():
        raise ChangeRefused(f"“{table.title}”缺少项目名称或预算年度,无法确定是哪一张表,未入库。")
    check_scope(
        actor,
        department_code=mapping.department_code_of(table),
        unit_name=table.project.implementing_unit,
    )
    sha = mapping.content_sha256(table)
    project = ensure_project(session, table)
    record = record_for(session, project.id, table.fiscal_year, table.kind)
    if record is not None:
        _check_record_scope(session, actor, record)
    if record is None:
        record = _new_record(session, table, project.id, project.department_id)
        _add_version(session, record, table, sha, actor.name, file_id, checker, 1)
        audit(session, actor.name, "load", record, 1, None, record.status, None, {"sha256": sha})
        return "added", record.id
    current = _current_sha(session, record)
    if current == sha:
        return "unchanged", record.id
    if Status(record.status) not in EDITABLE:
        raise ChangeRefused(
            f"“{table.title}”({table.fiscal_year}年度)当前状态为“{record.status}”,内容不能直接修改;"
            "请先退回,或对该表提出“申请调整”。"
        )
    step = transition(record.status, Action.REVISE, role=actor.role)
    before = record.status
    record.status, record.grade = step.status.value, None
    record.current_version += 1
    _flush_record(session)
    _add_version(session, record, table, sha, actor.name, file_id, checker, record.current_version)
    detail = {"sha256": sha, "previous_sha256": current}
    audit(
        session,
        actor.name,
        "revise",
        record,
        record.current_version,
        before,
        record.status,
        None,
        detail,
    )
    return "version", record.id


def load_tables(
    *,
    session: Session,
    tables: Iterable[TargetTable],
    actor: str = "system",
    data: bytes | None = None,
    name: str = "<tables>",
    checker: Checker | None = None,
) -> FileReport:
    """Given tables from one file (and its bytes), store them; the caller commits."""
    report = FileReport(name)
    who = resolve_actor(session=session, name=actor)
    file_id = _ensure_file(session, data, name) if data is not None else None
    given = list(tables)
    stored: dict[int, int] = {}  # id() of a given table -> its stored table's id
    slow = _fast_path(session, given, who, file_id, checker, report, stored)
    for table in slow:
        try:
            outcome, stored[id(table)] = save_table(
                session=session, table=table, actor=who, file_id=file_id, checker=checker
            )
        except (ChangeRefused, PermissionDenied, WorkflowError) as exc:
            # Refusals happen before anything of the table is written.
            report.refused.append(str(exc))
            outcome = "refused"
        report.count(outcome)
    report.table_ids = [stored.get(id(t)) for t in given]
    return report


def _fast_path(
    session: Session,
    tables: list[TargetTable],
    who: Actor,
    file_id: int | None,
    checker: Checker | None,
    report: FileReport,
    stored: dict[int, int],
) -> list[TargetTable]:
    """Store new and unchanged tables in bulk; return the tables left for save_table."""
    keyed: list[TargetTable] = []
    slow: list[TargetTable] = []
    for t in tables:
        (keyed if t.fiscal_year is not None and (t.project.name or "").strip() else slow).append(t)
    new = []
    for item in bulk.plan(session, keyed):
        # Out of scope, a table is refused the same way whether or not it is stored:
        # "unchanged" would tell a clerk that another unit filed exactly this.
        if not _in_scope(who, item.table):
            slow.append(item.table)
        elif item.outcome == "new":
            new.append(item)
        elif item.outcome == "unchanged" and item.table_id is not None:
            report.count("unchanged")
            stored[id(item.table)] = item.table_id
        else:
            slow.append(item.table)
    # Only target tables take this path (bulk.plan): no follow-up link, no stored id yet.
    checks = [checker(i.table, target=None, table_id=None) if checker else ([], None) for i in new]
    ids = bulk.insert_new(session, new, who.name, file_id, checks)
    stored.update((id(i.table), tid) for i, tid in zip(new, ids, strict=True))
    report.added += len(new)
    return slow


def _in_scope(who: Actor, table: TargetTable) -> bool:
    try:
        check_scope(
            who,
            department_code=mapping.department_code_of(table),
            unit_name=table.project.implementing_unit,
        )
    except PermissionDenied:
        return False
    return True


def _check_record_scope(session: Session, actor: Actor, record: TableRecord) -> None:
    # The table found must itself be in the actor's scope, not only the file's claims
    # (a project merged into another department's, for one).
    dept = session.get(Department, record.department_id)
    unit = session.get(Unit, record.unit_id) if record.unit_id is not None else None
    check_scope(
        actor,
        department_code=dept.code if dept is not None else "",
        unit_name=unit.name if unit is not None else None,
    )


def _new_record(
    session: Session, table: TargetTable, project_id: int, department_id: int
) -> TableRecord:
    from jixiao.store.entities import ensure_unit

    unit_id = ensure_unit(session, department_id, table.project.implementing_unit)
    record = TableRecord(
        project_id=project_id,
        department_id=department_id,
        unit_id=unit_id,
        fiscal_year=table.fiscal_year,
        kind=table.kind,
        status=Status.DRAFT.value,
        current_version=1,
    )
    session.add(record)
    session.flush()
    return record


def _add_version(
    session: Session,
    record: TableRecord,
    table: TargetTable,
    sha: str,
    actor: str,
    file_id: int | None,
    checker: Checker | None,
    number: int,
    *,
    pending: bool = False,
    reason: str | None = None,
) -> TableVersion:
    link = target_link(session, record)
    findings, grade = checker(table, target=link, table_id=record.id) if checker else ([], None)
    based_on = link.version_id if link else None
    if not pending:
        record.check_grade = grade
    version = mapping.version_row(
        table,
        table_id=record.id,
        version=number,
        pending=pending,
        sha256=sha,
        check_grade=grade,
        file_id=file_id,
        based_on_id=based_on,
        created_by=actor,
        reason=reason,
    )
    session.add(version)
    session.flush()
    rows = mapping.indicator_rows(table)
    if rows:
        session.execute(insert(IndicatorRow), [{**r, "version_id": version.id} for r in rows])
    if findings:
        session.execute(insert(FindingRow), [{**f, "version_id": version.id} for f in findings])
    return version


def target_link(session: Session, record: TableRecord) -> TargetLink | None:
    """Given a stored table, return the target its versions are measured against (None for a target).

    Monitoring and self-evaluation tables repeat the approved targets (docs/domain.md),
    so they point at the target version they are measured against; the checker the
    caller passes compares them with it (``--no-check``: no checker, the link stays).
    """
    if record.kind == "target":
        return None
    return link_for(session, record.project_id, record.fiscal_year)


def _current_sha(session: Session, record: TableRecord) -> str | None:
    return session.scalar(select(TableVersion.sha256).where(in_force(record)))


def _flush_record(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError:
        raise StaleVersion("该表刚被他人修改,您的修改未保存;请刷新后重试。") from None


def _ensure_file(session: Session, data: bytes, name: str) -> int:
    sha = hashlib.sha256(data).hexdigest()
    found = session.scalar(select(SourceFile.id).where(SourceFile.sha256 == sha))
    if found is not None:
        return found
    row = SourceFile(sha256=sha, name=name, size=len(data), content=data)
    session.add(row)
    session.flush()
    return row.id
