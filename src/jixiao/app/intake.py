"""Loading files into the database: read and check in worker processes, store one file per transaction.

Files are found and read through :mod:`jixiao.ingest.bulk`, the same walk and
worker pool as ``jixiao parse DIR`` and the web upload: every format the readers
know (.ods and .xlsm included, a ``jixiao.parse/1`` JSON but no other JSON), and
a file that crashes or hangs its reader costs only itself. A file is stored whole
or not at all: a crash (even kill -9) in the middle of a bulk load leaves the
files already committed and nothing of the one in flight, and re-running the
same load skips what is there (content hashes) and completes it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from jixiao.app.review import Review, checker_for, configured_checker, library_benchmarks
from jixiao.app.settings import RuleChoice, rule_choice, rule_config_for
from jixiao.ingest import bulk
from jixiao.ingest.limits import ReadLimits
from jixiao.model.problems import ParseResult, mark_read_in_part
from jixiao.model.project import TargetTable
from jixiao.rules import RuleConfig
from jixiao.store.errors import FileUnreadable, StaleVersion, StoreError
from jixiao.store.load import Checked, Checker, FileReport, load_tables


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


def read_upload(name: str, data: bytes, limits: ReadLimits | None = None) -> ParseResult:
    """Given an uploaded file in memory, return what it holds, read no further than ``limits``.

    Through the one intake path (:func:`jixiao.ingest.bulk.read_files`), here in the
    caller's thread: one file in memory needs no worker pool.
    """
    source = bulk.InMemory(name, data)
    ((_, parsed),) = bulk.read_files([source], bulk.keep_result, in_process=True, limits=limits)
    return mark_read_in_part(parsed)


def load_upload(
    *, session: Session, name: str, data: bytes, parsed: ParseResult, actor: str
) -> tuple[FileReport, RuleConfig]:
    """Given an uploaded file and what it holds, store its tables checked with the rules in force.

    Returns the load's report and the rule configuration it checked with (the
    administrator's choice, as for ``db load``); the caller commits.
    """
    checker = configured_checker(session=session)
    report = load_tables(
        session=session,
        tables=parsed.tables,
        actor=actor,
        data=data,
        name=name,
        checker=checker,
    )
    return report, checker.config or RuleConfig()


@dataclass(frozen=True)
class Prepared:
    """A file read, parsed and checked (in a worker process), ready to be stored."""

    path: str
    data: bytes = b""
    tables: tuple[TargetTable, ...] = ()
    checks: tuple[Checked, ...] | None = None
    problems: tuple[str, ...] = ()
    error: str | None = None
    #: The rule choice the worker checked with (None: the default rule set); a choice,
    #: not a RuleConfig, crosses the process boundary (the configuration does not pickle).
    rules: RuleChoice | None = None


def prepare_file(path: str, check: bool = True, rules: RuleChoice | None = None) -> Prepared:
    """Given a file path, return it parsed and (optionally) checked; never raises for the file.

    ``rules`` is the rule choice an administrator stored (default: the legacy rule set).
    """
    ((_, prepared),) = bulk.read_files(
        [Path(path)], partial(prepared_from, check=check, rules=rules), in_process=True
    )
    return prepared


def prepared_from(
    source: bulk.Source,
    parsed: ParseResult,
    *,
    check: bool = True,
    rules: RuleChoice | None = None,
) -> Prepared:
    """Given a file and its parse result, return it checked and ready to store (the worker's step).

    A file that could not be opened, or that crashed or hung its reader, is an
    error of that file alone: nothing of it is stored and the load goes on.
    """
    path = source.name if isinstance(source, bulk.InMemory) else str(source)
    # A table cut off in the file is checked (here and by every later re-check) as
    # `jixiao check` checks it: no blame for what is absent, at best 良 or 无法评级.
    parsed = mark_read_in_part(parsed)
    fatal = [p for p in parsed.problems if p.code in _FATAL]
    if fatal and not parsed.tables:
        return Prepared(path, error=fatal[0].message)
    if isinstance(source, bulk.InMemory):
        data = source.data
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            return Prepared(path, error=f"无法读取文件: {exc.strerror or exc}")
    checker = checker_for(rules) if check else None
    checks = tuple(checker(t) for t in parsed.tables) if checker else None
    problems = tuple(f"{p.code}: {p.message}" for p in parsed.problems if p.severity == "error")
    return Prepared(path, data, parsed.tables, checks, problems, rules=rules)


#: Problems that mean the file itself could not be had: it fails alone (a reader's
#: other problems, a damaged workbook say, are reported beside an empty load as before).
_FATAL = ("parse.unreadable", "parse.crash", "parse.timeout")


def _store_prepared(
    session: Session, prepared: Prepared, actor: str, checker: Checker | None
) -> FileReport:
    name = Path(prepared.path).name
    if prepared.error is not None:
        raise FileUnreadable(prepared.error)
    if prepared.checks is not None:
        # The rules ran in the worker; the follow-up checks (they need the stored target)
        # and the library's benchmarks run here, in the storing process.
        done = {id(t): c for t, c in zip(prepared.tables, prepared.checks, strict=True)}
        config = rule_config_for(prepared.rules)
        checker = Review(config, library_benchmarks(session), done)
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
    per CPU; 1 reads here, without a pool). A file that fails rolls back alone; a
    file that lost a race with another writer (unique key or stale version) is
    retried once on fresh data.
    """
    files = bulk.iter_table_files([Path(p) for p in paths])
    # The same rules as the web application: the choice stored by an administrator.
    rules = rule_choice(session=session) if check else None
    after = partial(prepared_from, check=check, rules=rules)
    alone = jobs == 1 or len(files) < 2
    with nullcontext() if alone else _bulk_gc():
        for _, prepared in bulk.read_files(files, after, jobs=jobs, in_process=alone):
            yield _load_one(session, prepared, actor, bulk=not alone)


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
