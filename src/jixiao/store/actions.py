"""Workflow actions on stored tables: every path goes through the state machine.

Each action takes ``expected_version`` (the ``lock_version`` the user saw): when
someone else changed the table in between, :class:`StaleVersion` refuses the step
rather than silently overwriting their change.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from jixiao.model.project import TargetTable
from jixiao.model.workflow import ACTION_LABELS, Action, transition
from jixiao.store import mapping
from jixiao.store.auth import check_scope, resolve_actor
from jixiao.store.entities import audit
from jixiao.store.errors import NotFound, StaleVersion, StoreError
from jixiao.store.load import Checker, _add_version
from jixiao.store.queries import TableSummary, get_table
from jixiao.store.tables import Department, Project, TableRecord, TableVersion, Unit


def _act(
    session: Session,
    table_id: int,
    action: Action,
    actor: str,
    expected_version: int | None,
    *,
    grade: str | None = None,
    reason: str | None = None,
) -> TableRecord:
    record = session.get(TableRecord, table_id)
    if record is None:
        raise NotFound(f"没有编号为 {table_id} 的表。")
    if expected_version is not None and record.lock_version != expected_version:
        raise StaleVersion(_stale_message(table_id, expected_version, record.lock_version))
    who = resolve_actor(session=session, name=actor)
    dept = session.get(Department, record.department_id)
    unit = session.get(Unit, record.unit_id) if record.unit_id else None
    check_scope(
        who, department_code=dept.code if dept else "", unit_name=unit.name if unit else None
    )
    step = transition(record.status, action, role=who.role, grade=grade, reason=reason)
    before = record.status
    record.status = step.status.value
    if step.grade is not None:
        record.grade = step.grade
    detail = {"grade": step.grade} if step.grade else None
    audit(
        session,
        who.name,
        action.value,
        record,
        record.current_version,
        before,
        record.status,
        reason,
        detail,
    )
    flush_or_stale(session, table_id)
    return record


def flush_or_stale(session: Session, table_id: int) -> None:
    """Given a session, flush it; a concurrent change to the table becomes StaleVersion."""
    try:
        session.flush()
    except StaleDataError:
        raise StaleVersion(
            f"表 {table_id} 刚被他人修改,您的操作未保存(没有任何更改丢失);请刷新后重试。"
        ) from None


def _stale_message(table_id: int, seen: int, now: int) -> str:
    return f"表 {table_id} 在您查看(版本计数 {seen})之后已被他人修改(现为 {now});请刷新后重试。"


def _summary(session: Session, table_id: int) -> TableSummary:
    return get_table(session=session, table_id=table_id).summary


def submit(
    *, session: Session, table_id: int, actor: str, expected_version: int | None = None
) -> TableSummary:
    """Given a draft or returned table, submit it to the department; return its summary."""
    _act(session, table_id, Action.SUBMIT, actor, expected_version)
    return _summary(session, table_id)


def review(
    *,
    session: Session,
    table_id: int,
    actor: str,
    approve: bool,
    comment: str | None = None,
    expected_version: int | None = None,
) -> TableSummary:
    """Given a submitted table, record the department's review: pass, or return with comments."""
    action = Action.DEPT_APPROVE if approve else Action.DEPT_RETURN
    _act(session, table_id, action, actor, expected_version, reason=comment)
    return _summary(session, table_id)


def grade(
    *,
    session: Session,
    table_id: int,
    actor: str,
    grade: str,
    comment: str | None = None,
    expected_version: int | None = None,
) -> TableSummary:
    """Given a department-approved table, record the finance grade (优/良 pass, 中 return, 差 reject)."""
    _act(
        session,
        table_id,
        Action.FINANCE_GRADE,
        actor,
        expected_version,
        grade=grade,
        reason=comment,
    )
    return _summary(session, table_id)


def approve(
    *, session: Session, table_id: int, actor: str, expected_version: int | None = None
) -> TableSummary:
    """Given a finance-approved table, approve it with the budget (已批复)."""
    _act(session, table_id, Action.APPROVE, actor, expected_version)
    return _summary(session, table_id)


def request_adjustment(
    *,
    session: Session,
    table_id: int,
    actor: str,
    table: TargetTable,
    reason: str,
    expected_version: int | None = None,
    checker: Checker | None = None,
) -> TableSummary:
    """Given an approved table, new content and a reason, file an adjustment (a pending version).

    ``checker`` reviews the adjusted content (the application's, :mod:`jixiao.app.review`).
    """
    record = _act(
        session, table_id, Action.REQUEST_ADJUSTMENT, actor, expected_version, reason=reason
    )
    number = _next_version(session, table_id)
    _add_version(
        session,
        record,
        table,
        mapping.content_sha256(table),
        actor,
        None,
        checker,
        number,
        pending=True,
        reason=reason,
    )
    return _summary(session, table_id)


def approve_adjustment(
    *, session: Session, table_id: int, actor: str, expected_version: int | None = None
) -> TableSummary:
    """Given a table with a pending adjustment, make the adjusted content the current version."""
    record = _act(session, table_id, Action.APPROVE_ADJUSTMENT, actor, expected_version)
    pending = _pending(session, table_id)
    pending.pending = False
    record.current_version = pending.version
    record.check_grade = pending.check_grade
    flush_or_stale(session, table_id)
    return _summary(session, table_id)


def reject_adjustment(
    *, session: Session, table_id: int, actor: str, reason: str, expected_version: int | None = None
) -> TableSummary:
    """Given a table with a pending adjustment, refuse it; the approved version stays current."""
    _act(session, table_id, Action.REJECT_ADJUSTMENT, actor, expected_version, reason=reason)
    return _summary(session, table_id)


def merge_projects(*, session: Session, old_key: str, new_key: str, actor: str, reason: str) -> int:
    """Given a renamed project's old and new keys, merge the old into the new; return tables moved."""
    old = session.scalar(select(Project).where(Project.key == old_key))
    new = session.scalar(select(Project).where(Project.key == new_key))
    if old is None or new is None or old.id == new.id:
        raise NotFound(f"找不到要合并的项目“{old_key}”或“{new_key}”(或两者相同)。")
    records = list(session.scalars(select(TableRecord).where(TableRecord.project_id == old.id)))
    taken = set(
        session.execute(
            select(TableRecord.fiscal_year, TableRecord.kind).where(
                TableRecord.project_id == new.id
            )
        ).all()
    )
    clash = [r for r in records if (r.fiscal_year, r.kind) in taken]
    if clash:
        raise StoreError(f"两个项目在 {clash[0].fiscal_year} 年度都有表,不能合并。")
    for record in records:
        record.project_id = new.id
        audit(
            session,
            actor,
            "merge",
            record,
            record.current_version,
            record.status,
            record.status,
            reason,
            {"from_project": old_key, "to_project": new_key},
        )
    old.merged_into_id = new.id
    session.flush()
    return len(records)


def _next_version(session: Session, table_id: int) -> int:
    top = session.scalar(
        select(func.max(TableVersion.version)).where(TableVersion.table_id == table_id)
    )
    return int(top or 0) + 1


def _pending(session: Session, table_id: int) -> TableVersion:
    found = session.scalar(
        select(TableVersion)
        .where(TableVersion.table_id == table_id, TableVersion.pending.is_(True))
        .order_by(TableVersion.version.desc())
    )
    if found is None:
        raise NotFound(
            f"表 {table_id} 没有待审批的调整({ACTION_LABELS[Action.REQUEST_ADJUSTMENT]})。"
        )
    return found
