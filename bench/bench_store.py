"""Store benchmark: load a province's year of synthetic tables, time the dashboard queries.

Prints, measured in one run, for PostgreSQL (a throw-away server started from the
Debian binaries, default durability settings) and for a SQLite file:

- end-to-end load of N synthetic tables from text files (parse + check + store,
  ``jixiao db load`` with one worker per core), in tables per second;
- the storage layer alone (already-parsed tables, no rule checks);
- p50 / p95 of the dashboard counts by department, year, status and grade.

Targets (issue 6): 50,000 tables in under 2 minutes; dashboard p95 under 50 ms.

Usage: python bench/bench_store.py [--tables 50000] [--skip-postgres]
"""

from __future__ import annotations

import argparse
import glob
import os
import pwd
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import update
from synthetic_db import store_by_department_year

from jixiao.app import intake
from jixiao.store import repo
from jixiao.store.db import make_engine, session_scope
from jixiao.store.tables import TableRecord
from jixiao.synth import generate, write_corpus

SEED = 2026
QUERY_RUNS = 40


@contextmanager
def postgres() -> Iterator[str]:
    """Start a PostgreSQL server in a temporary folder; yield the URL of an empty database."""
    bindir = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))[-1]).parent
    base = Path(tempfile.mkdtemp(prefix="jixiao-bench-pg-"))
    user = "postgres" if os.geteuid() == 0 else None
    if user:
        pwd.getpwnam(user)
        shutil.chown(base, user=user)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    def pg(*args: str) -> None:
        subprocess.run([*args], check=True, user=user, cwd="/", stdout=subprocess.DEVNULL)

    pg(
        str(bindir / "initdb"),
        "-D",
        str(base / "data"),
        "-U",
        "jixiao",
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-locale",
    )
    opts = f"-p {port} -k {base} -c listen_addresses=127.0.0.1"
    pg(
        str(bindir / "pg_ctl"),
        "-D",
        str(base / "data"),
        "-o",
        opts,
        "-l",
        str(base / "log"),
        "-w",
        "start",
    )
    try:
        pg(str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "jixiao", "bench")
        pg(
            str(bindir / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "jixiao",
            "bench_store",
        )
        yield f"postgresql+psycopg://jixiao@127.0.0.1:{port}/"
    finally:
        pg(str(bindir / "pg_ctl"), "-D", str(base / "data"), "-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def load_files(url: str, corpus: Path) -> tuple[float, int]:
    """Given a database and a corpus folder, load it as ``jixiao db load`` does; return (s, tables)."""
    engine = make_engine(url)
    start = time.perf_counter()
    added = 0
    with session_scope(engine) as session:
        for report in intake.load_paths(session=session, paths=[corpus], actor="bench", jobs=0):
            assert report.error is None, report.error
            added += report.added
    return time.perf_counter() - start, added


def load_parsed(url: str, tables: list) -> float:
    """Given a database and parsed tables, store them one file's group per transaction; return s."""
    engine = make_engine(url)
    start = time.perf_counter()
    with session_scope(engine) as session:
        store_by_department_year(session, tables)
    return time.perf_counter() - start


def mix_statuses(url: str) -> None:
    """Move some tables along the workflow so the status counts have several values."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        for status, modulo in (("已提交", 3), ("主管部门审核通过", 5), ("已批复", 7)):
            session.execute(
                update(TableRecord).where(TableRecord.id % modulo == 0).values(status=status)
            )


def time_dashboard(url: str) -> dict[str, tuple[float, float]]:
    """Given a loaded database, return p50 and p95 in ms of each dashboard count."""
    engine = make_engine(url)
    out = {}
    for by in ("department", "year", "status", "grade"):
        runs = []
        with session_scope(engine) as session:
            repo.counts(session=session, by=by)  # warm the statement cache
            for _ in range(QUERY_RUNS):
                start = time.perf_counter()
                repo.counts(session=session, by=by)
                runs.append((time.perf_counter() - start) * 1000)
        runs.sort()
        out[by] = (statistics.median(runs), runs[int(len(runs) * 0.95) - 1])
    return out


def report(
    name: str, n: int, files_s: float, parsed_s: float, dash: dict[str, tuple[float, float]]
) -> None:
    """Print one back end's figures."""
    print(f"\n== {name}")
    print(
        f"load from files (parse+check+store): {n} tables in {files_s:.1f} s = {n / files_s:.0f} tables/s"
        f"  [target: {n} in < 120 s: {'OK' if files_s < 120 else 'MISSED'}]"
    )
    print(
        f"store only (parsed, no checks):      {n} tables in {parsed_s:.1f} s = {n / parsed_s:.0f} tables/s"
    )
    for by, (p50, p95) in dash.items():
        print(
            f"dashboard count by {by:<10}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
            f"  [target p95 < 50 ms: {'OK' if p95 < 50 else 'MISSED'}]"
        )


def bench(url_for: dict[str, str], corpus: Path, tables: list, n: int, name: str) -> None:
    """Run every measurement on one back end and print it."""
    files_s, added = load_files(url_for["files"], corpus)
    assert added == n, (added, n)
    parsed_s = load_parsed(url_for["parsed"], tables)
    mix_statuses(url_for["files"])
    report(name, n, files_s, parsed_s, time_dashboard(url_for["files"]))


def main() -> None:
    """Generate the corpus, then measure PostgreSQL and SQLite."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=50_000)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    n = args.tables
    work = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    try:
        start = time.perf_counter()
        made = generate(n, seed=SEED)
        gen_s = time.perf_counter() - start
        start = time.perf_counter()
        files = write_corpus(made, work / "corpus")
        print(
            f"machine: {os.cpu_count()} CPU; generated {n} tables in {gen_s:.1f} s, "
            f"wrote {len(files)} text files in {time.perf_counter() - start:.1f} s"
        )
        tables = [s.table for s in made]
        if not args.skip_postgres:
            with postgres() as base:
                bench(
                    {"files": base + "bench", "parsed": base + "bench_store"},
                    work / "corpus",
                    tables,
                    n,
                    "PostgreSQL",
                )
        sqlite = {
            "files": f"sqlite:///{work / 'files.sqlite'}",
            "parsed": f"sqlite:///{work / 'parsed.sqlite'}",
        }
        bench(sqlite, work / "corpus", tables, n, "SQLite")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
