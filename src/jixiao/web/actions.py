"""Workflow steps from a form or a JSON body: one dispatch to the store's actions."""

from __future__ import annotations

from typing import Any

from jixiao.model.workflow import Action
from jixiao.store import actions as store_actions
from jixiao.store.auth import Actor
from jixiao.store.listing import TableInfo
from jixiao.store.queries import TableSummary
from jixiao.web.authz import Denied, require_action

#: Steps a plain form can take (an adjustment request carries a whole table: the editor).
SIMPLE_ACTIONS: tuple[Action, ...] = (
    Action.SUBMIT,
    Action.DEPT_APPROVE,
    Action.DEPT_RETURN,
    Action.FINANCE_GRADE,
    Action.APPROVE,
    Action.APPROVE_ADJUSTMENT,
    Action.REJECT_ADJUSTMENT,
)


def parse_action(name: str) -> Action:
    """Given an action name from a request, return it or refuse with 400."""
    try:
        action = Action(name)
    except ValueError:
        raise Denied(400, f"未知操作“{name}”。") from None
    if action not in SIMPLE_ACTIONS:
        raise Denied(400, f"操作“{name}”须通过调整编辑页提交。")
    return action


def perform(
    session: Any,
    actor: Actor | None,
    info: TableInfo,
    action: Action,
    *,
    comment: str | None = None,
    grade: str | None = None,
    expected_version: int | None = None,
) -> TableSummary:
    """Given a visible table and a step, check the role and take the step in the store."""
    who = require_action(actor, info, action)
    common: dict[str, Any] = {
        "session": session,
        "table_id": info.id,
        "actor": who.name,
        "expected_version": expected_version,
    }
    comment = (comment or "").strip() or None
    if action is Action.SUBMIT:
        return store_actions.submit(**common)
    if action in (Action.DEPT_APPROVE, Action.DEPT_RETURN):
        return store_actions.review(
            **common, approve=action is Action.DEPT_APPROVE, comment=comment
        )
    if action is Action.FINANCE_GRADE:
        return store_actions.grade(**common, grade=grade or "", comment=comment)
    if action is Action.APPROVE:
        return store_actions.approve(**common)
    if action is Action.APPROVE_ADJUSTMENT:
        return store_actions.approve_adjustment(**common)
    return store_actions.reject_adjustment(**common, reason=comment or "")
