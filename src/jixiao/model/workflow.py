"""The review workflow of a target table as a pure state machine.

草稿 → 已提交 → 主管部门审核 (通过 / 退回) → 财政审核 (优/良 → 通过; 中 → 退回修改;
差 → 不予安排) → 已批复 → 调整 (申请 → 审批, a new version). Whoever approves the
budget approves the target (docs/domain.md "Workflow"); every step names the role that
may take it (docs/domain.md "Roles"). The store applies :func:`transition` on every
path, so an illegal step is refused the same way from the CLI, the web and Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class Status(StrEnum):
    """Where a table stands in the review; the values are what users read."""

    DRAFT = "草稿"
    SUBMITTED = "已提交"
    DEPT_APPROVED = "主管部门审核通过"
    RETURNED = "已退回"
    FINANCE_APPROVED = "财政审核通过"
    REJECTED = "不予安排"
    APPROVED = "已批复"
    ADJUSTING = "调整申请中"


class Action(StrEnum):
    """What a user can do to a table."""

    SUBMIT = "submit"
    DEPT_APPROVE = "dept-approve"
    DEPT_RETURN = "dept-return"
    FINANCE_GRADE = "finance-grade"
    APPROVE = "approve"
    REQUEST_ADJUSTMENT = "request-adjustment"
    APPROVE_ADJUSTMENT = "approve-adjustment"
    REJECT_ADJUSTMENT = "reject-adjustment"
    REVISE = "revise"


class Role(StrEnum):
    """The four kinds of user (the public only reads published tables)."""

    CLERK = "clerk"
    DEPT_REVIEWER = "dept-reviewer"
    FINANCE_REVIEWER = "finance-reviewer"
    ADMIN = "admin"


GRADES: Final = ("优", "良", "中", "差")

ACTION_LABELS: Final[dict[Action, str]] = {
    Action.SUBMIT: "提交",
    Action.DEPT_APPROVE: "主管部门审核通过",
    Action.DEPT_RETURN: "主管部门退回",
    Action.FINANCE_GRADE: "财政审核评级",
    Action.APPROVE: "批复",
    Action.REQUEST_ADJUSTMENT: "申请调整",
    Action.APPROVE_ADJUSTMENT: "批准调整",
    Action.REJECT_ADJUSTMENT: "驳回调整",
    Action.REVISE: "修改(新版本)",
}

ROLE_LABELS: Final[dict[Role, str]] = {
    Role.CLERK: "填报人",
    Role.DEPT_REVIEWER: "主管部门审核人",
    Role.FINANCE_REVIEWER: "财政审核人",
    Role.ADMIN: "管理员",
}

# (from, action) → to. FINANCE_GRADE is resolved by grade in :func:`transition`.
_TABLE: Final[dict[tuple[Status, Action], Status]] = {
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.RETURNED, Action.SUBMIT): Status.SUBMITTED,
    (Status.DRAFT, Action.REVISE): Status.DRAFT,
    (Status.RETURNED, Action.REVISE): Status.DRAFT,
    (Status.SUBMITTED, Action.DEPT_APPROVE): Status.DEPT_APPROVED,
    (Status.SUBMITTED, Action.DEPT_RETURN): Status.RETURNED,
    (Status.FINANCE_APPROVED, Action.APPROVE): Status.APPROVED,
    (Status.APPROVED, Action.REQUEST_ADJUSTMENT): Status.ADJUSTING,
    (Status.ADJUSTING, Action.APPROVE_ADJUSTMENT): Status.APPROVED,
    (Status.ADJUSTING, Action.REJECT_ADJUSTMENT): Status.APPROVED,
}

# 财预〔2015〕88号: 优 goes on to the budget, 良 may be refined then goes on,
# 中 is returned for revision, 差 is not funded this round.
_GRADE_OUTCOME: Final[dict[str, Status]] = {
    "优": Status.FINANCE_APPROVED,
    "良": Status.FINANCE_APPROVED,
    "中": Status.RETURNED,
    "差": Status.REJECTED,
}

ALLOWED_ROLES: Final[dict[Action, frozenset[Role]]] = {
    Action.SUBMIT: frozenset({Role.CLERK, Role.ADMIN}),
    Action.REVISE: frozenset({Role.CLERK, Role.ADMIN}),
    Action.REQUEST_ADJUSTMENT: frozenset({Role.CLERK, Role.ADMIN}),
    Action.DEPT_APPROVE: frozenset({Role.DEPT_REVIEWER, Role.ADMIN}),
    Action.DEPT_RETURN: frozenset({Role.DEPT_REVIEWER, Role.ADMIN}),
    Action.FINANCE_GRADE: frozenset({Role.FINANCE_REVIEWER, Role.ADMIN}),
    Action.APPROVE: frozenset({Role.FINANCE_REVIEWER, Role.ADMIN}),
    Action.APPROVE_ADJUSTMENT: frozenset({Role.FINANCE_REVIEWER, Role.ADMIN}),
    Action.REJECT_ADJUSTMENT: frozenset({Role.FINANCE_REVIEWER, Role.ADMIN}),
}

#: Actions that need a written reason (退回 comments, 调整 reasons).
NEEDS_REASON: Final = frozenset(
    {Action.DEPT_RETURN, Action.REQUEST_ADJUSTMENT, Action.REJECT_ADJUSTMENT}
)

#: States in which the unit may still change the content in place of a new round.
EDITABLE: Final = frozenset({Status.DRAFT, Status.RETURNED})


class WorkflowError(Exception):
    """An illegal step: the message says in Chinese what was refused and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Step:
    """The outcome of a legal step: the new status and the grade it records."""

    status: Status
    grade: str | None = None


