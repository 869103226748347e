"""Export speed (issue 8): a whole synthetic database in every format, tables per second.

Builds a SQLite database of N synthetic tables (default 50,000, the size of a
province's year; loaded with their rule checks so the bundles' summary sheets
carry grades and finding counts), or reuses one given with ``--db``. Then, in
the same run and with the same worker processes (one per core):

- baseline: every department's year read from the database and rebuilt as model
  tables, nothing written (the floor any export stands on);
- each format: ``export_database`` (what ``jixiao export --all`` runs), with a
  progress bar, one file (or site) per department and year.

Prints tables per second per format, the ratio of its time to the baseline's,
the bytes written and the workers' peak memory.

With ``--postgres`` the database is a throw-away PostgreSQL server started from
the Debian binaries (as in bench_store.py) instead of a SQLite file.

Run: ``.venv/bin/python bench/bench_export.py [--tables 50000] [--formats xlsx,pdf,...]
[--db URL | --postgres] [--jobs 0] [--keep]``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

# bench_store.py sits next to this script (its folder is sys.path[0] when run).
from bench_store import postgres
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from synthetic_db import store_by_department_year

from jixiao.app.export_all import ExportJob, export_database, export_jobs
from jixiao.app.review import default_checker
from jixiao.export import FORMATS
from jixiao.store import repo
from jixiao.store.db import make_engine, session_scope
from jixiao.store.tables import TableRecord
from jixiao.synth import generate

console = Console()
SEED = 2026


def build(url: str, n: int) -> float:
    """Given an empty database, load n synthetic tables with their checks; return seconds."""
    tables = [s.table for s in generate(n, seed=SEED)]
    start = time.perf_counter()
    with session_scope(make_engine(url)) as session:
        store_by_department_year(session, tables, default_checker())
    return time.perf_counter() - start


@cache
def _engine(url: str) -> Engine:
    # Called in the workers only, so each process opens its own connections.
    return make_engine(url, migrate=False)


def _read_job(url: str, job: ExportJob) -> int:
    with session_scope(_engine(url)) as session:
        entries = repo.department_tables(session=session, department=job.department, year=job.year)
    return len(entries)


def baseline(url: str, jobs: list[ExportJob], workers: int) -> float:
    """Given the jobs, read every department's year in the worker pool; return seconds."""
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        read = sum(pool.map(_read_job, [url] * len(jobs), jobs, chunksize=4))
    assert read == sum(j.tables for j in jobs), read
    return time.perf_counter() - start


def export_format(url: str, jobs: list[ExportJob], fmt: str, out: Path, workers: int) -> float:
    """Given the jobs and a format, export everything with a progress bar; return seconds."""
    columns = (
        TextColumn(f"{fmt:>5}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    start = time.perf_counter()
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(fmt, total=sum(j.tables for j in jobs))
        results = export_database(
            url=url,
            out=out,
            fmt=fmt,
            jobs=jobs,
            workers=workers,
            progress=lambda r: progress.advance(task, r.job.tables),
        )
    failed = [r for r in results if r.error]
    assert not failed, failed[:3]
    return time.perf_counter() - start


def size_mb(folder: Path) -> float:
    """Given a folder, return the size of every file under it in MB."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    """Build (or reuse) the database, then export it in every format and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=50_000)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--db", help="reuse a database built by an earlier run")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    parser.add_argument("--keep", action="store_true", help="keep the exported files")
    parser.add_argument("--postgres", action="store_true", help="build the database in PostgreSQL")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jixiao-bench-export-"))
    try:
        if args.postgres:
            with postgres() as base:
                run(args, base + "bench", work)
        else:
            run(args, args.db or f"sqlite:///{work / 'bench.sqlite'}", work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, url: str, work: Path) -> None:
    """Given the options and a database URL, build it if needed, export and print the figures."""
    workers = args.jobs or os.cpu_count() or 1
    if not args.db:
        console.print(f"built {args.tables} checked tables in {build(url, args.tables):.0f} s")
    engine = make_engine(url)
    with session_scope(engine) as session:
        jobs = export_jobs(session=session)
        n = int(session.scalar(select(func.count(TableRecord.id))) or 0)
    engine.dispose()
    base_s = baseline(url, jobs, workers)
    console.print(
        f"{n} tables in {len(jobs)} department-years, {workers} worker processes; "
        f"baseline (read + rebuild, nothing written): {base_s:.1f} s = {n / base_s:.0f} tables/s"
    )
    rows = []
    for fmt in args.formats.split(","):  # the formats one after another, each on every core
        seconds = export_format(url, jobs, fmt, work / fmt, workers)
        rows.append((fmt, seconds, size_mb(work / fmt)))
        if not args.keep:
            shutil.rmtree(work / fmt, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    console.print(f"\nexport of {n} tables from the database ({workers} workers):")
    for fmt, seconds, mb in rows:
        console.print(
            f"  {fmt:>5}: {n / seconds:8.1f} tables/s  {seconds:7.1f} s  "
            f"{seconds / base_s:5.1f}x baseline  {mb:8.1f} MB"
        )
    console.print(f"  peak worker memory: {peak:.0f} MB")
    if args.keep:
        console.print(f"files kept in {work}")


if __name__ == "__main__":
    main()
