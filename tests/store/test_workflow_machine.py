"""The pure workflow state machine (jixiao.model.workflow)."""

from __future__ import annotations

import pytest

from jixiao.model.workflow import Action, Role, Status, WorkflowError, allowed_actions, transition


@pytest.mark.parametrize(
    ("status", "action", "role", "grade", "expected"),
    [
        ("草稿", "submit", "clerk", None, "已提交"),
        ("已退回", "submit", "clerk", None, "已提交"),
        ("已提交", "dept-approve", "dept-reviewer", None, "主管部门审核通过"),
        ("已提交", "dept-return", "dept-reviewer", None, "已退回"),
        ("主管部门审核通过", "finance-grade", "finance-reviewer", "优", "财政审核通过"),
        ("主管部门审核通过", "finance-grade", "finance-reviewer", "良", "财政审核通过"),
        ("主管部门审核通过", "finance-grade", "finance-reviewer", "中", "已退回"),
        ("主管部门审核通过", "finance-grade", "finance-reviewer", "差", "不予安排"),
        ("财政审核通过", "approve", "finance-reviewer", None, "已批复"),
        ("已批复", "request-adjustment", "clerk", None, "调整申请中"),
        ("调整申请中", "approve-adjustment", "finance-reviewer", None, "已批复"),
        ("调整申请中", "reject-adjustment", "admin", None, "已批复"),
    ],
)
def test_legal_steps(status: str, action: str, role: str, grade: str | None, expected: str) -> None:
    step = transition(status, action, role=role, grade=grade, reason="意见")
    assert step.status == Status(expected)
    assert step.grade == grade


@pytest.mark.parametrize(
    ("status", "action", "role", "grade", "reason", "message"),
    [
        ("草稿", "approve", "admin", None, None, "当前状态为“草稿”,不能执行“批复”"),
        ("已批复", "submit", "clerk", None, None, "不能执行“提交”。可执行的操作: 申请调整"),
        ("不予安排", "submit", "clerk", None, None, "可执行的操作: 无"),
        ("草稿", "submit", "finance-reviewer", None, None, "财政审核人无权执行“提交”"),
        ("已提交", "dept-approve", "clerk", None, None, "填报人无权执行"),
        ("已提交", "dept-return", "dept-reviewer", None, " ", "必须填写理由"),
        ("主管部门审核通过", "finance-grade", "finance-reviewer", "甲", None, "评级“甲”无效"),
        ("主管部门审核通过", "finance-grade", "finance-reviewer", "中", None, "须写明审核意见"),
        ("已批复", "request-adjustment", "clerk", None, None, "必须填写理由"),
        ("草稿", "publish", "admin", None, None, "未知操作“publish”"),
        ("草稿", "submit", "public", None, None, "未知角色“public”"),
    ],
)
def test_illegal_steps_are_refused_in_chinese(
    status: str, action: str, role: str, grade: str | None, reason: str | None, message: str
) -> None:
    with pytest.raises(WorkflowError, match=message):
        transition(status, action, role=role, grade=grade, reason=reason)


def test_allowed_actions_follow_the_table() -> None:
    assert allowed_actions(Status.DRAFT) == (Action.SUBMIT, Action.REVISE)
    assert allowed_actions(Status.DEPT_APPROVED) == (Action.FINANCE_GRADE,)
    assert allowed_actions(Status.REJECTED) == ()
    assert transition(Status.DRAFT, Action.SUBMIT, role=Role.ADMIN).status is Status.SUBMITTED
