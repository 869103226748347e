"""``jixiao export``: write tables in the official layouts (xlsx, pdf, docx, html, json, csv).

The source is a file, a stored table id (``jixiao db list``), with
``--department CODE --year Y`` a department's whole year as one bundle, or with
``--all`` the whole database (optionally one year or department): one file per
department and year, written by one worker per core behind a progress bar. With
``--dataset DIR`` the database becomes open data: Parquet files (docs/dataset.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli.options import DbOpt
from jixiao.cli.render import console, err_console
from jixiao.export.formats import BUNDLE_FORMATS, FORMATS
from jixiao.model.project import TargetTable

# The format table imports each writer (openpyxl, reportlab, python-docx) only when
# it writes: ``jixiao --help`` imports this module and must not pay for them.


def _stored(table_id: int, db: str | None) -> tuple[TargetTable, ...]:
    from jixiao.store import repo
    from jixiao.store.db import make_engine, session_scope
    from jixiao.store.errors import StoreError

    try:
        with session_scope(make_engine(db)) as session:
            return (repo.get_table(session=session, table_id=table_id).table,)
    except StoreError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc


def _from_file(source: Path) -> tuple[TargetTable, ...]:
    from jixiao.ingest import read_path

    result = read_path(source)
    for problem in result.problems:
        err_console.print(f"[yellow]{problem.source.describe()}: {problem.message}[/yellow]")
    if not result.tables:
        err_console.print(f"[red]{source} 中没有读到任何表格,未写出文件[/red]")
        raise typer.Exit(1)
    return result.tables


def _write(tables: Sequence[TargetTable], fmt: str, out: Path) -> None:
    from jixiao.export import ExportError, write

    try:
        write(tables, fmt, out)
    except ExportError as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"已写出 {len(tables)} 张表 → {out}")


def _bundle(department: str, year: int, fmt: str, out: Path, db: str | None) -> None:
    """Given a department code and year, write its stored tables as one bundle, with a bar."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from jixiao.app import bundles
    from jixiao.export import ExportError
    from jixiao.store import repo
    from jixiao.store.db import make_engine, session_scope

    with session_scope(make_engine(db)) as session:
        entries = repo.department_tables(session=session, department=department, year=year)
    if not entries:
        err_console.print(f"[red]数据库中没有部门 {department} 的 {year} 年度表格[/red]")
        raise typer.Exit(1)
    columns = (
        TextColumn("[bold]导出[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console) as progress:
        task = progress.add_task("export", total=len(entries))
        try:
            bundles.write_entries(entries, fmt, out, progress=lambda n: progress.advance(task, n))
        except ExportError as exc:
            err_console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from exc
    console.print(f"已写出部门 {department} {year} 年度 {len(entries)} 张表 → {out}")


def _export_all(
    fmt: str, out: Path, db: str | None, year: int | None, department: str | None, jobs: int
) -> None:
    """Export every department's year of the database under ``out``, with a bar over tables."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from jixiao.app.export_all import MANIFEST, ExportedFile, export_database, export_jobs
    from jixiao.store.db import make_engine, session_scope

    engine = make_engine(db)
    with session_scope(engine) as session:
        work = export_jobs(session=session, year=year, department=department)
    engine.dispose()  # the workers open their own connections
    if not work:
        err_console.print("[red]数据库中没有符合条件的表格,未导出[/red]")
        raise typer.Exit(1)
    total = sum(job.tables for job in work)
    columns = (
        TextColumn(f"[bold]导出 {fmt}[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("张表"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console) as progress:
        task = progress.add_task("export", total=total)

        def advance(done: ExportedFile) -> None:
            progress.advance(task, done.job.tables)
            if done.error:
                progress.console.print(
                    f"[red]{done.job.department} {done.job.year}: {done.error}[/red]"
                )

        results = export_database(
            url=db, out=out, fmt=fmt, jobs=work, workers=jobs, progress=advance
        )
    failed = [r for r in results if r.error]
    written = sum(r.tables for r in results)
    console.print(
        f"已导出 {written} 张表,{len(results) - len(failed)} 个文件 → {out}(清单见 {out / MANIFEST})"
    )
    if failed:
        err_console.print(f"[red]{len(failed)} 个部门年度导出失败,见上方与清单中的“错误”列[/red]")
        raise typer.Exit(1)


def _dataset(out: Path, year: int | None, public: bool, db: str | None) -> None:
    """Write the database (or what the public may see of it) as Parquet files under ``out``."""
    from jixiao.app.dataset import export_dataset
    from jixiao.cli.options import db_session
    from jixiao.store.visibility import Scope, scope_for

    # The public's rule, not a second copy of it: published tables only, at their
    # version in force (scope_for(None), as the public pages), and no review work
    # (as the public bundle download).
    scope = scope_for(None) if public else Scope()
    with db_session(db) as session:
        report = export_dataset(session=session, out=out, scope=scope, year=year, review=not public)
    console.print(f"已写出{'公开' if public else ''}数据集 → {out}")
    for name, n in report.rows.items():
        console.print(f"  {name}: {n} 行")


def _format(to: str | None, output: Path | None, allowed: Sequence[str]) -> str:
    fmt = (to or (output.suffix if output else "")).lower().lstrip(".")
    if fmt not in allowed:
        err_console.print(
            f"[red]请用 --to 指定输出格式({', '.join(allowed)}),或给 -o 一个带扩展名的文件名[/red]"
        )
        raise typer.Exit(2)
    return fmt


def export(
    source: Annotated[
        str | None,
        typer.Argument(
            help="表格文件(任何 jixiao 能读取的格式),或数据库中的表编号(jixiao db list 的 id)",
            show_default=False,
        ),
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="输出格式: " + ", ".join(FORMATS))] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="输出文件;缺省为 <源文件名>.<格式>;--all 时为输出目录(缺省 export-<格式>)",
        ),
    ] = None,
    department: Annotated[
        str | None,
        typer.Option(
            "--department",
            help="部门编码: 与 --year 一起导出该部门一个年度的全部表格(汇编);与 --all 一起只导出该部门",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year", help="预算年度: 与 --department 一起导出部门汇总,或与 --all 一起只导出该年"
        ),
    ] = None,
    db: DbOpt = None,
    everything: Annotated[
        bool,
        typer.Option(
            "--all",
            help="导出整个数据库(可用 --year、--department 筛选):每个部门每年一个文件,-o 为输出目录",
        ),
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="与 --all 一起: 并行进程数,0 表示每核一个")
    ] = 0,
    dataset: Annotated[
        Path | None,
        typer.Option(
            "--dataset",
            help="把数据库导出为开放数据(Parquet,见 docs/dataset.md)到此目录;可用 --year 筛选",
            show_default=False,
        ),
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public", help="与 --dataset 一起: 只导出已公开的表,不含审核发现、等级与流程记录"
        ),
    ] = False,
) -> None:
    """Write tables in the official layout, one sheet, section or page each.

    SOURCE is a file, or an integer that is not an existing file: a stored
    table's id. With --department CODE --year Y (and no SOURCE) the department's
    stored tables of that year become one bundle: xlsx (汇总 sheet + one sheet per
    project), pdf (contents page) or html (a folder: index + one page per table).
    With --all, every department's year of the database is written that way (docx,
    json and csv: the department's tables in one file) under the folder -o, with
    清单.csv listing the files and, for html, an index.html linking every site.

    Example:
        jixiao export wuhu-2024-targets.txt --to pdf -o wuhu-2024.pdf
        jixiao export 17 --to xlsx -o table-17.xlsx
        jixiao export --department 508 --year 2024 --to xlsx -o 508-2024.xlsx
        jixiao export --all --year 2024 --to pdf -o 公开-2024
        jixiao export --dataset 开放数据-2024 --year 2024 --public
    """
    if dataset is not None:
        if source is not None or everything or to is not None or department is not None:
            err_console.print("[red]--dataset 只可与 --year、--public 一起使用[/red]")
            raise typer.Exit(2)
        _dataset(dataset, year, public, db)
        return
    if public:
        err_console.print("[red]--public 需与 --dataset 一起使用[/red]")
        raise typer.Exit(2)
    if everything:
        if source is not None or to is None:
            err_console.print("[red]--all 需要 --to 指定格式,且不带 SOURCE[/red]")
            raise typer.Exit(2)
        fmt = _format(to, None, list(FORMATS))
        _export_all(fmt, output or Path(f"export-{fmt}"), db, year, department, jobs)
        return
    if department is not None or year is not None:
        if department is None or year is None or source is not None:
            err_console.print(
                "[red]部门汇编需要同时给出 --department 和 --year,且不带 SOURCE[/red]"
            )
            raise typer.Exit(2)
        fmt = _format(to, output, BUNDLE_FORMATS)
        suffix = FORMATS[fmt].suffix
        _bundle(department, year, fmt, output or Path(f"{department}-{year}{suffix}"), db)
        return
    if source is None:
        err_console.print("[red]请给出要导出的文件或表编号,或用 --department 与 --year[/red]")
        raise typer.Exit(2)
    fmt = _format(to, output, list(FORMATS))
    path = Path(source)
    if not path.exists() and source.strip().isdigit():
        tables = _stored(int(source), db)
        _write(tables, fmt, output or Path(f"table-{int(source)}{FORMATS[fmt].suffix}"))
        return
    _write(_from_file(path), fmt, output or Path(f"{path.stem}{FORMATS[fmt].suffix}"))


def register(app: typer.Typer) -> None:
    """Given the CLI app, add the ``export`` command to it."""
    app.command(
        "export",
        help=(
            f"按官方版式导出({'、'.join(FORMATS)}): 文件或数据库中的表编号;"
            "--department 与 --year 导出部门汇总;--all 导出整个数据库;"
            "--dataset 导出开放数据(Parquet)。"
            "\n\n示例: jixiao export 目标表.txt --to pdf -o 目标表.pdf"
        ),
    )(export)
