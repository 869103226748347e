"""Users, roles and passwords (argon2), and who may act on which table.

A database with no users is a single-user SQLite file on someone's desk: every
actor then acts as administrator. Once one user exists, actors must be known users.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from jixiao.model.workflow import ROLE_LABELS, Role, WorkflowError
from jixiao.store.errors import NotFound, PermissionDenied, StoreError
from jixiao.store.tables import User
from jixiao.store.visibility import Actor as Actor
from jixiao.store.visibility import allows, scope_for

_HASHER = PasswordHasher()


def add_user(
    *,
    session: Session,
    name: str,
    role: str,
    password: str,
    unit: str | None = None,
    department: str | None = None,
    region: str | None = None,
) -> Actor:
    """Given a new user's name, role, scope and password, store the user and return it."""
    try:
        who = Role(role)
    except ValueError:
        raise StoreError(
            f"未知角色“{role}”,应为 clerk、dept-reviewer、finance-reviewer 或 admin。"
        ) from None
    if who is Role.CLERK and not unit:
        raise StoreError("填报人(clerk)须用 --unit 指定所属实施单位。")
    if who is Role.DEPT_REVIEWER and not department:
        raise StoreError("主管部门审核人(dept-reviewer)须用 --department 指定部门代码。")
    if len(password) < 8:
        raise StoreError("密码至少 8 位。")
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise StoreError(f"用户“{name}”已存在。")
    user = User(
        name=name,
        role=who.value,
        password_hash=_HASHER.hash(password),
        unit_name=unit,
        department_code=department,
        region=region,
    )
    session.add(user)
    session.flush()
    return _actor(user)


def authenticate(*, session: Session, name: str, password: str) -> Actor | None:
    """Given a name and password, return the user when they match, else None."""
    user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
    if user is None:
        return None
    try:
        _HASHER.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return _actor(user)


def list_users(*, session: Session) -> list[Actor]:
    """Return every user, by name."""
    return [_actor(u) for u in session.scalars(select(User).order_by(User.name))]


def resolve_actor(*, session: Session, name: str) -> Actor:
    """Given an actor's name, return the user (or an administrator when there are no users)."""
    user = session.scalar(select(User).where(User.name == name))
    if user is not None:
        if not user.active:
            raise PermissionDenied(f"用户“{name}”已停用。")
        return _actor(user)
    if not session.scalar(select(exists().where(User.id.is_not(None)))):
        return Actor(name=name, role=Role.ADMIN)
    raise NotFound(f"未知用户“{name}”。请用 jixiao users add 添加,或用 --user 指定已有用户。")


def check_scope(actor: Actor, *, department_code: str, unit_name: str | None) -> None:
    """Given an actor and a table's department and unit, raise unless the actor may see it.

    The rule is :mod:`jixiao.store.visibility`'s; this gives the refusal the role's words.
    """
    scope = scope_for(actor)
    if allows(scope, department_code=department_code, unit_name=unit_name or ""):
        return
    if actor.role is Role.CLERK:
        raise PermissionDenied(
            f"{ROLE_LABELS[actor.role]}“{actor.name}”只能处理本单位({actor.unit_name})的表。"
        )
    raise PermissionDenied(
        f"{ROLE_LABELS[actor.role]}“{actor.name}”只能审核本部门({actor.department_code})的表。"
    )


def _actor(user: User) -> Actor:
    try:
        role = Role(user.role)
    except ValueError as exc:
        raise WorkflowError(f"用户“{user.name}”的角色“{user.role}”无效。") from exc
    return Actor(user.name, role, user.unit_name, user.department_code, user.region)
