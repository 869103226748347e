"""Progress bars and run summaries for commands that read many files."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from jixiao.cli.render import err_console
from jixiao.model.problems import ParseResult


@contextmanager
def bulk_progress(total: int) -> Iterator[Callable[[Path, ParseResult], None]]:
    """Given a file count, yield a callback that advances a progress bar on stderr."""
    counts = Counter[str]()
    columns = (
        TextColumn("[bold]读取表格[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("表 {task.fields[tables]} · 问题 {task.fields[problems]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=False) as progress:
        task = progress.add_task("read", total=total, tables=0, problems=0)

        def advance(_path: Path, result: ParseResult) -> None:
            counts["tables"] += len(result.tables)
            counts["problems"] += len(result.problems)
            progress.update(task, advance=1, tables=counts["tables"], problems=counts["problems"])

        yield advance


def render_summary(files: int, result: ParseResult) -> None:
    """Given the file count and the merged result, print the run's summary on stderr."""
    indicators = sum(len(t.indicators) for t in result.tables)
    err_console.print(
        f"文件 {files} 个,表 {len(result.tables)} 张,指标 {indicators} 项,"
        f"问题 {len(result.problems)} 个"
    )
    by_code = Counter(p.code for p in result.problems)
    if by_code:
        table = Table("问题代码", "次数", title="问题按代码统计")
        for code, count in by_code.most_common():
            table.add_row(code, str(count))
        err_console.print(table)
