"""Open-data export speed (issue 19): a 50,000-table database to Parquet in < 60 s.

Builds a SQLite database of N synthetic tables (default 50,000, a province's year,
loaded with their rule checks so that findings and grades are there too), or reuses
one given with ``--db``. Then, in the same run:

- ``export_dataset`` (what ``jixiao export --dataset`` runs), timed end to end:
  reading the tables, indicators, findings and events in force and writing Parquet;
- the baseline: the very same rows, already in memory as Python tuples, turned into
  Arrow and written with bare ``pyarrow.parquet.write_table`` (the floor any Parquet
  export from Python rows stands on);
- a check that DuckDB reads every file back with the row counts of the manifest.

Prints seconds, tables per second and the ratio of the export to the baseline.

With ``--postgres`` the database is a throw-away PostgreSQL server started from the
Debian binaries (as in bench_store.py) instead of a SQLite file.

Run: ``.venv/bin/python bench/bench_dataset.py [--tables 50000] [--db URL | --postgres] [--keep]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

# bench_store.py sits next to this script (its folder is sys.path[0] when run).
from bench_store import postgres
from rich.console import Console
from synthetic_db import store_by_department_year

from jixiao.app.dataset import SCHEMA, export_dataset
from jixiao.app.review import default_checker
from jixiao.store import repo
from jixiao.store.db import make_engine, session_scope
from jixiao.store.visibility import Scope
from jixiao.synth import generate

console = Console()
SEED = 2026
LIMIT_SECONDS = 60.0


def build(url: str, n: int) -> float:
    """Given an empty database, load n synthetic tables with their checks; return seconds."""
    tables = [s.table for s in generate(n, seed=SEED)]
    start = time.perf_counter()
    with session_scope(make_engine(url)) as session:
        store_by_department_year(session, tables, default_checker())
    return time.perf_counter() - start


def baseline(folder: Path, out: Path) -> float:
    """Given an exported dataset, write the same rows from Python tuples with bare pyarrow."""
    rows = {}
    for spec in SCHEMA:  # not timed: the rows as a query would hand them over
        table = pq.read_table(folder / spec.name)
        rows[spec.name] = (spec.schema, list(zip(*table.to_pydict().values(), strict=True)))
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for name, (schema, data) in rows.items():
        columns = list(zip(*data, strict=True)) if data else [() for _ in schema]
        arrays = [pa.array(list(c), type=f.type) for c, f in zip(columns, schema, strict=True)]
        pq.write_table(pa.Table.from_arrays(arrays, schema=schema), out / name, compression="zstd")
    return time.perf_counter() - start


def run(url: str, n: int, work: Path, build_db: bool) -> None:
    """Build (or reuse) the database, export it, time the baseline, print the figures."""
    if build_db:
        console.print(f"building {n:,} synthetic tables with their checks …")
        console.print(f"  loaded in {build(url, n):.1f} s")
    engine = make_engine(url)
    with session_scope(engine) as session:
        tables = sum(n for _, n in repo.counts(session=session, by="status"))
        start = time.perf_counter()
        report = export_dataset(session=session, out=work / "dataset", scope=Scope())
        seconds = time.perf_counter() - start
    floor = baseline(work / "dataset", work / "baseline")
    manifest = json.loads((work / "dataset" / "dataset.json").read_text(encoding="utf-8"))
    for spec in SCHEMA:
        got = duckdb.sql(f"SELECT count(*) FROM '{work / 'dataset' / spec.name}'").fetchall()
        assert got == [(manifest["files"][spec.name]["rows"],)], (spec.name, got)
    assert report.rows["tables.parquet"] == tables, (report.rows, tables)
    size = sum(p.stat().st_size for p in (work / "dataset").iterdir()) / 1e6
    console.print(f"tables in the database: {tables:,}")
    for name, count in report.rows.items():
        console.print(f"  {name:<26} {count:>10,} rows")
    console.print(
        f"export_dataset: {seconds:.1f} s ({tables / seconds:,.0f} tables/s, {size:.1f} MB); "
        f"bare pyarrow write of the same rows: {floor:.1f} s; ratio {seconds / floor:.1f}×"
    )
    verdict = "[green]OK[/green]" if seconds < LIMIT_SECONDS else "[red]TOO SLOW[/red]"
    console.print(f"target < {LIMIT_SECONDS:.0f} s for 50,000 tables: {verdict}")


def main() -> None:
    """Parse the arguments and run the benchmark in a temporary folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=50_000)
    parser.add_argument("--db", help="reuse a database built by an earlier run")
    parser.add_argument("--keep", action="store_true", help="keep the database and the files")
    parser.add_argument("--postgres", action="store_true", help="build the database in PostgreSQL")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="jixiao-bench-dataset-"))
    try:
        if args.postgres:
            with postgres() as base:
                run(base + "bench", args.tables, work, True)
        else:
            run(args.db or f"sqlite:///{work / 'bench.sqlite'}", args.tables, work, args.db is None)
    finally:
        if args.keep:
            console.print(f"kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
