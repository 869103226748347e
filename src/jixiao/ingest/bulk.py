"""Many files at once: find the table files in folders, read them on all cores.

Each file is read in a worker process, so a file that crashes its reader (a C
library fault in a PDF, say) or hangs costs only that file: it becomes a problem
entry and the run goes on. Results come back in input order.
"""

from __future__ import annotations

import multiprocessing
import os
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from jixiao.ingest import read_path
from jixiao.ingest.formats import sniff, zip_kind
from jixiao.model.location import Location
from jixiao.model.problems import ParseResult, Problem

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
    paths = list(paths)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(paths) or 1))
    runner = _Runner(paths, workers, timeout)
    try:
        for index in range(len(paths)):
            result = runner.result(index)
            if progress is not None:
                progress(paths[index], result)
            yield paths[index], result
    finally:
        runner.close()


def _work(path: str) -> ParseResult:
    return read_path(path)


def _context() -> multiprocessing.context.BaseContext:
    # fork shares the already imported readers with the workers (no re-import per
    # worker); platforms without it fall back on their default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context())


def _kill(pool: ProcessPoolExecutor) -> None:
    # shutdown() waits for running tasks; a hung reader must be stopped outright.
    for process in list(getattr(pool, "_processes", {}).values()):
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


class _Runner:
    """Keeps a bounded queue of files in a process pool and hands results out in order."""

    def __init__(self, paths: list[Path], workers: int, timeout: float) -> None:
        self.paths, self.workers, self.timeout = paths, workers, timeout
        self.pool = _new_pool(workers)
        self.pending: dict[int, Future[ParseResult]] = {}
        self.done: dict[int, ParseResult] = {}
        self.next = 0

    def result(self, index: int) -> ParseResult:
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
        _kill(self.pool)

    def _fill(self) -> None:
        while self.next < len(self.paths) and len(self.pending) < self.workers * QUEUE_PER_WORKER:
            self.pending[self.next] = self.pool.submit(_work, str(self.paths[self.next]))
            self.next += 1

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
                self.done[index] = failure(
                    self.paths[index], "parse.crash", f"读取失败: {type(exc).__name__}: {exc}"
                )
        if broken:
            self._recover(broken + list(self.pending))

    def _recover(self, suspects: list[int]) -> None:
        # A dead worker breaks the whole pool and a hung one blocks it, without saying
        # which file did it: re-read each suspect alone, then carry on with a new pool.
        _kill(self.pool)
        self.pending.clear()
        for index in sorted(suspects):
            self.done[index] = isolated(self.paths[index], self.timeout)
        self.pool = _new_pool(self.workers)


def isolated(path: Path, timeout: float) -> ParseResult:
    """Given one file, read it in a worker of its own; a crash or hang becomes a problem."""
    pool = _new_pool(1)
    try:
        return pool.submit(_work, str(path)).result(timeout=timeout)
    except FutureTimeout:
        return failure(path, "parse.timeout", f"读取超时(超过 {timeout:g} 秒), 已跳过")
    except BrokenProcessPool:
        return failure(path, "parse.crash", "读取此文件时解析进程崩溃, 已跳过")
    except Exception as exc:  # noqa: BLE001 - whatever happens, the run goes on
        return failure(path, "parse.crash", f"读取失败: {type(exc).__name__}: {exc}")
    finally:
        _kill(pool)


def failure(path: Path, code: str, message: str) -> ParseResult:
    """Given a file and what went wrong, return a result holding only that problem."""
    return ParseResult((), (Problem(code, "error", message, Location(path.name)),))
