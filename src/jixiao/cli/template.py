"""``jixiao template``: write ready-to-fill workbooks from approved target tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli.render import console, err_console

template_app = typer.Typer(help="生成待填写的表格模板", no_args_is_help=True)


@template_app.command(
    "selfeval",
    help=(
        "根据批复的目标表生成待填写的自评表工作簿(含指标、目标值、分值和评分公式)。"
        "\n\n示例: jixiao template selfeval 目标表.txt -o 自评表.xlsx"
    ),
)
def selfeval(
    target: Annotated[Path, typer.Argument(help="批复的绩效目标表文件", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="输出的 .xlsx 文件")],
    scheme: Annotated[
        str, typer.Option("--scheme", help="权重方案: central-2020, sichuan-2023, hubei")
    ] = "central-2020",
) -> None:
    """Write a self-evaluation workbook pre-filled from a target table, with score formulas.

    Example:
        jixiao template selfeval wuhu-2024-targets.txt -o 自评表.xlsx
    """
    from jixiao.export.selfeval_template import write_selfeval_template
    from jixiao.ingest import read_path
    from jixiao.scoring import UnknownSchemeError, get_scheme

    try:
        chosen = get_scheme(scheme)
    except UnknownSchemeError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    result = read_path(target)
    tables = [t for t in result.tables if t.kind == "target"]
    for p in result.problems:
        err_console.print(f"[dim]{p.source}[/dim] {p.code}: {p.message}")
    if not tables:
        err_console.print(f"[red]{target}: 未读到绩效目标表[/red]")
        raise typer.Exit(1)
    write_selfeval_template(tables, output, chosen)
    console.print(f"已写出 {output}: {len(tables)} 张自评表, 权重方案 {chosen.name}")


def register(app: typer.Typer) -> None:
    """Add ``template`` (with its ``selfeval`` subcommand) to the command line."""
    app.add_typer(template_app, name="template")
