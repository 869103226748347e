"""``jixiao db``: load files into the database, list, show, review, back up.

Every command is a thin twin of a :mod:`jixiao.store.repo` or :mod:`jixiao.app`
function. The database is ``--db`` or ``JIXIAO_DATABASE_URL`` or ``jixiao.sqlite``
in the working folder.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jixiao.cli.options import DbOpt, IdArg, JsonOpt, UserOpt, actor_name, db_session
from jixiao.cli.render import err_console

if TYPE_CHECKING:
    from jixiao.store import repo

# The store (SQLAlchemy, and through it the exporters) is imported inside each command:
# ``jixiao --help`` imports this module to list the commands and must not pay for it.

db_app = typer.Typer(
    name="db", help="数据库: 入库、查询、审核流程、备份与恢复。", no_args_is_help=True
)


def _echo_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


@db_app.command("init")
def init(db: DbOpt = None) -> None:
    """Create or upgrade the database schema.

    Example:
        jixiao db init --db postgresql://jixiao@localhost/jixiao
    """
    from jixiao.store.db import make_engine
    from jixiao.store.migrate import upgrade

    upgrade(make_engine(db, migrate=False))
    typer.echo("数据库结构已是最新。")


@db_app.command("load")
def load(
    paths: Annotated[list[Path], typer.Argument(help="文件或文件夹", show_default=False)],
    db: DbOpt = None,
    user: UserOpt = None,
    no_check: Annotated[bool, typer.Option("--no-check", help="入库时不运行审核规则")] = False,
    as_json: JsonOpt = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="解析与审核的并行进程数,0 为全部 CPU 核")
    ] = 0,
) -> None:
    """Parse, check and store tables; each file is one transaction, reloading is harmless.

    Example:
        jixiao db load examples/wuhu-2024-targets.txt
    """
    from jixiao.app import intake

    failed = False
    with db_session(db) as session:
        for report in intake.load_paths(
            session=session, paths=paths, actor=actor_name(user), check=not no_check, jobs=jobs
        ):
            failed = failed or report.error is not None
            if as_json:
                sys.stdout.write(json.dumps(vars(report), ensure_ascii=False) + "\n")
            else:
                _print_report(report)
    if failed:
        raise typer.Exit(1)


def _print_report(report: repo.FileReport) -> None:
    if report.error:
        typer.secho(f"{report.file}: 失败,未写入任何内容: {report.error}", fg="red", err=True)
        return
    typer.echo(
        f"{report.file}: 新增 {report.added} 张,新版本 {report.versions} 张,未变 {report.unchanged} 张"
    )
    for line in report.refused + report.problems:
        typer.secho(f"  {line}", fg="yellow")


@db_app.command("list")
def list_(
    db: DbOpt = None,
    as_json: JsonOpt = False,
    department: Annotated[str | None, typer.Option(help="部门代码")] = None,
    year: Annotated[int | None, typer.Option(help="预算年度")] = None,
    status: Annotated[str | None, typer.Option(help="状态,如 草稿、已提交、已批复")] = None,
    grade: Annotated[str | None, typer.Option(help="评级 优/良/中/差")] = None,
    kind: Annotated[str | None, typer.Option(help="target、self_evaluation 或 monitoring")] = None,
) -> None:
    """List the current version of each stored table.

    Example:
        jixiao db list --year 2024 --json
    """
    from jixiao.store import repo

    with db_session(db) as session:
        rows = repo.list_tables(
            session=session, department=department, year=year, status=status, grade=grade, kind=kind
        )
    if as_json:
        _echo_json([r.to_dict() for r in rows])
        return
    for r in rows:
        typer.echo(
            f"{r.id:>6}  {r.fiscal_year}  {r.department_code:<8} v{r.version}  {r.status:<8} {r.grade or '-':<2} {r.funds_total or '-':>10}  {r.project_name}"
        )


@db_app.command("show")
def show(
    table_id: IdArg,
    db: DbOpt = None,
    version: Annotated[int | None, typer.Option(help="版本号(默认当前版本)")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show one stored table with the findings of its last check.

    Example:
        jixiao db show 3 --json
    """
    from jixiao.model.serialize import table_to_dict
    from jixiao.store import repo

    with db_session(db) as session:
        stored = repo.get_table(session=session, table_id=table_id, version=version)
    data = {
        **stored.summary.to_dict(),
        "table": table_to_dict(stored.table),
        "findings": list(stored.findings),
    }
    if as_json:
        _echo_json(data)
        return
    s = stored.summary
    typer.echo(
        f"[{s.id}] {s.project_name} ({s.fiscal_year}年度) 第{s.version}版 {s.status} 评级 {s.grade or '-'}"
    )
    for ind in stored.table.indicators:
        typer.echo(f"  {ind.path}: {ind.value.raw}")
    for f in stored.findings:
        typer.echo(f"  ! {f['severity']} {f['code']}: {f['message']}")


