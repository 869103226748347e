"""What the database commands share: the ``--db``, ``--user`` and id options, the session.

``jixiao db``, its workflow commands, ``jixiao users`` and ``jixiao export`` all take
these; they live here, below every command module, so no two commands import each other.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

DbOpt = Annotated[
    str | None, typer.Option("--db", help="数据库 URL(默认 JIXIAO_DATABASE_URL 或 ./jixiao.sqlite)")
]
UserOpt = Annotated[
    str | None, typer.Option("--user", "-u", help="操作人(默认 JIXIAO_USER 或登录名)")
]
ExpectOpt = Annotated[
    int | None,
    typer.Option("--expect-version", help="您看到的版本计数(lock_version);已被他人修改则拒绝"),
]
IdArg = Annotated[int, typer.Argument(help="表编号(jixiao db list 的 id)")]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]


def actor_name(user: str | None) -> str:
    """Given ``--user`` (or None), return who acts: it, else JIXIAO_USER, else the login name."""
    return user or os.environ.get("JIXIAO_USER") or getpass.getuser()


@contextmanager
def db_session(db: str | None) -> Iterator[Any]:
    """Open a session on ``--db``; a store or workflow refusal ends the command with its message."""
    # The store (SQLAlchemy) is imported here, not at the top: ``jixiao --help`` imports
    # every command module and must not pay for it.
    from jixiao.model.workflow import WorkflowError
    from jixiao.store.db import make_engine, session_scope
    from jixiao.store.errors import StoreError

    try:
        with session_scope(make_engine(db)) as session:
            yield session
    except (StoreError, WorkflowError) as exc:
        typer.secho(f"错误: {exc}", fg="red", err=True)
        raise typer.Exit(1) from None
