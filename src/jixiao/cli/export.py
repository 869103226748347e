"""``jixiao export``: write tables in the official layouts (xlsx, pdf, docx, html, json, csv)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli.render import console, err_console
from jixiao.export import EXPORTERS, ExportError, write
from jixiao.ingest import read_path


def export(
    source: Annotated[
        Path, typer.Argument(help="要导出的表格文件(任何 jixiao 能读取的格式)", show_default=False)
    ],
    to: Annotated[
        str | None, typer.Option("--to", help="输出格式: " + ", ".join(EXPORTERS))
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="输出文件;缺省为 <源文件名>.<格式>")
    ] = None,
) -> None:
    """Write every table of FILE in the official layout, one sheet, section or page each.

    Example:
        jixiao export wuhu-2024-targets.txt --to pdf -o wuhu-2024.pdf
    """
    fmt = (to or (output.suffix if output else "")).lower().lstrip(".")
    if fmt not in EXPORTERS:
        err_console.print(
            f"[red]请用 --to 指定输出格式({', '.join(EXPORTERS)}),或给 -o 一个带扩展名的文件名[/red]"
        )
        raise typer.Exit(2)
    result = read_path(source)
    for problem in result.problems:
        err_console.print(f"[yellow]{problem.source.describe()}: {problem.message}[/yellow]")
    if not result.tables:
        err_console.print(f"[red]{source} 中没有读到任何表格,未写出文件[/red]")
        raise typer.Exit(1)
    out = output or Path(f"{source.stem}.{fmt}")
    try:
        write(result.tables, fmt, out)
    except ExportError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"已写出 {len(result.tables)} 张表 → {out}")


def register(app: typer.Typer) -> None:
    """Given the CLI app, add the ``export`` command to it."""
    app.command("export")(export)
