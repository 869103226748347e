"""Loading files: read and check (in worker processes), then store one file per transaction.

A file is stored whole or not at all: a crash (even kill -9) in the middle of a
bulk load leaves the files already committed and nothing of the one in flight,
and re-running the same load skips what is there (content hashes) and completes it.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from jixiao.model.project import TargetTable
from jixiao.store.errors import FileUnreadable, StaleVersion, StoreError
from jixiao.store.load import Checker, FileReport, load_tables
from jixiao.store.settings import RuleChoice, checker_for, rule_choice

#: File suffixes a directory walk picks up (the ingest readers' formats).
LOADABLE = (".txt", ".md", ".csv", ".xlsx", ".xls", ".docx", ".pdf", ".html", ".htm", ".json")


def load_file(
    *,
    session: Session,
    path: Path | str,
    actor: str = "system",
    checker: Checker | None = None,
) -> FileReport:
    """Given a file, parse and store its tables; the caller commits (one file, one transaction)."""
    prepared = prepare_file(str(path), check=False)
    return _store_prepared(session, prepared, actor, checker)


@dataclass(frozen=True)
class Prepared:
    """A file read, parsed and checked (in a worker process), ready to be stored."""

    path: str
    data: bytes = b""
    tables: tuple[TargetTable, ...] = ()
    checks: tuple[tuple[list[dict[str, Any]], str | None], ...] | None = None
    problems: tuple[str, ...] = ()
    error: str | None = None


def prepare_file(path: str, check: bool = True, rules: RuleChoice | None = None) -> Prepared:
    """Given a file path, return it parsed and (optionally) checked; never raises for the file.

    ``rules`` is the rule choice an administrator stored (default: the legacy rule set).
    """
    from jixiao.ingest import read_bytes

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return Prepared(path, error=f"无法读取文件: {exc.strerror or exc}")
    parsed = read_bytes(data, Path(path).name)
    checker = checker_for(rules) if check else None
    checks = tuple(checker(t) for t in parsed.tables) if checker else None
    problems = tuple(f"{p.code}: {p.message}" for p in parsed.problems if p.severity == "error")
    return Prepared(path, data, parsed.tables, checks, problems)


def _store_prepared(
    session: Session, prepared: Prepared, actor: str, checker: Checker | None
) -> FileReport:
    name = Path(prepared.path).name
    if prepared.error is not None:
        raise FileUnreadable(prepared.error)
    if prepared.checks is not None:
        done = {id(t): c for t, c in zip(prepared.tables, prepared.checks, strict=True)}
        checker = lambda table: done[id(table)]  # noqa: E731 - results computed by the worker
    report = load_tables(
        session=session,
        tables=prepared.tables,
        actor=actor,
        data=prepared.data,
        name=name,
        checker=checker,
    )
    report.problems = list(prepared.problems)
    return report


def load_paths(
    *,
    session: Session,
    paths: Iterable[Path | str],
    actor: str = "system",
    check: bool = True,
    jobs: int = 1,
) -> Iterator[FileReport]:
    """Given files and folders, load every file in its own transaction; yield one report each.

    ``jobs`` worker processes parse and check while this process stores (0: one
    per CPU). A file that fails rolls back alone; a file that lost a race with
    another writer (unique key or stale version) is retried once on fresh data.
    """
    files = [str(p) for p in expand_paths(paths)]
    jobs = (os.cpu_count() or 1) if jobs == 0 else jobs
    # The same rules as the web application: the choice stored by an administrator.
    rules = rule_choice(session=session) if check else None
    if jobs <= 1 or len(files) < 2:
        for path in files:
            yield _load_one(session, prepare_file(path, check, rules), actor)
        return
    with (
        _bulk_gc(),
        ProcessPoolExecutor(max_workers=jobs, initializer=_exit_with_parent) as pool,
    ):
        chosen = [rules] * len(files)
        for prepared in pool.map(prepare_file, files, [check] * len(files), chosen, chunksize=2):
            yield _load_one(session, prepared, actor, bulk=True)


@contextmanager
def _bulk_gc() -> Iterator[None]:
    """Collect garbage rarely while a bulk load unpickles the workers' tables.

    Every parsed table arrives as thousands of new objects; with the default
    thresholds the cyclic collector rescans the growing heap again and again and
    the storing process, not parsing, became the bottleneck (10,000 tables: 22 s
    with the default, 6 s without; bench/bench_store.py). Reference counting
    still frees everything acyclic; one full collection runs at the end.
    """
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
        gc.collect()


#: Allocations between young-generation collections during a bulk load (default 700).
GC_THRESHOLD = 100_000


def _exit_with_parent() -> None:
    """Make a worker process end as soon as the loading process is gone.

    A forked worker holds copies of the parent's database sockets; if it outlived
    a killed load (kill -9), PostgreSQL would keep that load's transaction open
    and its locks would block the re-run.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="jixiao-parent-watch", daemon=True).start()


def _relaxed_commit(session: Session) -> None:
    """In a bulk load on PostgreSQL, do not wait for each file's commit to reach the disk.

    Each file stays one transaction that commits or rolls back whole; only a crash
    of the database server itself could lose the last fraction of a second of
    committed files (never corrupt anything), and re-running the load stores
    them again while it skips the files already in. Waiting for 2,500 flushes cost
    about a sixth of a 50,000-table load (bench/bench_store.py).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))


def expand_paths(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Given files and folders, yield the loadable files in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in LOADABLE
            )
        else:
            yield path


def _load_one(
    session: Session, prepared: Prepared, actor: str, *, bulk: bool = False
) -> FileReport:
    name = Path(prepared.path).name
    for attempt in (1, 2):
        try:
            if bulk:
                _relaxed_commit(session)
            report = _store_prepared(session, prepared, actor, None)
            session.commit()
            return report
        except (IntegrityError, StaleVersion, OperationalError) as exc:
            session.rollback()
            if attempt == 2:
                return FileReport(name, error=f"并发写入冲突,请重试: {exc}")
        except StoreError as exc:
            session.rollback()
            return FileReport(name, error=str(exc))
    raise AssertionError("unreachable")
