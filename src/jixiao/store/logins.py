"""Logins in the audit log, and the login rate limit they give every worker process.

A counter kept in memory is per process: with N web workers a password guesser
got N times the allowed attempts. Failed and successful logins are written to
the audit log instead (auditors want them there anyway), so every process, and
every server in front of the same database, counts the same attempts.

Limits are per user name *and* client address, with growing delays: after
``attempts`` failures of one name from one address (since that name's last good
login from there), each further try waits twice as long as the one before, up to
``max_delay``. A guesser elsewhere therefore never locks the real user out of
their own desk, and one clerk's typos never lock the whole office out. Two wider
caps remain: an address with ``addr_attempts`` failures in the window (whatever
the names: it is scanning), and a name with ``name_attempts`` failures in the
window from many addresses, which then only logs in from an address where it has
logged in before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from jixiao.store.entities import audit
from jixiao.store.tables import AuditEntry, utcnow

FAILED = "login.failed"
SUCCEEDED = "login"


@dataclass(frozen=True, slots=True)
class LoginLimit:
    """Failures allowed before delays, how the delays grow, and the wider caps."""

    attempts: int = 5
    #: An office behind one address has many users: only a scan of names reaches this.
    addr_attempts: int = 100
    window_seconds: float = 300.0
    first_delay: float = 30.0
    max_delay: float = 900.0
    name_attempts: int = 50
    #: How far back the failures of a name from an address count towards its delay.
    memory_seconds: float = 86_400.0


def record_login(*, session: Session, name: str, addr: str, ok: bool) -> None:
    """Given a login attempt's user name, client address and outcome, audit it."""
    audit(session, name[:100], SUCCEEDED if ok else FAILED, None, None, None, None, addr[:100])


def delay_after(failures: int, limit: LoginLimit) -> float:
    """Given how many failures in a row a name has from one address, return the wait before the next try."""
    if failures < limit.attempts:
        return 0.0
    return min(limit.first_delay * 2.0 ** (failures - limit.attempts), limit.max_delay)


def login_wait(*, session: Session, name: str, addr: str, limit: LoginLimit) -> float:
    """Given a user name and a client address, return the seconds to wait before a login is tried (0: go)."""
    name, addr = name[:100], addr[:100]
    now = utcnow()
    last_ok = _last_login(session, name, None)
    here_ok = _last_login(session, name, addr)
    since = now - timedelta(seconds=limit.memory_seconds)
    # Failures from an address before a good login from it are forgiven (the user got
    # in there); a good login elsewhere forgives nothing here.
    start = max(since, here_ok) if here_ok else since
    count, last = session.execute(
        select(func.count(), func.max(AuditEntry.at)).where(
            AuditEntry.action == FAILED,
            AuditEntry.actor == name,
            AuditEntry.reason == addr,
            AuditEntry.at > start,
        )
    ).one()
    wait = 0.0
    last_failure = _as_utc(last)
    if last_failure is not None:
        ready = last_failure + timedelta(seconds=delay_after(int(count or 0), limit))
        wait = max(0.0, (ready - now).total_seconds())
    window = now - timedelta(seconds=limit.window_seconds)
    if _count(session, AuditEntry.reason == addr, window) >= limit.addr_attempts:
        wait = max(wait, limit.window_seconds)
    name_start = max(window, last_ok) if last_ok else window
    if here_ok is None and _count(session, AuditEntry.actor == name, name_start) >= (
        limit.name_attempts
    ):
        wait = max(wait, limit.window_seconds)
    return wait


def _last_login(session: Session, name: str, addr: str | None) -> datetime | None:
    query = select(func.max(AuditEntry.at)).where(
        AuditEntry.action == SUCCEEDED, AuditEntry.actor == name
    )
    if addr is not None:
        query = query.where(AuditEntry.reason == addr)
    return _as_utc(session.scalar(query))


def _count(session: Session, where: ColumnElement[bool], since: datetime) -> int:
    query = select(func.count()).where(AuditEntry.action == FAILED, where, AuditEntry.at > since)
    return int(session.scalar(query) or 0)


def _as_utc(value: datetime | None) -> datetime | None:
    # SQLite hands timestamps back without their zone; they were written in UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)
