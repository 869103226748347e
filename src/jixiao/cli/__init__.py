"""The ``jixiao`` command line: every command is a thin twin of a library function."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="jixiao",
    help="jixiao 绩效: 读取、审核、评分并保存项目支出绩效目标表。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each module registers its commands on ``app`` through ``register(app)``; the list
# is explicit (no scanning) so that ``jixiao --help`` is the same on every machine.
COMMAND_MODULES: tuple[str, ...] = (
    "parse",
    "db",
    "users",
    "check",
    "rules",
    "score",
    "template",
    "export",
    "synth",
    "serve",
    "library",
    "report",
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"jixiao {version('jixiao')}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="显示版本号后退出"
    ),
) -> None:
    """jixiao 绩效: 读取、审核、评分并保存项目支出绩效目标表。"""


for _name in COMMAND_MODULES:
    importlib.import_module(f"jixiao.cli.{_name}").register(app)


def main() -> None:
    """Run the command line."""
    app()
