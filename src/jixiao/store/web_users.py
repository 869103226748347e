"""Users for the web: the active user behind a session, enabling and disabling accounts."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from jixiao.model.workflow import Role
from jixiao.store.auth import Actor
from jixiao.store.errors import NotFound
from jixiao.store.sessions import revoke_sessions
from jixiao.store.tables import User


def set_user_active(*, session: Session, name: str, active: bool) -> None:
    """Given a user name, enable or disable the account; disabling ends its sessions and tokens."""
    done = session.execute(update(User).where(User.name == name).values(active=active))
    if getattr(done, "rowcount", 0) == 0:
        raise NotFound(f"没有用户“{name}”。")
    if not active:
        revoke_sessions(session=session, name=name)


def active_user(*, session: Session, name: str) -> Actor | None:
    """Given a user name, return the user when it exists and is active, else None."""
    user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
    if user is None:
        return None
    try:
        role = Role(user.role)
    except ValueError:
        return None
    return Actor(user.name, role, user.unit_name, user.department_code, user.region)


def user_status(*, session: Session) -> dict[str, bool]:
    """Return each user's name and whether the account is active."""
    return {n: bool(a) for n, a in session.execute(select(User.name, User.active))}


def count_users(*, session: Session) -> int:
    """Return how many users exist."""
    return int(session.scalar(select(func.count(User.id))) or 0)
