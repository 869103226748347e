"""``jixiao check``: parse, review every table, print findings and a proposed grade."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from jixiao.report import CheckRun
    from jixiao.rules import RuleConfig

# The review itself is imported inside the command: ``jixiao --help`` imports this
# module and must not load the report's templates and the rules (see cli/__init__.py).

console = Console()
err = Console(stderr=True)
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


class FailOn(StrEnum):
    """Which findings make the exit status 1."""

    error = "error"
    warning = "warning"


def check(
    paths: Annotated[list[Path], typer.Argument(help="文件或文件夹", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="按 jixiao.check/1 输出 JSON")] = False,
    html: Annotated[
        Path | None, typer.Option("--html", help="另写一份可打印的 HTML 审核报告")
    ] = None,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="有此级别的问题时退出码为 1")
    ] = None,
    rules: Annotated[
        str | None, typer.Option("--rules", help="规则集: legacy 或 central-2021")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help="配置文件(jixiao.toml)")] = None,
) -> None:
    """Review target tables: findings per table, the proposed grade, counts per code.

    Example:
        jixiao check examples/wuhu-2024-targets.txt --html report.html
    """
    from jixiao.ingest.bulk import iter_table_files
    from jixiao.report import check_paths, render_html, run_to_dict

    run = check_paths(iter_table_files(paths), _config(config, rules))
    if as_json:
        sys.stdout.write(json.dumps(run_to_dict(run), ensure_ascii=False, indent=2) + "\n")
    else:
        render_run(run)
    if html is not None:
        html.write_text(render_html(run), encoding="utf-8")
        err.print(f"已写出 HTML 审核报告 {html}")
    failing = {"error"} if fail_on == FailOn.error else {"error", "warning"}
    if run.unreadable or (fail_on is not None and run.has_severity(failing)):
        raise typer.Exit(1)


def _config(path: Path | None, ruleset: str | None) -> RuleConfig:
    from jixiao.rules import RuleConfigError, load_config

    try:
        return load_config(path, ruleset)
    except RuleConfigError as exc:
        err.print(f"[red]配置错误:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc


def render_run(run: CheckRun) -> None:
    """Given a check run, print each table's findings and grade, then the summary."""
    for item in run.tables:
        report = item.report
        console.rule(
            f"[bold]{escape(item.table.title)}[/bold]  建议评级 [bold]{report.grade_label}[/bold]"
            f"  [dim]{escape(str(item.table.source or ''))}[/dim]"
        )
        if report.grade_reason:
            console.print(f"  [dim]{escape(report.grade_reason)}[/dim]")
        if report.grade_cap:
            console.print(f"  [dim]评级上限: {escape(report.grade_cap)}[/dim]")
        for c in report.criteria:
            console.print(f"  {c.name} {c.score:>3} {c.level}  [dim]{escape(c.explanation)}[/dim]")
        for f in report.findings:
            where = escape(f.indicator or "整表")
            console.print(
                f"  [{_STYLE[f.severity]}]{_LABEL[f.severity]}[/] {f.code}  {where}: {escape(f.message)}"
            )
    for p in run.problems:
        console.print(
            f"[{_STYLE[p.severity]}]{_LABEL[p.severity]}[/] {p.code} {escape(str(p.source))}: {escape(p.message)}"
        )
    console.print(_summary(run))


def _summary(run: CheckRun) -> Table:
    grades = run.grade_counts()
    title = f"共 {len(run.tables)} 张表: " + " ".join(
        f"{g} {grades.get(g, 0)}" for g in ("优", "良", "中", "差", "无法评级")
    )
    if run.unreadable:
        title += f"; {len(run.unreadable)} 个文件无法读取"
    table = Table("代码", "级别", "次数", title=title)
    for (code, severity), n in sorted(run.code_counts().items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(code, f"[{_STYLE[severity]}]{_LABEL[severity]}[/]", str(n))
    return table


def register(app: typer.Typer) -> None:
    """Add ``check`` to the command line."""
    app.command(
        "check",
        help=(
            "审核目标表: 逐表列出问题、建议评级(优/良/中/差)及理由,并按代码汇总。"
            "\n\n示例: jixiao check 目标表.txt --html 审核报告.html"
        ),
    )(check)
