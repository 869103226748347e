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
    https: Annotated[
        str,
        typer.Option(
            envvar="JIXIAO_HTTPS",
            help=(
                "经 HTTPS 访问时: on = 总是(Cookie 加 Secure、发送 HSTS);"
                "proxy = 在终止 TLS 的反向代理之后, 按 X-Forwarded-Proto: https 判断;"
                "off = 否(默认)。也可用环境变量 JIXIAO_HTTPS=1"
            ),
        ),
    ] = "off",
) -> None:
    """Serve the web application; the first start creates ``admin`` and prints its password once.

    Behind HTTPS, give ``--https on`` (or ``--https proxy`` behind a reverse proxy that
    sets X-Forwarded-Proto), so that the session cookie is Secure and HSTS is sent.

    Example:
        jixiao serve --load-example
    """
    import os

    from jixiao.store.db import make_engine
    from jixiao.web.app import create_app
    from jixiao.web.bootstrap import ADMIN_NAME, first_run
    from jixiao.web.config import HTTPS_MODES, WebSettings, https_mode
    from jixiao.web.server import run, run_workers

    mode = https_mode(https)
    if mode not in HTTPS_MODES:
        typer.secho(f"错误: --https 应为 on、proxy 或 off,而不是“{https}”。", fg="red", err=True)
        raise typer.Exit(2)
    engine = make_engine(database)
    password = first_run(engine, example=load_example)
    if password:
        typer.secho(f"已创建管理员 {ADMIN_NAME},密码(只显示这一次): {password}", fg="green")
    typer.echo(f"jixiao 已启动: http://{host}:{port}/  (Ctrl+C 停止)")
    if workers == 1:
        run(create_app(WebSettings(database_url=database, https=mode), engine=engine), host, port)
        return
    engine.dispose()
    env = {
        "JIXIAO_DATABASE_URL": database or os.environ.get("JIXIAO_DATABASE_URL", ""),
        "JIXIAO_SECRET_KEY": os.environ.get("JIXIAO_SECRET_KEY") or secrets.token_urlsafe(32),
        "JIXIAO_HTTPS": mode,
    }
    run_workers(host, port, workers, {k: v for k, v in env.items() if v})


def register(app: typer.Typer) -> None:
    """Add ``jixiao serve`` to the command line."""
    app.command(
        "serve",
        help=(
            "启动网页应用;首次启动创建管理员 admin 并只显示一次密码。"
            "经 HTTPS 提供服务时请加 --https on(反向代理之后用 --https proxy),"
            "会话 Cookie 才带 Secure 并发送 HSTS。"
            "\n\n示例: jixiao serve --load-example"
        ),
    )(serve)
