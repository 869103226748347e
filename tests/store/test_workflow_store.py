"""The workflow on stored tables: every step through the state machine, with roles."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from storehelp import EXAMPLE, example_text, session_for

from jixiao.app import intake
from jixiao.ingest import read_path
from jixiao.model.workflow import WorkflowError
from jixiao.store import repo
from jixiao.store.errors import PermissionDenied

PASSWORD = "correct-horse"


def _users(session) -> None:
    repo.add_user(
        session=session, name="clerk", role="clerk", unit="芜湖市总工会", password=PASSWORD
    )
    repo.add_user(
        session=session,
        name="other-clerk",
        role="clerk",
        unit="芜湖市职工服务中心",
        password=PASSWORD,
    )
    repo.add_user(
        session=session, name="dept", role="dept-reviewer", department="508", password=PASSWORD
    )
    repo.add_user(
        session=session, name="finance", role="finance-reviewer", region="芜湖市", password=PASSWORD
    )


def _first_id(session) -> int:
    return next(
        t.id
        for t in repo.list_tables(session=session)
        if t.project_name == "2023年劳模表彰大会经费"
    )


def test_full_round_with_adjustment(db_url: str) -> None:
    with session_for(db_url) as s:
        _users(s)
        list(intake.load_paths(session=s, paths=[EXAMPLE], actor="clerk", check=False))
        tid = _first_id(s)
        repo.submit(session=s, table_id=tid, actor="clerk")
        repo.review(session=s, table_id=tid, actor="dept", approve=True)
        repo.grade(session=s, table_id=tid, actor="finance", grade="良")
        assert (
            repo.approved_target_for(session=s, project_key="508|2023年劳模表彰大会经费", year=2024)
            is None
        )
        approved = repo.approve(session=s, table_id=tid, actor="finance")
        original = repo.approved_target_for(
            session=s, project_key="508|2023年劳模表彰大会经费", year=2024
        )
        adjusted_table = replace(read_path(EXAMPLE).tables[0], goals=("调整后的目标",))
        pending = repo.request_adjustment(
            session=s, table_id=tid, actor="clerk", table=adjusted_table, reason="资金调减"
        )
        still = repo.approved_target_for(
            session=s, project_key="508|2023年劳模表彰大会经费", year=2024
        )
        done = repo.approve_adjustment(session=s, table_id=tid, actor="finance")
        after = repo.approved_target_for(
            session=s, project_key="508|2023年劳模表彰大会经费", year=2024
        )
        actions = [
            (e["action"], e["actor"], e["to_status"]) for e in repo.history(session=s, table_id=tid)
        ]
    assert (approved.status, approved.grade, approved.version) == ("已批复", "良", 1)
    assert original is not None and original.goals != ("调整后的目标",)
    assert (pending.status, pending.version) == ("调整申请中", 1)
    assert still == original
    assert (done.status, done.version) == ("已批复", 2)
    assert after is not None and after.goals == ("调整后的目标",)
    assert actions == [
        ("load", "clerk", "草稿"),
        ("submit", "clerk", "已提交"),
        ("dept-approve", "dept", "主管部门审核通过"),
        ("finance-grade", "finance", "财政审核通过"),
        ("approve", "finance", "已批复"),
        ("request-adjustment", "clerk", "调整申请中"),
        ("approve-adjustment", "finance", "已批复"),
    ]


def test_illegal_steps_and_wrong_roles_are_refused(db_url: str) -> None:
    with session_for(db_url) as s:
        _users(s)
        list(intake.load_paths(session=s, paths=[EXAMPLE], actor="clerk", check=False))
        tid = _first_id(s)
        with pytest.raises(WorkflowError, match="不能执行“批复”"):
            repo.approve(session=s, table_id=tid, actor="finance")
        with pytest.raises(WorkflowError, match="无权执行"):
            repo.submit(session=s, table_id=tid, actor="dept")
        with pytest.raises(PermissionDenied, match="只能处理本单位"):
            repo.submit(session=s, table_id=tid, actor="other-clerk")
        repo.submit(session=s, table_id=tid, actor="clerk")
        with pytest.raises(WorkflowError, match="必须填写理由"):
            repo.review(session=s, table_id=tid, actor="dept", approve=False)
        returned = repo.review(
            session=s, table_id=tid, actor="dept", approve=False, comment="成本指标缺少测算依据"
        )
        assert returned.status == "已退回"
        assert repo.history(session=s, table_id=tid)[-1]["reason"] == "成本指标缺少测算依据"


def test_grade_outcomes_and_no_change_after_submission(db_url: str, tmp_path: Path) -> None:
    edited = tmp_path / "edited.txt"
    edited.write_text(example_text().replace("149人", "150人", 1), encoding="utf-8")
    with session_for(db_url) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE], check=False))
        ids = [t.id for t in repo.list_tables(session=s)][:3]
        for tid in ids:
            repo.submit(session=s, table_id=tid, actor="admin")
            repo.review(session=s, table_id=tid, actor="admin", approve=True)
        outcomes = [
            repo.grade(session=s, table_id=tid, actor="admin", grade=g, comment="意见").status
            for tid, g in zip(ids, ("优", "中", "差"), strict=True)
        ]
        (report,) = intake.load_paths(session=s, paths=[edited], check=False)
    assert outcomes == ["财政审核通过", "已退回", "不予安排"]
    # 149人 → 150人 is in the first table, which is now 财政审核通过: refused, not overwritten.
    assert report.versions == 0 and len(report.refused) == 1 and "申请调整" in report.refused[0]


def test_unknown_user_refused_once_users_exist(db_url: str) -> None:
    with session_for(db_url) as s:
        _users(s)
        assert repo.authenticate(session=s, name="clerk", password=PASSWORD) is not None
        assert repo.authenticate(session=s, name="clerk", password="wrong-password") is None
        (report,) = intake.load_paths(session=s, paths=[EXAMPLE], actor="nobody")
    assert report.error is not None and "未知用户" in report.error


def test_audit_log_is_append_only(db_url: str) -> None:
    with session_for(db_url) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE], check=False))
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="审计日志只能追加"), session_for(db_url) as s:
            s.execute(text(statement))