@db_app.command("history")
def history(table_id: IdArg, db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Show who did what to a table, when and why.

    Example:
        jixiao db history 3
    """
    from jixiao.store import repo

    with db_session(db) as session:
        entries = repo.history(session=session, table_id=table_id)
    if as_json:
        _echo_json(entries)
        return
    for e in entries:
        why = f"  理由: {e['reason']}" if e["reason"] else ""
        typer.echo(
            f"{e['at']}  {e['actor']}  {e['action']}  v{e['version']}  {e['from_status'] or ''}→{e['to_status'] or ''}{why}"
        )


@db_app.command("dump")
def dump(
    db: DbOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="输出文件(默认标准输出)")
    ] = None,
) -> None:
    """Write everything as JSON lines, for backup and for moving between databases.

    Example:
        jixiao db dump -o backup.jsonl
    """
    from jixiao.store import repo

    with db_session(db) as session:
        if output is None:
            repo.dump_to(session=session, out=sys.stdout)
            return
        with output.open("w", encoding="utf-8") as out:
            rows = repo.dump_to(session=session, out=out)
    typer.echo(f"已导出 {rows} 行到 {output}", err=True)


@db_app.command("restore")
def restore(
    file: Annotated[Path, typer.Argument(help="jixiao db dump 的输出")], db: DbOpt = None
) -> None:
    """Restore a dump into an empty database.

    Example:
        jixiao db restore backup.jsonl --db postgresql://jixiao@localhost/new
    """
    from jixiao.store import repo

    with db_session(db) as session, file.open(encoding="utf-8") as lines:
        rows = repo.restore(session=session, lines=lines)
    typer.echo(f"已恢复 {rows} 行。")


@db_app.command("counts")
def counts(
    by: Annotated[str, typer.Option(help="department、year、status 或 grade")] = "status",
    year: Annotated[int | None, typer.Option(help="预算年度")] = None,
    db: DbOpt = None,
) -> None:
    """Count tables by department, year, status or grade (the dashboard figures).

    Example:
        jixiao db counts --by grade --year 2024
    """
    from jixiao.store import repo

    if by not in ("department", "year", "status", "grade"):
        typer.secho("错误: --by 应为 department、year、status 或 grade。", fg="red", err=True)
        raise typer.Exit(2)
    with db_session(db) as session:
        rows = repo.counts(session=session, by=by, year=year)  # type: ignore[arg-type]
    _echo_json(dict(rows))


@db_app.command("check-years")
def check_years(
    department: Annotated[str | None, typer.Option(help="只检查这个部门编码的项目")] = None,
    scheme: Annotated[str, typer.Option(help="权重方案(重算自评分用)")] = "central-2020",
    db: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check every stored project across years: targets lowered while funds rose,
    a target below last year's actual, self-scores of 100 while indicators were missed.

    Runs over the current version of each project's tables of every year in the
    database (not at load time: a load adds one year, the check needs them all).

    Example:
        jixiao db check-years --department 508 --json
    """
    from jixiao.app import years as app_years

    with db_session(db) as session:
        results = app_years.check_years(session=session, department=department, scheme=scheme)
    if as_json:
        _echo_json([r.to_dict() for r in results])
        return
    for r in results:
        if not r.findings:
            continue
        years = "、".join(str(y) for y in r.years)
        typer.echo(f"{r.project_name}({years}年度)")
        for f in r.findings:
            typer.secho(f"  {f.severity} {f.code} {f.indicator or ''} {f.message}", fg="yellow")
    flagged = sum(1 for r in results if r.findings)
    typer.echo(f"检查了 {len(results)} 个跨年度项目,{flagged} 个有问题。", err=True)


@db_app.command("recheck")
def recheck(
    year: Annotated[int | None, typer.Option(help="只重新检查这个年度")] = None,
    department: Annotated[str | None, typer.Option(help="只重新检查这个部门编码")] = None,
    db: DbOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """重新检查已入库的表: 规则集调整后,或目标表在自评表之后才批复时,刷新问题与审核等级。

    Runs the chosen rule set (and, for self-evaluation and monitoring tables, the
    checks against the approved target) on the current version of every table;
    the tables themselves are not changed. One audit entry records the run.

    Example:
        jixiao db recheck --year 2024
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from jixiao.app import recheck as app_recheck

    with db_session(db) as session:
        columns = (TextColumn("[bold]重新检查[/bold]"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=err_console) as bar:
            task = bar.add_task("recheck", total=None)

            def advance(n: int, total: int) -> None:
                bar.update(task, advance=n, total=total)

            report = app_recheck.recheck(
                session=session,
                actor=actor_name(user),
                year=year,
                department=department,
                progress=advance,
            )
    if as_json:
        _echo_json(report.to_dict())
        return
    typer.echo(
        f"检查了 {report.checked} 张表: {report.changed} 张的问题有变化,"
        f"{report.regraded} 张的审核等级有变化。"
    )


def register(app: typer.Typer) -> None:
    """Add ``jixiao db ...`` (with the workflow commands) to the command line."""
    from jixiao.cli import db_workflow

    db_workflow.register(db_app)
    app.add_typer(db_app, name="db")
