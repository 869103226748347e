"""``jixiao users``: add users and roles, list them, check a password."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from jixiao.cli.options import DbOpt, db_session

users_app = typer.Typer(
    name="users",
    help="用户与角色(填报人、主管部门审核人、财政审核人、管理员)。",
    no_args_is_help=True,
)


def _password_from_stdin() -> str:
    return sys.stdin.readline().rstrip("\r\n")


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="用户名")],
    role: Annotated[str, typer.Option(help="clerk、dept-reviewer、finance-reviewer 或 admin")],
    unit: Annotated[str | None, typer.Option(help="填报人的实施单位名称")] = None,
    department: Annotated[str | None, typer.Option(help="主管部门审核人的部门代码")] = None,
    region: Annotated[
        str | None, typer.Option(help="财政审核人的地区:一个部门代码(含其下级部门);不填则为全部")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="从标准输入读取密码")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Add a user with a role and its scope; the password is read from stdin.

    Example:
        echo 's3cret-pass' | jixiao users add clerk1 --role clerk --unit 芜湖市总工会 --password-stdin
    """
    from jixiao.store import repo

    if not password_stdin:
        typer.secho(
            "错误: 请用 --password-stdin 从标准输入提供密码(不在命令行上写密码)。",
            fg="red",
            err=True,
        )
        raise typer.Exit(2)
    password = _password_from_stdin()
    with db_session(db) as session:
        actor = repo.add_user(
            session=session,
            name=name,
            role=role,
            password=password,
            unit=unit,
            department=department,
            region=region,
        )
    typer.echo(f"已添加用户 {actor.name}({actor.role.value})。")


@users_app.command("list")
def list_(db: DbOpt = None) -> None:
    """List users with role and scope.

    Example:
        jixiao users list
    """
    from jixiao.store import repo

    with db_session(db) as session:
        for u in repo.list_users(session=session):
            scope = u.unit_name or u.department_code or u.region or ""
            typer.echo(f"{u.name}\t{u.role.value}\t{scope}")


@users_app.command("check")
def check(name: Annotated[str, typer.Argument(help="用户名")], db: DbOpt = None) -> None:
    """Check a password read from stdin; exit 1 when it does not match.

    Example:
        echo 's3cret-pass' | jixiao users check clerk1
    """
    from jixiao.store import repo

    with db_session(db) as session:
        actor = repo.authenticate(session=session, name=name, password=_password_from_stdin())
    if actor is None:
        typer.secho("用户名或密码不正确。", fg="red", err=True)
        raise typer.Exit(1)
    typer.echo(f"{actor.name}: {actor.role.value}")


@users_app.command("sessions")
def sessions(
    name: Annotated[str | None, typer.Argument(help="用户名;不填则列出所有用户")] = None,
    db: DbOpt = None,
) -> None:
    """List live web sessions and API tokens (id, user, kind, address, expiry).

    Example:
        jixiao users sessions clerk1
    """
    from jixiao.store.sessions import live_sessions

    with db_session(db) as session:
        for s in live_sessions(session=session, name=name):
            until = s.expires_at.strftime("%Y-%m-%d %H:%M")
            typer.echo(f"{s.id}\t{s.user}\t{s.kind}\t{s.address or ''}\t{until}")


@users_app.command("revoke")
def revoke(
    name: Annotated[str, typer.Argument(help="用户名")],
    ids: Annotated[
        list[int] | None, typer.Option("--id", help="只结束这些会话(见 users sessions),可重复")
    ] = None,
    tokens: Annotated[bool, typer.Option("--tokens", help="只结束 API 令牌,保留网页登录")] = False,
    db: DbOpt = None,
) -> None:
    """End a user's web sessions and API tokens at once (all, or the given ids).

    Example:
        jixiao users revoke clerk1 --tokens
    """
    from jixiao.store.sessions import API, revoke_sessions

    with db_session(db) as session:
        ended = revoke_sessions(
            session=session,
            name=name,
            ids=tuple(ids) if ids else None,
            kind=API if tokens else None,
        )
    typer.echo(f"已结束用户 {name} 的 {ended} 个登录会话/令牌。")


def register(app: typer.Typer) -> None:
    """Add ``jixiao users ...`` to the command line."""
    app.add_typer(users_app, name="users")
