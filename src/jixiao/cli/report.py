"""``jixiao report``: the analysis report of a year, as printable HTML or A4 PDF (issue 19)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli.options import DbOpt, db_session
from jixiao.cli.render import console, err_console


def report(
    year: Annotated[
        int, typer.Option("--year", help="预算年度(与上一年度对比)", show_default=False)
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="输出文件: .html(可打印网页)或 .pdf(A4)"),
    ],
    department: Annotated[
        str | None, typer.Option("--department", help="只分析这个部门代码的表")
    ] = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="只分析这个地区: 该部门代码及其全部下级部门"),
    ] = None,
    db: DbOpt = None,
) -> None:
    """Write the analysis report of a year, compared with the year before.

    Quantification rate, grade distribution, the most frequent problems (by their
    Chinese titles), budget execution, self-evaluation scores against review grades,
    each department's change on last year, departments ranked, and the projects whose
    funds rose while a target fell; SVG charts; printable on A4.

    Example:
        jixiao report --year 2024 -o 2024分析报告.pdf
        jixiao report --year 2024 --department 508 -o 508-2024.html
    """
    from jixiao.app.analysis import ReportError, report_format, write_report

    if department and region:
        err_console.print("[red]--department 与 --region 只能给出一个[/red]")
        raise typer.Exit(2)
    try:
        report_format(output)
    except ReportError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    with db_session(db) as session:
        a = write_report(
            session=session, year=year, out=output, department=department, region=region
        )
    if not a.now.tables and not a.before.tables:
        err_console.print(
            f"[yellow]{a.subject}在 {year} 与 {year - 1} 年度都没有绩效目标表[/yellow]"
        )
    console.print(f"已写出 {year} 年度分析报告({a.subject},{a.now.tables} 张目标表)→ {output}")


def register(app: typer.Typer) -> None:
    """Given the CLI app, add the ``report`` command to it."""
    app.command(
        "report",
        help=(
            "年度分析报告(与上年对比): 量化率、等级分布、常见问题、预算执行、自评与审核、"
            "部门排名、资金增而目标降的项目; .html 或 .pdf。"
            "\n\n示例: jixiao report --year 2024 -o 2024分析报告.pdf"
        ),
    )(report)
