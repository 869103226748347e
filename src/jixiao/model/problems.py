"""Problems met while reading a file: values, never exceptions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol, TypeVar

from jixiao.model.location import Location
from jixiao.model.project import TargetTable

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a file that could not be read, or was read with a guess."""

    code: str
    severity: Severity
    message: str
    source: Location


@dataclass(frozen=True, slots=True)
class ParseResult:
    """What reading one or more files gave: the tables and the problems."""

    tables: tuple[TargetTable, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    def __add__(self, other: ParseResult) -> ParseResult:
        return ParseResult(self.tables + other.tables, self.problems + other.problems)


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


_C = TypeVar("_C", bound=_Coded)

#: Problems (or findings) kept per code for one file or table, and in all: a file of
#: 20,000 rows that all break one rule is shown by its first examples, not by 20,000
#: copies stored, sent and rendered.
MAX_PER_CODE = 50
MAX_IN_ALL = 500
PROBLEMS_CAPPED = "parse.problems-capped"


def first_per_code(
    items: Iterable[_C], per_code: int = MAX_PER_CODE, in_all: int = MAX_IN_ALL
) -> tuple[list[_C], Counter[str]]:
    """Given coded items, return the first ``per_code`` of each code (``in_all`` at most) and how many of each were left out."""
    kept: list[_C] = []
    taken: Counter[str] = Counter()
    left: Counter[str] = Counter()
    for item in items:
        if taken[item.code] >= per_code or len(kept) >= in_all:
            left[item.code] += 1
            continue
        taken[item.code] += 1
        kept.append(item)
    return kept, left


def left_out_message(left: Counter[str], per_code: int = MAX_PER_CODE) -> str:
    """Given how many items of each code were left out, say so in one sentence."""
    detail = "、".join(f"{code} {n} 条" for code, n in left.most_common())
    return (
        f"问题过多, 另有 {sum(left.values())} 条未列出({detail}); "
        f"每种问题只列出前 {per_code} 条, 合计至多 {MAX_IN_ALL} 条。"
    )


#: Problems that mark one table each (it was read only in part): never left out, since
#: the checks of that table depend on them (jixiao.report.run).
PER_TABLE_CODES = frozenset({"parse.truncated", "parse.no-indicators"})


def bound_problems(problems: Iterable[Problem], where: Location) -> tuple[Problem, ...]:
    """Given a file's problems, keep the first of each code; one more problem counts the rest."""
    problems = tuple(problems)
    kept, left = first_per_code(p for p in problems if p.code not in PER_TABLE_CODES)
    if not left:
        return problems
    chosen = {id(p) for p in kept}
    out = [p for p in problems if p.code in PER_TABLE_CODES or id(p) in chosen]
    return (*out, Problem(PROBLEMS_CAPPED, "info", left_out_message(left), where))


def truncated_tables(result: ParseResult) -> set[int]:
    """Given a parse result, return the indexes of tables the parser read only in part.

    A ``parse.truncated`` (or ``parse.no-indicators``) problem belongs to the last table
    of its file that starts at or before the problem's line.
    """
    out: set[int] = set()
    for problem in result.problems:
        if problem.code not in PER_TABLE_CODES:
            continue
        owner = None
        for n, table in enumerate(result.tables):
            src = table.source
            if src is None or src.file != problem.source.file:
                continue
            if owner is None or (src.line or 0) <= (problem.source.line or 0):
                owner = n
        if owner is not None:
            out.add(owner)
    return out


def mark_read_in_part(result: ParseResult) -> ParseResult:
    """Given a parse result, return it with each table the parser read only in part marked
    ``read_in_part``, so that every path that checks or stores it (``check``, ``db load``,
    an upload, ``db recheck`` later) grades it the same way."""
    partial = truncated_tables(result)
    if not partial:
        return result
    tables = tuple(
        replace(t, read_in_part=True) if n in partial else t for n, t in enumerate(result.tables)
    )
    return replace(result, tables=tables)
