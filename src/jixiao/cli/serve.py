"""``jixiao serve``: the web application on http://127.0.0.1:8000."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer


def serve(
    host: Annotated[str, typer.Option(help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="端口")] = 8000,
    database: Annotated[
        str | None,
        typer.Option(
            "--database", "--db", help="数据库 URL(默认 JIXIAO_DATABASE_URL 或 ./jixiao.sqlite)"
        ),
    ] = None,
    load_example: Annotated[
        bool,
        typer.Option("--load-example", help="数据库为空时载入示例(芜湖市总工会 2024 年 6 张表)"),
    ] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="进程数(多核服务器可设为核数)")] = 1,
) -> None:
    """Serve the web application; the first start creates ``admin`` and prints its password once.

    Example:
        jixiao serve --load-example
    """
    import os

    from jixiao.store.db import make_engine
    from jixiao.web.app import create_app
    from jixiao.web.bootstrap import ADMIN_NAME, first_run
    from jixiao.web.config import WebSettings
    from jixiao.web.server import run, run_workers

    engine = make_engine(database)
    password = first_run(engine, example=load_example)
    if password:
        typer.secho(f"已创建管理员 {ADMIN_NAME},密码(只显示这一次): {password}", fg="green")
    typer.echo(f"jixiao 已启动: http://{host}:{port}/  (Ctrl+C 停止)")
    if workers == 1:
        run(create_app(WebSettings(database_url=database), engine=engine), host, port)
        return
    engine.dispose()
    env = {
        "JIXIAO_DATABASE_URL": database or os.environ.get("JIXIAO_DATABASE_URL", ""),
        "JIXIAO_SECRET_KEY": os.environ.get("JIXIAO_SECRET_KEY") or secrets.token_urlsafe(32),
    }
    run_workers(host, port, workers, {k: v for k, v in env.items() if v})


def register(app: typer.Typer) -> None:
    """Add ``jixiao serve`` to the command line."""
    app.command(
        "serve",
        help=(
            "启动网页应用;首次启动创建管理员 admin 并只显示一次密码。"
            "\n\n示例: jixiao serve --load-example"
        ),
    )(serve)
