"""Export a whole database: one file (or site) per department and fiscal year.

A finance bureau archives or publishes a year at a time, department by department,
so the unit of work is a department's year: the same bundle ``jixiao export
--department CODE --year Y`` writes (xlsx with a 汇总 sheet, pdf with a contents
page, html as a static site), and for docx/json/csv the department's tables in
one file. Each unit is read and written by a worker process of its own with its
own database connection, so a province's 50,000 tables use every core and never
sit in memory at once; a unit that fails is reported and the others go on.

Output layout (``OUT`` is the folder given)::

    OUT/2024/508-芜湖市总工会.xlsx        one per department and year
    OUT/清单.csv                          what was written: department, year, tables, file
    OUT/index.html                        (html only) links to every department's site
"""

from __future__ import annotations

import csv
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from jixiao.app.bundles import department_tables, write_entries
from jixiao.export import format_named
from jixiao.export.csv import safe_cell
from jixiao.export.site import SiteEntry, render_site_index
from jixiao.store.db import make_engine, session_scope
from jixiao.store.regions import region_department_ids
from jixiao.store.tables import Department, TableRecord

MANIFEST = "清单.csv"
_UNSAFE = set('/\\:*?"<>|') | {chr(c) for c in range(32)}


@dataclass(frozen=True, slots=True)
class ExportJob:
    """One department's year: what a worker reads and writes as one file."""

    department: str
    department_name: str
    year: int
    tables: int

    def relative_path(self, fmt: str) -> Path:
        """Given a format, return where this job's output goes under the export folder."""
        name = self.department_name.strip()[:60]
        stem = f"{self.department}-{name}" if name else self.department
        stem = "".join("_" if ch in _UNSAFE else ch for ch in stem)
        # Codes come from the tables themselves: ".." must not name the folder above.
        stem = "_" + stem if stem.startswith(".") else stem
        return Path(str(self.year)) / (stem if fmt == "html" else f"{stem}.{fmt}")


@dataclass(frozen=True, slots=True)
class ExportedFile:
    """What became of one job: the path written and its tables, or why it failed."""

    job: ExportJob
    path: Path
    tables: int
    error: str | None = None


def export_jobs(
    *,
    session: Session,
    year: int | None = None,
    department: str | None = None,
    region: str | None = None,
) -> list[ExportJob]:
    """Given optional filters, return one job per department and year that has tables.

    ``region`` limits the export to a finance reviewer's region (that department
    and every one below it), the same scope the web application applies.
    """
    query = (
        select(Department.code, Department.name, TableRecord.fiscal_year, func.count())
        .join(Department, Department.id == TableRecord.department_id)
        .group_by(Department.code, Department.name, TableRecord.fiscal_year)
        .order_by(TableRecord.fiscal_year, Department.code)
    )
    if year is not None:
        query = query.where(TableRecord.fiscal_year == year)
    if department is not None:
        query = query.where(Department.code == department)
    if region is not None:
        query = query.where(TableRecord.department_id.in_(region_department_ids(region)))
    return [
        ExportJob(str(c), str(n or ""), int(y), int(k)) for c, n, y, k in session.execute(query)
    ]


def export_database(
    *,
    url: str | None,
    out: Path,
    fmt: str,
    jobs: Sequence[ExportJob],
    workers: int = 0,
    progress: Callable[[ExportedFile], None] | None = None,
) -> list[ExportedFile]:
    """Given export jobs, write each under ``out`` in ``fmt``; return what became of each.

    ``workers`` 0 means one per core; 1 runs in this process. ``progress`` is
    called as each job finishes (in completion order); the returned list is in job order.
    """
    fmt = format_named(fmt).name  # an unknown format stops here, before any worker starts
    out.mkdir(parents=True, exist_ok=True)
    done: dict[ExportJob, ExportedFile] = {}
    for result in _run(url, out, fmt, list(jobs), workers or os.cpu_count() or 1):
        done[result.job] = result
        if progress is not None:
            progress(result)
    results = [done[job] for job in jobs]
    write_manifest(out, results)
    if fmt == "html":
        write_site_index(out, results)
    return results


def _run(
    url: str | None, out: Path, fmt: str, jobs: list[ExportJob], workers: int
) -> Iterator[ExportedFile]:
    if workers <= 1 or len(jobs) <= 1:
        yield from (export_job(url, out, fmt, job) for job in jobs)
        return
    # fork shares the imported writers and fonts; each worker opens its own
    # connection (a connection must never cross a fork).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures: dict[Future[ExportedFile], ExportJob] = {
            pool.submit(export_job, url, out, fmt, job): job for job in jobs
        }
        for future in as_completed(futures):
            job = futures[future]
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a dead worker costs its job only
                yield ExportedFile(job, out / job.relative_path(fmt), 0, f"导出进程失败: {exc}")


_ENGINES: dict[tuple[int, str | None], Engine] = {}


def _engine(url: str | None) -> Engine:
    # One engine per worker process (keyed by pid: a forked child must not reuse
    # its parent's pooled connections).
    key = (os.getpid(), url)
    if key not in _ENGINES:
        _ENGINES[key] = make_engine(url, migrate=False)
    return _ENGINES[key]


def export_job(url: str | None, out: Path, fmt: str, job: ExportJob) -> ExportedFile:
    """Given a database URL and a job, read that department's year and write it; never raise."""
    target = out / job.relative_path(fmt)
    try:
        with session_scope(_engine(url)) as session:
            entries = department_tables(session=session, department=job.department, year=job.year)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_entries(entries, fmt, target)
        return ExportedFile(job, target, len(entries))
    except Exception as exc:  # noqa: BLE001 - one bad department must not stop a province
        return ExportedFile(job, target, 0, f"{type(exc).__name__}: {exc}")


def write_manifest(out: Path, results: Sequence[ExportedFile]) -> Path:
    """Given the results, write 清单.csv (UTF-8 with BOM so Excel shows the Chinese)."""
    path = out / MANIFEST
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["部门编码", "部门名称", "年度", "表格数", "文件", "错误"])
        for r in results:
            rel = r.path.relative_to(out).as_posix()
            # Department names are typed by administrators: neutralised like any cell.
            cells = [r.job.department, r.job.department_name, r.job.year, r.tables, rel]
            writer.writerow([safe_cell(str(c)) for c in [*cells, r.error or ""]])
    return path


def write_site_index(out: Path, results: Sequence[ExportedFile]) -> Path:
    """Given html results, write the top index.html linking every department's site."""
    entries = [
        SiteEntry(
            r.job.year,
            r.job.department,
            r.job.department_name,
            r.tables,
            (r.path.relative_to(out) / "index.html").as_posix(),
        )
        for r in results
        if r.error is None
    ]
    path = out / "index.html"
    path.write_text(render_site_index(entries), encoding="utf-8")
    return path
