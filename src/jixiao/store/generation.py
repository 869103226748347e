"""The data generation: a token every committed change of the stored tables replaces.

Figures computed from many tables (list counts, dashboards, filter choices) are
cached by each server process. A process cannot see another's writes, so every
transaction that changes a table, a version, a finding, a department or a unit
writes a new token to the ``settings`` row ``data-generation`` as it commits; a
reader compares the token (one primary-key read) with the one its cached value was
computed under. Writes are noticed by session events, whoever makes them (web,
API, command line), so no caller has to remember to invalidate anything.
"""

from __future__ import annotations

import uuid
from itertools import chain
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from jixiao.store.tables import (
    Department,
    FindingRow,
    IndicatorRow,
    Project,
    Setting,
    SourceFile,
    TableRecord,
    TableVersion,
    Unit,
    utcnow,
)

GENERATION_KEY = "data-generation"
_FLAG = "jixiao.data-changed"
# What the cached figures are computed from. Users, the audit log and logins are
# not: a login must not throw away every process's dashboards.
_TRACKED = (
    Department,
    Unit,
    Project,
    SourceFile,
    TableRecord,
    TableVersion,
    IndicatorRow,
    FindingRow,
)
_TRACKED_TABLES = frozenset(str(m.__tablename__) for m in _TRACKED)


def current_generation(*, session: Session) -> str:
    """Return the token of the last committed change ("" before the first one)."""
    return _token(session.scalar(_QUERY))


def generation_of(engine: Engine) -> str:
    """Given an engine, return the current token (on a bare connection: read once per page)."""
    with engine.connect() as connection:
        return _token(connection.scalar(_QUERY))


_QUERY = select(Setting.value).where(Setting.key == GENERATION_KEY)


def _token(stored: Any) -> str:
    return str(stored.get("token", "")) if isinstance(stored, dict) else ""


def mark_changed(session: Session) -> None:
    """Note that this transaction changed stored tables by a path the events cannot see."""
    session.info[_FLAG] = True


def _tracked(obj: object) -> bool:
    if isinstance(obj, Setting):
        return obj.key != GENERATION_KEY
    return isinstance(obj, _TRACKED)


def _pending(session: Session) -> bool:
    return any(_tracked(o) for o in chain(session.new, session.dirty, session.deleted))


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    # The new/dirty/deleted lists still hold what was just flushed.
    if _pending(session):
        mark_changed(session)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    # Bulk INSERT/UPDATE/DELETE statements bypass the unit of work.
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in _TRACKED_TABLES:
            mark_changed(state.session)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    # before_commit runs before the final flush: look at what is still pending too.
    if not (session.info.pop(_FLAG, False) or _pending(session)):
        return
    bind = session.get_bind()
    insert = pg_insert if bind.dialect.name == "postgresql" else sqlite_insert
    values: dict[str, Any] = {"value": {"token": uuid.uuid4().hex}, "updated_at": utcnow()}
    # One statement, no read first: concurrent writers each leave a new token and
    # hold the row lock only for the instant before their own commit.
    statement = (
        insert(Setting)
        .values(key=GENERATION_KEY, **values)
        .on_conflict_do_update(index_elements=[Setting.key], set_=values)
    )
    session.execute(statement)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_FLAG, None)
