"""Many files at once: find the table files in folders, read them on all cores.

The one intake path: ``jixiao parse DIR``, ``jixiao db load`` and the web upload all
read through :func:`read_files` (the loader checks each file's tables in the same
worker, through its ``after`` step), and every folder is walked by
:func:`iter_table_files`. Each file is read in a worker process, so a file that
crashes its reader (a C library fault in a PDF, say) or hangs costs only that file:
it becomes a problem entry and the run goes on. Results come back in input order.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from jixiao.ingest import read_bytes, read_path
from jixiao.ingest.formats import sniff, zip_kind
from jixiao.ingest.limits import ReadLimits, reading_limits
from jixiao.model.location import Location
from jixiao.model.problems import ParseResult, Problem
from jixiao.model.serialize import PARSE_SCHEMA

#: Seconds one file may take before its worker is stopped (a 200-page PDF takes ~30 s).
FILE_TIMEOUT = 180.0
#: Files queued per worker: enough to keep cores busy, few enough to re-run on a crash.
QUEUE_PER_WORKER = 4
#: Bytes read to decide whether a file is a table file.
SNIFF_BYTES = 65536
_SKIP_PREFIXES = (".", "~$")  # hidden files and Office lock files
#: Names that promise a table file: kept even when the content is unreadable, so a
#: corrupt workbook is reported instead of silently skipped.
TABLE_SUFFIXES = frozenset(
    {
        ".xlsx",
        ".xlsm",
        ".xls",
        ".et",
        ".docx",
        ".doc",
        ".wps",
        ".pdf",
        ".html",
        ".htm",
        ".csv",
        ".txt",
        ".md",
    }
)

Progress = Callable[[Path, ParseResult], None]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class InMemory:
    """A file already in memory (a web upload): its name and bytes."""

    name: str
    data: bytes


#: What :func:`read_files` reads: a file on disk, or one already in memory.
Source = Path | InMemory
#: A step run in the worker on each file's result (module-level, so it can be pickled):
#: the loader checks the tables there, on all cores, and sends back only what it stores.
After = Callable[[Source, ParseResult], T]


def iter_table_files(paths: Sequence[Path]) -> list[Path]:
    """Given files and folders, return the files to read: named files, and table files in folders."""
    out: list[Path] = []
    for path in paths:
        if not path.is_dir():
            out.append(path)
            continue
        for found in sorted(path.rglob("*")):
            if (
                found.is_file()
                and not found.name.startswith(_SKIP_PREFIXES)
                and is_table_file(found)
            ):
                out.append(found)
    return out


def is_table_file(path: Path) -> bool:
    """Given a file, return whether to read it: its content sniffs as a table file, or its name says so."""
    if path.suffix.lower() in TABLE_SUFFIXES:
        return True
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return False
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        # JSON is a table file when it is the document ``export --to json`` writes
        # (read back by the readers); any other JSON (settings, data) is not one.
        return PARSE_SCHEMA.encode() in head
    if head.startswith(b"PK"):
        # The member names sit in the ZIP's central directory at the end of the file.
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
            return zip_kind(names) is not None or sniff(head, path.name) is not None
        except Exception:  # noqa: BLE001 - BadZipFile, NotImplementedError (zip version), EOFError, ...
            return sniff(head, path.name) is not None
    return sniff(head, path.name) is not None


def parse_files(
    paths: Sequence[Path],
    jobs: int = 0,
    progress: Progress | None = None,
    timeout: float = FILE_TIMEOUT,
) -> Iterator[tuple[Path, ParseResult]]:
    """Given files, yield each with its parse result, in input order, reading on ``jobs`` cores (0: all)."""
    for source, result in read_files(
        paths, keep_result, jobs=jobs, progress=progress, timeout=timeout
    ):
        assert isinstance(source, Path)
        yield source, result


def keep_result(_source: Source, result: ParseResult) -> ParseResult:
    """The ``after`` step that keeps the parse result as it is."""
    return result


def read_files(
    sources: Sequence[Source],
    after: After[T],
    *,
    jobs: int = 0,
    in_process: bool = False,
    limits: ReadLimits | None = None,
    progress: Callable[[Path, T], None] | None = None,
    timeout: float = FILE_TIMEOUT,
) -> Iterator[tuple[Source, T]]:
    """Given files, yield each with ``after(file, its parse result)``, in input order.

    Files are read, and ``after`` run, by ``jobs`` worker processes (0: one per
    core); a crash, an exception or a hang costs only that file, whose ``after``
    then runs here on a result holding only that problem. ``in_process`` reads here
    instead (one uploaded file: no pool to start; an exception is still contained).
    ``limits`` bound what each reader takes (the web's configured limits).
    """
    sources = list(sources)
    if in_process:
        for source in sources:
            value = _contained(source, after, limits)
            if progress is not None:
                progress(_label(source), value)
            yield source, value
        return
    workers = max(1, min(jobs or os.cpu_count() or 1, len(sources) or 1))
    runner = _Runner(sources, after, limits, workers, timeout)
    try:
        for index in range(len(sources)):
            value = runner.result(index)
            if progress is not None:
                progress(_label(sources[index]), value)
            yield sources[index], value
    finally:
        runner.close()


def _label(source: Source) -> Path:
    return Path(source.name) if isinstance(source, InMemory) else source


def _work(path: str) -> ParseResult:
    return read_path(path)


def _task(source: Source, after: After[T], limits: ReadLimits | None) -> T:
    """What a worker does with one file: read it (within ``limits``), then run ``after``."""
    with reading_limits(limits) if limits is not None else nullcontext():
        if isinstance(source, InMemory):
            result = read_bytes(source.data, source.name)
        else:
            result = _work(str(source))
    return after(source, result)


def _contained(source: Source, after: After[T], limits: ReadLimits | None) -> T:
    try:
        return _task(source, after, limits)
    except Exception as exc:  # noqa: BLE001 - whatever happens, the run goes on
        message = f"读取失败: {type(exc).__name__}: {exc}"
        return after(source, failure(_label(source), "parse.crash", message))


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the already imported readers with the workers (no re-import per
    # worker); platforms without it fall back on their default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=_exit_with_parent
    )


def _exit_with_parent() -> None:
    """Make a worker process end as soon as the process that started it is gone.

    A forked worker holds copies of the parent's database sockets (``db load``); if it
    outlived a killed load (kill -9), PostgreSQL would keep that load's transaction
    open and its locks would block the re-run.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="jixiao-parent-watch", daemon=True).start()


