"""``jixiao score``: score self-evaluation tables (and check them against the approved target)."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from jixiao.cli.render import console, err_console
from jixiao.model.money import money_str
from jixiao.model.problems import ParseResult
from jixiao.model.project import TargetTable

if TYPE_CHECKING:
    from jixiao.rules import RuleConfig
    from jixiao.scoring import ScoreSheet

# Scoring, the readers and the workbook template (openpyxl) are imported inside the
# functions: ``jixiao --help`` imports this module and must not pay for them.


def read_any(path: Path) -> ParseResult:
    """Given a file, return its tables: our own filled template, or anything else ingest reads.

    The template is one of the ingest readers (:mod:`jixiao.ingest.selfeval_template`).
    """
    from jixiao.ingest import read_path
    from jixiao.model.problems import mark_read_in_part

    # A cut-off table is scored as `check` reviews it: no 优 on the rows that survived.
    return mark_read_in_part(read_path(path))


def pick_target(table: TargetTable, targets: tuple[TargetTable, ...]) -> TargetTable | None:
    """Given a self-evaluation and candidate target tables, return the one for the same project."""
    from jixiao.scoring.match import clean_name

    name = clean_name(table.project.name or "")
    same = [t for t in targets if clean_name(t.project.name or "") == name]
    if same:
        return same[-1]
    return targets[0] if len(targets) == 1 else None


def _read_evals(paths: list[Path]) -> tuple[list[TargetTable], bool]:
    """Given files, return their self-evaluation tables and whether one could not be read."""
    evals: list[TargetTable] = []
    failed = False
    for path in paths:
        result = read_any(path)
        for p in result.problems:
            err_console.print(f"[dim]{p.source}[/dim] {p.code}: {p.message}")
        failed |= not result.tables and any(p.severity == "error" for p in result.problems)
        found = [t for t in result.tables if t.kind == "self_evaluation"]
        if result.tables and not found:
            err_console.print(f"{path}: 未找到绩效自评表, 跳过")
        evals += found
    return evals, failed


def _score_with_db(
    evals: list[TargetTable], scheme: str, url: str | None, config: RuleConfig
) -> tuple[list[ScoreSheet], RuleConfig]:
    """Given self-evaluations, return them scored against the stored targets, and the config.

    The configuration returned carries the administrator's rule switch stored in the
    database on top of ``config``: a rule switched off there is not reported here either.
    """
    from jixiao.app import followup as app_followup
    from jixiao.app.settings import rule_choice
    from jixiao.store.db import make_engine, session_scope
    from jixiao.store.errors import StoreError

    try:
        with session_scope(make_engine(url)) as session:
            _, off = rule_choice(session=session)
            config = replace(config, disabled=config.disabled | off)
            scored = app_followup.score_with_db(
                session=session, tables=evals, scheme=scheme, config=config.settings()
            )
    except StoreError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    for sheet, link in scored:
        if link is None:
            err_console.print(f"{sheet.table.title}: 数据库中没有同一项目和年度的绩效目标表")
        elif not link.approved:
            err_console.print(f"{sheet.table.title}: 目标表尚未批复, 按其当前版本对照")
    return [sheet for sheet, _ in scored], config


def score(
    paths: Annotated[list[Path], typer.Argument(help="自评表文件", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="按 jixiao.score/1 输出 JSON")] = False,
    target: Annotated[
        Path | None, typer.Option("--target", help="批复的绩效目标表, 用于一致性检查")
    ] = None,
    scheme: Annotated[
        str, typer.Option("--scheme", help="权重方案: central-2020, sichuan-2023, hubei")
    ] = "central-2020",
    use_db: Annotated[
        bool,
        typer.Option(
            "--db",
            help="从数据库取同一项目、同一年度已批复(或批准调整后)的绩效目标做一致性检查, "
            "代替 --target",
        ),
    ] = False,
    db_url: Annotated[
        str | None,
        typer.Option("--db-url", help="数据库 URL(默认 JIXIAO_DATABASE_URL 或 ./jixiao.sqlite)"),
    ] = None,
    config_path: Annotated[
        Path | None,
        typer.Option("--config", help="配置文件(jixiao.toml): 关闭的规则不报告, 级别按配置"),
    ] = None,
) -> None:
    """Score self-evaluation tables: per-indicator score, total, grade and findings.

    Example:
        jixiao score 027_suixi-selfeval-2019.txt --target targets.txt --json
        jixiao score selfeval-2024.xlsx --db --json
    """
    from jixiao.cli.check import _config
    from jixiao.rules.selfeval import switched
    from jixiao.scoring import UnknownSchemeError, get_scheme, score_table, sheets_to_dict
    from jixiao.scoring.crossyear import attach_crossyear

    try:
        get_scheme(scheme)
    except UnknownSchemeError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if use_db and target:
        err_console.print("[red]--db 与 --target 只能选一个[/red]")
        raise typer.Exit(2)
    targets = tuple(t for t in read_any(target).tables if t.kind == "target") if target else ()
    config = _config(config_path, None)
    evals, failed = _read_evals(paths)
    if use_db:
        sheets, config = _score_with_db(evals, scheme, db_url, config)
    else:
        sheets = [
            score_table(
                t,
                scheme,
                pick_target(t, targets) if target else None,
                config=config.settings(),
            )
            for t in evals
        ]
    sheets = [switched(s, config) for s in attach_crossyear(sheets, targets, scheme)]
    if as_json:
        sys.stdout.write(json.dumps(sheets_to_dict(sheets), ensure_ascii=False, indent=2) + "\n")
    else:
        for sheet in sheets:
            render_sheet(sheet)
    if failed:
        raise typer.Exit(1)


def render_sheet(sheet: ScoreSheet) -> None:
    """Given a score sheet, print it as a table with its total, grade and findings."""
    view = Table(
        "指标",
        "分值",
        "得分",
        "自评分",
        "计算",
        title=f"{sheet.table.title}  [dim]{sheet.scheme}[/dim]",
    )
    ex = sheet.execution
    view.add_row(
        "预算执行率",
        money_str(ex.weight),
        money_str(ex.score),
        money_str(ex.reported_score) or "—",
        ex.explain,
    )
    for s in sheet.indicators:
        mark = "" if s.reported_score is None or s.reported_score == s.score else "[yellow]"
        view.add_row(
            s.indicator.name,
            money_str(s.weight) or "—",
            money_str(s.score) or "—",
            f"{mark}{money_str(s.reported_score) or '—'}",
            s.explain,
        )
    console.print(view)
    reported = (
        f"(单位自评 {money_str(sheet.reported_total)})" if sheet.reported_total is not None else ""
    )
    console.print(
        f"总分 [bold]{money_str(sheet.total)}[/bold] {reported}  等级 [bold]{sheet.grade}[/bold]"
    )
    for f in sheet.findings:
        colour = {"error": "red", "warning": "yellow"}.get(f.severity, "cyan")
        console.print(f"[{colour}]{f.severity}[/{colour}] {f.code} {f.indicator or ''} {f.message}")


def register(app: typer.Typer) -> None:
    """Add ``score`` to the command line."""
    app.command(
        "score",
        help=(
            "为自评表评分: 逐项得分(附计算过程)、总分、等级和问题;可对照批复的目标表"
            "(--target 文件,或 --db 用数据库中的批复版本)。"
            "\n\n示例: jixiao score 自评表.xlsx --target 目标表.txt --json"
        ),
    )(score)
