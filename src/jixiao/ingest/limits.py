"""How much of a file a reader takes: rows and columns counted as they are really read.

A file may declare its own size (an xlsx ``<dimension ref="A1:E14">``, a merged
range, a ``colspan`` or ``gridSpan``) and then hold something else entirely: a sheet
declaring 14 rows held 600,000 and took minutes and gigabytes to read. Readers
therefore never size anything from what the file says; they count the rows they
actually take, stop at the limit, and report a ``parse.row-limit`` problem at the
first row left unread.

The limits are a context variable, not a reader argument, because every reader has
the same ``(data, name)`` signature (:data:`jixiao.ingest.formats.READERS`): the web
application sets its configured limits around a read with :func:`reading_limits`,
and a thread pool or a worker process sees the defaults unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from jixiao.model.location import Location
from jixiao.model.problems import Problem

ROW_LIMIT = "parse.row-limit"
COLUMN_LIMIT = "parse.column-limit"


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """The most rows one grid (a sheet, a document, a page run) and columns one row may have.

    A real 项目支出绩效目标表 has 20-60 rows; a department's workbook of a few hundred
    tables stays well under the row default.
    """

    rows: int = 20_000
    columns: int = 300


DEFAULT_LIMITS = ReadLimits()
_CURRENT: ContextVar[ReadLimits | None] = ContextVar("jixiao_read_limits", default=None)


def current_limits() -> ReadLimits:
    """Return the limits in force for the read running now."""
    return _CURRENT.get() or DEFAULT_LIMITS


@contextmanager
def reading_limits(limits: ReadLimits) -> Iterator[ReadLimits]:
    """Given limits, apply them to the reads made inside the ``with`` block."""
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


def row_limit_problem(where: Location, limit: int) -> Problem:
    """Given the place of the first row left unread and the limit, return the problem."""
    return Problem(
        ROW_LIMIT,
        "error",
        f"{where.describe()}: 内容超过 {limit} 行的读取上限, 其后各行未读取"
        "(文件可能声明的大小与实际内容不符); 请拆分文件或删去多余的行后重新导入",
        where,
    )


def column_limit_problem(where: Location, limit: int) -> Problem:
    """Given the place of a row wider than the limit and the limit, return the problem."""
    return Problem(
        COLUMN_LIMIT,
        "warning",
        f"{where.describe()}: 超过 {limit} 列的读取上限(含合并单元格声明的跨列), 超出部分未读取",
        where,
    )


def clip_span(start: int, span: int, limit: int) -> int:
    """Given a cell's first column (0-based), its declared span and the limit, return the span kept."""
    return max(1, min(span, limit - start))
