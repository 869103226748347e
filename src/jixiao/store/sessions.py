"""Sessions and API tokens as records: opened at login, ended by logout, revocation or the user.

A signed cookie alone stays valid until it expires, whatever happens on the server:
a cookie saved before logging out kept working for 8 hours. Each signed-in browser
and each API token therefore names a record here, and is honoured only while the
record is unrevoked, unexpired, its user active and its password unchanged.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from jixiao.model.workflow import Role
from jixiao.store.auth import Actor
from jixiao.store.errors import NotFound
from jixiao.store.tables import LoginSession, User, utcnow

BROWSER = "browser"
API = "api"
#: Records ended this long ago are deleted when a new session opens (they only
#: served to refuse their key, which has expired by then anyway).
KEEP_ENDED = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A session or token as listed for its user or an administrator (never its key)."""

    id: int
    user: str
    kind: str
    address: str | None
    created_at: datetime
    expires_at: datetime


def key_hash(key: str) -> str:
    """Given a session key, return what is stored of it."""
    return hashlib.sha256(key.encode()).hexdigest()


def password_stamp(password_hash: str) -> str:
    """Given a stored password hash, return the short fingerprint a session is tied to."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def open_session(
    *, session: Session, name: str, kind: str, seconds: float, address: str | None = None
) -> str:
    """Given an active user's name, a kind (browser, api) and a lifetime, store a session; return its key."""
    user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
    if user is None:
        raise NotFound(f"没有可用的用户“{name}”。")
    now = utcnow()
    session.execute(delete(LoginSession).where(LoginSession.expires_at < now - KEEP_ENDED))
    key = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            key_hash=key_hash(key),
            user_name=name,
            kind=kind,
            password_stamp=password_stamp(user.password_hash),
            address=(address or "")[:100] or None,
            created_at=now,
            expires_at=now + timedelta(seconds=seconds),
        )
    )
    session.flush()
    return key


def session_actor(*, session: Session, key: str, kind: str) -> Actor | None:
    """Given a session key and its kind, return its user while the session holds, else None."""
    row = session.execute(
        select(LoginSession, User)
        .join(User, User.name == LoginSession.user_name)
        .where(
            LoginSession.key_hash == key_hash(key),
            LoginSession.kind == kind,
            LoginSession.revoked_at.is_(None),
            LoginSession.expires_at > utcnow(),
            User.active.is_(True),
        )
    ).first()
    if row is None:
        return None
    record, user = row
    if record.password_stamp != password_stamp(user.password_hash):
        return None  # the password changed since this session began
    try:
        role = Role(user.role)
    except ValueError:
        return None
    return Actor(user.name, role, user.unit_name, user.department_code, user.region)


def end_session(*, session: Session, key: str) -> None:
    """Given a session key, revoke its record (logging out)."""
    session.execute(
        update(LoginSession)
        .where(LoginSession.key_hash == key_hash(key), LoginSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_sessions(
    *,
    session: Session,
    name: str | None = None,
    ids: tuple[int, ...] | None = None,
    kind: str | None = None,
) -> int:
    """Given a user name and/or session ids (and optionally a kind), revoke them; return how many."""
    if name is None and ids is None:
        raise ValueError("revoke_sessions needs a user name or session ids")
    query = update(LoginSession).where(LoginSession.revoked_at.is_(None))
    if name is not None:
        query = query.where(LoginSession.user_name == name)
    if ids is not None:
        query = query.where(LoginSession.id.in_(ids))
    if kind is not None:
        query = query.where(LoginSession.kind == kind)
    done = session.execute(query.values(revoked_at=utcnow()))
    return int(getattr(done, "rowcount", 0) or 0)


def live_sessions(*, session: Session, name: str | None = None) -> list[SessionInfo]:
    """Return the sessions and tokens still valid (of one user, or everyone's), newest first."""
    query = select(LoginSession).where(
        LoginSession.revoked_at.is_(None), LoginSession.expires_at > utcnow()
    )
    if name is not None:
        query = query.where(LoginSession.user_name == name)
    return [
        SessionInfo(r.id, r.user_name, r.kind, r.address, r.created_at, r.expires_at)
        for r in session.scalars(query.order_by(LoginSession.id.desc()))
    ]


def session_owner(*, session: Session, session_id: int) -> str | None:
    """Given a session id, return its user's name (None when there is no such session)."""
    return session.scalar(select(LoginSession.user_name).where(LoginSession.id == session_id))
