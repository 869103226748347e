"""Logins in the audit log, and the login rate limit they give every worker process.

A counter kept in memory is per process: with N web workers a password guesser
got N times the allowed attempts. Failed and successful logins are written to
the audit log instead (auditors want them there anyway), so every process, and
every server in front of the same database, counts the same attempts.

A user name is blocked after ``attempts`` failures within the window since its
last successful login; a client address after ``addr_attempts`` failures within
the window, whatever names it tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jixiao.store.entities import audit
from jixiao.store.tables import AuditEntry, utcnow

FAILED = "login.failed"
SUCCEEDED = "login"


@dataclass(frozen=True, slots=True)
class LoginLimit:
    """How many failed logins a user name and a client address may have in a window."""

    attempts: int = 5
    addr_attempts: int = 20
    window_seconds: float = 300.0


def record_login(*, session: Session, name: str, addr: str, ok: bool) -> None:
    """Given a login attempt's user name, client address and outcome, audit it."""
    audit(session, name[:100], SUCCEEDED if ok else FAILED, None, None, None, None, addr[:100])


def login_blocked(*, session: Session, name: str, addr: str, limit: LoginLimit) -> bool:
    """Given a user name and a client address, return whether logins from them are refused."""
    since = utcnow() - timedelta(seconds=limit.window_seconds)
    last_ok = (
        select(func.max(AuditEntry.at))
        .where(AuditEntry.action == SUCCEEDED, AuditEntry.actor == name[:100])
        .scalar_subquery()
    )
    by_name = select(func.count()).where(
        AuditEntry.action == FAILED,
        AuditEntry.actor == name[:100],
        AuditEntry.at > since,
        # Failures before the last good login are forgiven (the user got in).
        AuditEntry.at > func.coalesce(last_ok, since),
    )
    if int(session.scalar(by_name) or 0) >= limit.attempts:
        return True
    by_addr = select(func.count()).where(
        AuditEntry.action == FAILED, AuditEntry.reason == addr[:100], AuditEntry.at > since
    )
    return int(session.scalar(by_addr) or 0) >= limit.addr_attempts
