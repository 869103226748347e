"""``jixiao db submit|review|return|grade|approve|adjust|merge``: the review workflow.

Each command is a thin twin of a :mod:`jixiao.store.repo` workflow action; the
state machine (:mod:`jixiao.model.workflow`) refuses illegal steps in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jixiao.cli.options import DbOpt, ExpectOpt, IdArg, UserOpt, actor_name, db_session

if TYPE_CHECKING:
    from jixiao.store import repo

db_app = typer.Typer()


def _act(db: str | None, action: Callable[..., repo.TableSummary], **kwargs: Any) -> None:
    with db_session(db) as session:
        summary = action(session=session, **kwargs)
    typer.echo(
        f"[{summary.id}] {summary.project_name}: {summary.status}(第{summary.version}版,评级 {summary.grade or '-'})"
    )


@db_app.command("submit")
def submit(
    table_id: IdArg, db: DbOpt = None, user: UserOpt = None, expect_version: ExpectOpt = None
) -> None:
    """Submit a draft (or returned) table to the department.

    Example:
        jixiao db submit 3 --user clerk1
    """
    from jixiao.store import repo

    _act(
        db, repo.submit, table_id=table_id, actor=actor_name(user), expected_version=expect_version
    )


@db_app.command("review")
def review(
    table_id: IdArg,
    db: DbOpt = None,
    user: UserOpt = None,
    return_: Annotated[bool, typer.Option("--return", help="退回(须写 --comment)")] = False,
    comment: Annotated[str | None, typer.Option(help="审核意见")] = None,
    expect_version: ExpectOpt = None,
) -> None:
    """Record the department's review: pass, or return with comments.

    Example:
        jixiao db review 3 --user dept1 --return --comment "数量指标未量化"
    """
    from jixiao.store import repo

    _act(
        db,
        repo.review,
        table_id=table_id,
        actor=actor_name(user),
        approve=not return_,
        comment=comment,
        expected_version=expect_version,
    )


@db_app.command("return")
def return_(
    table_id: IdArg,
    comment: Annotated[str, typer.Option(help="退回意见")],
    db: DbOpt = None,
    user: UserOpt = None,
    expect_version: ExpectOpt = None,
) -> None:
    """Return a submitted table to its unit with comments (same as review --return).

    Example:
        jixiao db return 3 --comment "满意度指标缺失"
    """
    from jixiao.store import repo

    _act(
        db,
        repo.review,
        table_id=table_id,
        actor=actor_name(user),
        approve=False,
        comment=comment,
        expected_version=expect_version,
    )


@db_app.command("grade")
def grade(
    table_id: IdArg,
    value: Annotated[str, typer.Argument(help="优、良、中 或 差")],
    db: DbOpt = None,
    user: UserOpt = None,
    comment: Annotated[str | None, typer.Option(help="审核意见(中、差必填)")] = None,
    expect_version: ExpectOpt = None,
) -> None:
    """Record the finance bureau's grade: 优/良 pass, 中 returns, 差 is not funded.

    Example:
        jixiao db grade 3 良 --user caizheng1
    """
    from jixiao.store import repo

    _act(
        db,
        repo.grade,
        table_id=table_id,
        actor=actor_name(user),
        grade=value,
        comment=comment,
        expected_version=expect_version,
    )


@db_app.command("approve")
def approve(
    table_id: IdArg, db: DbOpt = None, user: UserOpt = None, expect_version: ExpectOpt = None
) -> None:
    """Approve a finance-approved table with the budget (已批复).

    Example:
        jixiao db approve 3 --user caizheng1
    """
    from jixiao.store import repo

    _act(
        db, repo.approve, table_id=table_id, actor=actor_name(user), expected_version=expect_version
    )


@db_app.command("adjust")
def adjust(
    table_id: IdArg,
    file: Annotated[Path | None, typer.Argument(help="调整后的表(申请时)")] = None,
    reason: Annotated[str | None, typer.Option(help="调整理由或驳回理由")] = None,
    approve_: Annotated[bool, typer.Option("--approve", help="批准待审批的调整")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="驳回待审批的调整")] = False,
    db: DbOpt = None,
    user: UserOpt = None,
    expect_version: ExpectOpt = None,
) -> None:
    """Request an adjustment of an approved table (FILE + --reason), or approve/reject one.

    Example:
        jixiao db adjust 3 revised.txt --reason "资金调减20万元"
    """
    from jixiao.app import review
    from jixiao.store import repo

    common = {"table_id": table_id, "actor": actor_name(user), "expected_version": expect_version}
    if approve_:
        _act(db, repo.approve_adjustment, **common)
    elif reject:
        _act(db, repo.reject_adjustment, reason=reason or "", **common)
    else:
        _act(db, review.request_adjustment, table=_one_table(file), reason=reason or "", **common)


def _one_table(file: Path | None) -> Any:
    from jixiao.ingest import read_path

    tables = read_path(file).tables if file else ()
    if len(tables) != 1:
        typer.secho("错误: 申请调整须给出恰好含一张表的文件。", fg="red", err=True)
        raise typer.Exit(2)
    return tables[0]


@db_app.command("merge")
def merge(
    old_key: Annotated[str, typer.Argument(help="旧项目键(部门代码|规范化名称)")],
    new_key: Annotated[str, typer.Argument(help="新项目键")],
    reason: Annotated[str, typer.Option(help="合并理由,如 项目更名")],
    db: DbOpt = None,
    user: UserOpt = None,
) -> None:
    """Merge a renamed project into the project it continues.

    Example:
        jixiao db merge "508|劳模表彰经费" "508|2023年劳模表彰大会经费" --reason 项目更名
    """
    from jixiao.store import repo

    with db_session(db) as session:
        moved = repo.merge_projects(
            session=session, old_key=old_key, new_key=new_key, actor=actor_name(user), reason=reason
        )
    typer.echo(f"已合并,移动 {moved} 张表。")


def register(parent: typer.Typer) -> None:
    """Add the workflow commands to ``jixiao db``."""
    for command in db_app.registered_commands:
        parent.registered_commands.append(command)
