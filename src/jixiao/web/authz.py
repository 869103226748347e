"""Authorisation glue for every page and API route: the rule, and the HTTP answer to it.

Who may see which table is decided by :mod:`jixiao.store.visibility` (the lists,
the store and these checks all ask it); this module turns its answer into
FastAPI's: a table outside the reader's scope answers 404, the same as a table
that does not exist, so that ids of other units' tables reveal nothing. A visible
table on which the role may not take a step answers 403. Who may take a step is
the workflow's (:mod:`jixiao.model.workflow`): 填报人 edits its drafts, reviewers
review, 管理员 manages users and departments.
"""

from __future__ import annotations

from jixiao.model.workflow import ALLOWED_ROLES, EDITABLE, Action, Role, Status, allowed_actions
from jixiao.store import visibility
from jixiao.store.auth import Actor
from jixiao.store.listing import TableInfo
from jixiao.store.visibility import scope_for as scope_for


class Denied(Exception):
    """A request refused: 401 (log in), 403 (not allowed) or 404 (not visible)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def can_see(actor: Actor | None, info: TableInfo) -> bool:
    """Given who asks and a table, return whether they may read it."""
    return visibility.allows(
        scope_for(actor),
        department_code=info.department_code,
        unit_name=info.unit_name,
        status=info.status,
        department_path=info.department_path,
    )


def require_version(actor: Actor | None, info: TableInfo, version: int | None) -> int | None:
    """Given who asks, a table they may see and a version (None: the one in force), return it or refuse.

    A version the reader may not read answers 404 like one that does not exist, so
    that the public cannot count a published table's drafts or spot an adjustment.
    """
    if visibility.may_read_version(actor, info.current_version, version):
        return version
    raise Denied(404, "没有这一版本,或您无权查看。")


def require_login(actor: Actor | None) -> Actor:
    """Given who asks, return them, or refuse with 401 when nobody is logged in."""
    if actor is None:
        raise Denied(401, "请先登录。")
    return actor


def require_role(actor: Actor | None, *roles: Role) -> Actor:
    """Given who asks and the roles allowed, return the actor or refuse (401/403)."""
    who = require_login(actor)
    if who.role not in roles:
        raise Denied(403, "您的角色无权访问此页面。")
    return who


def require_visible(actor: Actor | None, info: TableInfo | None) -> TableInfo:
    """Given who asks and a table (None: no such table), return it or refuse with 404."""
    if info is None or not can_see(actor, info):
        raise Denied(404, "没有这张表,或您无权查看。")
    return info


def require_action(actor: Actor | None, info: TableInfo, action: Action) -> Actor:
    """Given who asks, a visible table and a workflow step, refuse unless the role may take it."""
    who = require_login(actor)
    if who.role not in ALLOWED_ROLES[action]:
        raise Denied(403, "您的角色不能执行此操作。")
    return who


def require_edit(actor: Actor | None, info: TableInfo) -> Actor:
    """Given who asks and a visible table, refuse unless they may change its content now."""
    who = require_action(actor, info, Action.REVISE)
    if Status(info.status) not in EDITABLE:
        raise Denied(409, f"当前状态为“{info.status}”,不能直接修改;已批复的表请申请调整。")
    return who


def require_upload(actor: Actor | None) -> Actor:
    """Given who asks, refuse unless the role may bring in new tables (clerk or admin)."""
    return require_role(actor, Role.CLERK, Role.ADMIN)


def require_admin(actor: Actor | None) -> Actor:
    """Given who asks, refuse unless they are an administrator."""
    return require_role(actor, Role.ADMIN)


def require_reader(actor: Actor | None) -> Actor:
    """Given who asks, refuse unless they are a logged-in user of any role."""
    return require_login(actor)


def actions_for(actor: Actor | None, info: TableInfo) -> list[Action]:
    """Given who asks and a visible table, return the workflow steps to offer as buttons."""
    if actor is None:
        return []
    return [
        a
        for a in allowed_actions(info.status)
        if a is not Action.REVISE and actor.role in ALLOWED_ROLES[a]
    ]


def may_edit(actor: Actor | None, info: TableInfo) -> bool:
    """Given who asks and a visible table, return whether to offer the editor."""
    try:
        require_edit(actor, info)
    except Denied:
        return False
    return True


def visible_departments(
    actor: Actor | None,
    departments: list[tuple[str, str, list[str]]],
    region_codes: frozenset[str] = frozenset(),
) -> list[tuple[str, str, list[str]]]:
    """Given who asks, every department and the codes of their region, return those to offer."""
    return visibility.visible_departments(scope_for(actor), departments, region_codes)
