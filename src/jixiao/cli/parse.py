"""``jixiao parse``: read tables from files and print them."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from jixiao.cli.render import console, render_result

if TYPE_CHECKING:
    from jixiao.model.problems import ParseResult

# The readers are imported inside the command, not here: every command module is
# imported to build ``jixiao --help``, which must not pay for them (see cli/__init__.py).


def parse(
    paths: Annotated[
        list[Path], typer.Argument(help="文件或文件夹;- 表示标准输入", show_default=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="按 jixiao.parse/1 输出 JSON")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="并行进程数,0 为全部 CPU 核")] = 0,
    explain: Annotated[
        bool, typer.Option("--explain", help="把读到的网格写成 HTML 以便排查")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="--explain 的输出文件")
    ] = None,
) -> None:
    """Read target, self-evaluation and monitoring tables and print them.

    Example:
        jixiao parse examples/wuhu-2024-targets.txt --json
    """
    if explain:
        _explain(paths, output)
        return
    result = _read_all(paths, jobs, show_progress=not as_json)
    if as_json:
        write_json(result, sys.stdout)
    else:
        render_result(result)
    if any(p.severity == "error" and not _table_from(p, result) for p in result.problems):
        raise typer.Exit(1)


def write_json(result: ParseResult, out: TextIO) -> None:
    """Given a parse result, write its ``jixiao.parse/1`` document one table at a time.

    The text is the same as ``json.dumps(result_to_dict(result), indent=2)``; writing
    table by table spares a 6,000-table file the dicts of every table and the whole text
    held at once (see bench/bench_parse_memory.py).
    """
    from jixiao.model.serialize import PARSE_SCHEMA, problem_to_dict, table_to_dict

    out.write('{\n  "schema": ' + json.dumps(PARSE_SCHEMA) + ',\n  "tables": ')
    _write_items(out, (table_to_dict(t) for t in result.tables))
    out.write(',\n  "problems": ')
    _write_items(out, (problem_to_dict(p) for p in result.problems))
    out.write("\n}\n")


def _write_items(out: TextIO, items: Iterator[object]) -> None:
    # Each item is indented as json.dumps would at depth 2; a newline inside a string is
    # escaped in JSON text, so every raw newline here is a line break of the layout.
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        out.write(("[\n    " if first else ",\n    ") + text)
        first = False
    out.write("[]" if first else "\n  ]")


def _read_all(paths: list[Path], jobs: int, *, show_progress: bool) -> ParseResult:
    from jixiao.ingest import read_bytes, read_path

    if [str(p) for p in paths] == ["-"]:
        return read_bytes(sys.stdin.buffer.read(), "<stdin>")
    files = _expand(paths)
    if len(files) == 1:
        # One file: no worker pool to start, and its errors point at it directly.
        return read_path(files[0])
    return _read_many(files, jobs)


def _read_many(files: list[Path], jobs: int) -> ParseResult:
    # The pool and the progress bar are imported here, so that one file does not pay for them.
    from jixiao.cli.progress import bulk_progress, render_summary
    from jixiao.ingest.bulk import parse_files
    from jixiao.model.problems import ParseResult

    total = ParseResult()
    with bulk_progress(len(files)) as advance:
        for _path, result in parse_files(files, jobs=jobs, progress=advance):
            total = total + result
    render_summary(len(files), total)
    return total


def _expand(paths: list[Path]) -> list[Path]:
    # Files named on the command line are read even if they do not look like tables
    # (the reader then says why); folders are searched for table files only.
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            from jixiao.ingest.bulk import iter_table_files

            files.extend(iter_table_files([path]))
        else:
            files.append(path)
    return files


def _table_from(problem: object, result: ParseResult) -> bool:
    file = getattr(getattr(problem, "source", None), "file", None)
    return any(t.source is not None and t.source.file == file for t in result.tables)


def _explain(paths: list[Path], output: Path | None) -> None:
    from jixiao.ingest.explain import explain_html

    if len(paths) != 1 or output is None:
        console.print("[red]--explain 需要且只需要一个文件,并用 -o 指定输出 HTML[/red]")
        raise typer.Exit(2)
    output.write_text(explain_html(paths[0]), encoding="utf-8")
    console.print(f"已写出 {output}")


def register(app: typer.Typer) -> None:
    """Add ``parse`` to the command line."""
    app.command(
        "parse",
        help=(
            "读取目标表、自评表和监控表(txt、xlsx、xls、docx、pdf、html、csv,文件或文件夹)并显示;"
            "--json 输出 jixiao.parse/1。\n\n示例: jixiao parse 目标表.pdf --json"
        ),
    )(parse)