def _kill(pool: ProcessPoolExecutor) -> None:
    # shutdown() waits for running tasks; a hung reader must be stopped outright.
    for process in list(getattr(pool, "_processes", {}).values()):
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


class _Runner(Generic[T]):
    """Keeps a bounded queue of files in a process pool and hands results out in order."""

    def __init__(
        self,
        sources: list[Source],
        after: After[T],
        limits: ReadLimits | None,
        workers: int,
        timeout: float,
    ) -> None:
        self.sources, self.after, self.limits = sources, after, limits
        self.workers, self.timeout = workers, timeout
        self.pool = _new_pool(workers)
        self.pending: dict[int, Future[T]] = {}
        self.done: dict[int, T] = {}
        self.next = 0

    def result(self, index: int) -> T:
        """Given an input position, return its result, running the pool until it is ready."""
        while index not in self.done:
            self._fill()
            finished, _ = wait(
                self.pending.values(), timeout=self.timeout, return_when=FIRST_COMPLETED
            )
            if finished:
                self._collect()
            else:
                self._recover(list(self.pending))
        return self.done.pop(index)

    def close(self) -> None:
        """Stop the workers (also when the caller stops iterating early)."""
        if not self.pending:
            # Every file is read: a graceful shutdown joins the pool's manager thread.
            # Killing the workers here left that thread to race the interpreter's exit
            # ("Exception ignored … OSError: Bad file descriptor" on stderr, Python 3.11).
            self.pool.shutdown(wait=True)
            return
        _kill(self.pool)

    def _fill(self) -> None:
        while self.next < len(self.sources) and len(self.pending) < self.workers * QUEUE_PER_WORKER:
            source = self.sources[self.next]
            self.pending[self.next] = self.pool.submit(_task, source, self.after, self.limits)
            self.next += 1

    def _failed(self, index: int, code: str, message: str) -> T:
        source = self.sources[index]
        return self.after(source, failure(_label(source), code, message))

    def _collect(self) -> None:
        broken: list[int] = []
        for index, future in list(self.pending.items()):
            if not future.done():
                continue
            del self.pending[index]
            try:
                self.done[index] = future.result()
            except BrokenProcessPool:
                broken.append(index)
            except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
                message = f"读取失败: {type(exc).__name__}: {exc}"
                self.done[index] = self._failed(index, "parse.crash", message)
        if broken:
            self._recover(broken + list(self.pending))

    def _recover(self, suspects: list[int]) -> None:
        # A dead worker breaks the whole pool and a hung one blocks it, without saying
        # which file did it: re-read each suspect alone, then carry on with a new pool.
        _kill(self.pool)
        self.pending.clear()
        for index in sorted(suspects):
            self.done[index] = self._isolated(index)
        self.pool = _new_pool(self.workers)

    def _isolated(self, index: int) -> T:
        pool = _new_pool(1)
        try:
            future = pool.submit(_task, self.sources[index], self.after, self.limits)
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            message = f"读取超时(超过 {self.timeout:g} 秒), 已跳过"
            return self._failed(index, "parse.timeout", message)
        except BrokenProcessPool:
            return self._failed(index, "parse.crash", "读取此文件时解析进程崩溃, 已跳过")
        except Exception as exc:  # noqa: BLE001 - whatever happens, the run goes on
            message = f"读取失败: {type(exc).__name__}: {exc}"
            return self._failed(index, "parse.crash", message)
        finally:
            _kill(pool)


def failure(path: Path, code: str, message: str) -> ParseResult:
    """Given a file and what went wrong, return a result holding only that problem."""
    return ParseResult((), (Problem(code, "error", message, Location(path.name)),))
