"""Users for the web: the active user behind a session, enabling accounts, passwords."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from jixiao.model.workflow import Role

# The same argon2 hasher that stores passwords when users are added, so that every
# hash is made with one configuration.
from jixiao.store.auth import _HASHER, Actor, authenticate
from jixiao.store.errors import NotFound, StoreError
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


def set_password(*, session: Session, name: str, password: str) -> None:
    """Given a user name and a new password (8 characters at least), store its argon2 hash."""
    if len(password) < 8:
        raise StoreError("密码至少 8 位。")
    if len(password) > 200:
        raise StoreError("密码不得超过 200 个字符。")
    done = session.execute(
        update(User).where(User.name == name).values(password_hash=_HASHER.hash(password))
    )
    if getattr(done, "rowcount", 0) == 0:
        raise NotFound(f"没有用户“{name}”。")


def change_own_password(*, session: Session, name: str, current: str, new: str) -> None:
    """Given a user's current password and a new one, change it (the current one must match)."""
    if authenticate(session=session, name=name, password=current) is None:
        raise StoreError("当前密码不正确。")
    if new == current:
        raise StoreError("新密码不能与当前密码相同。")
    set_password(session=session, name=name, password=new)