def transition(
    status: Status | str,
    action: Action | str,
    *,
    role: Role | str = Role.ADMIN,
    grade: str | None = None,
    reason: str | None = None,
) -> Step:
    """Given a status, an action and who takes it, return the step or raise WorkflowError."""
    current, act, who = _coerce(status, action, role)
    label = ACTION_LABELS[act]
    if who not in ALLOWED_ROLES[act]:
        allowed = "、".join(ROLE_LABELS[r] for r in sorted(ALLOWED_ROLES[act]))
        raise WorkflowError(f"{ROLE_LABELS[who]}无权执行“{label}”(仅限{allowed})。")
    if act in NEEDS_REASON and not (reason or "").strip():
        raise WorkflowError(f"“{label}”必须填写理由或意见。")
    if act is Action.FINANCE_GRADE:
        return _grade_step(current, grade, reason)
    target = _TABLE.get((current, act))
    if target is None:
        raise WorkflowError(_refusal(current, act))
    return Step(target)


def allowed_actions(status: Status | str) -> tuple[Action, ...]:
    """Given a status, return the actions that may follow it (for menus and help)."""
    current = Status(status)
    found = [a for (s, a) in _TABLE if s is current]
    if current is Status.DEPT_APPROVED:
        found.append(Action.FINANCE_GRADE)
    return tuple(found)


def _grade_step(current: Status, grade: str | None, reason: str | None) -> Step:
    if current is not Status.DEPT_APPROVED:
        raise WorkflowError(_refusal(current, Action.FINANCE_GRADE))
    if grade not in _GRADE_OUTCOME:
        raise WorkflowError(f"评级“{grade}”无效,应为 优、良、中 或 差。")
    if grade in ("中", "差") and not (reason or "").strip():
        raise WorkflowError(f"评为“{grade}”须写明审核意见,供单位修改或说明不予安排的原因。")
    return Step(_GRADE_OUTCOME[grade], grade)


def _refusal(current: Status, act: Action) -> str:
    nexts = "、".join(ACTION_LABELS[a] for a in allowed_actions(current)) or "无"
    return f"当前状态为“{current}”,不能执行“{ACTION_LABELS[act]}”。可执行的操作: {nexts}。"


def _coerce(
    status: Status | str, action: Action | str, role: Role | str
) -> tuple[Status, Action, Role]:
    try:
        current = Status(status)
    except ValueError:
        raise WorkflowError(f"未知状态“{status}”。") from None
    try:
        act = Action(action)
    except ValueError:
        raise WorkflowError(f"未知操作“{action}”。") from None
    try:
        who = Role(role)
    except ValueError:
        raise WorkflowError(
            f"未知角色“{role}”,应为 clerk、dept-reviewer、finance-reviewer 或 admin。"
        ) from None
    return current, act, who
