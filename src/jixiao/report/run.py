"""Check many files: parse each, review each table, count findings per code."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jixiao.ingest import read_path
from jixiao.model.problems import ParseResult, Problem, mark_read_in_part
from jixiao.model.project import TargetTable
from jixiao.model.serialize import problem_to_dict
from jixiao.rules import RuleConfig, TableReport, check_table

CHECK_SCHEMA = "jixiao.check/1"


@dataclass(frozen=True, slots=True)
class CheckedTable:
    """One table and its review."""

    table: TargetTable
    report: TableReport


@dataclass(frozen=True, slots=True)
class CheckRun:
    """The review of a batch of files: every table's report, the parse problems, unreadable files."""

    tables: tuple[CheckedTable, ...] = ()
    problems: tuple[Problem, ...] = ()
    unreadable: tuple[str, ...] = ()

    def code_counts(self) -> Counter[tuple[str, str]]:
        """Given a run, return how many findings there are per (code, severity), over all files."""
        return Counter((f.code, f.severity) for t in self.tables for f in t.report.findings)

    def grade_counts(self) -> Counter[str]:
        """Given a run, return how many tables got each grade."""
        return Counter(t.report.grade_label for t in self.tables)

    def has_severity(self, levels: Iterable[str]) -> bool:
        """Whether any finding has one of these severities."""
        wanted = set(levels)
        return any(f.severity in wanted for t in self.tables for f in t.report.findings)


def check_result(result: ParseResult, config: RuleConfig | None = None) -> CheckRun:
    """Given a parse result, return the review of each of its tables."""
    result = mark_read_in_part(result)
    checked = tuple(CheckedTable(t, check_table(t, config)) for t in result.tables)
    files_with_tables = {t.source.file for t in result.tables if t.source is not None}
    unreadable = tuple(
        dict.fromkeys(
            p.source.file
            for p in result.problems
            if p.severity == "error" and p.source.file not in files_with_tables
        )
    )
    return CheckRun(checked, result.problems, unreadable)


def check_paths(paths: Iterable[Path], config: RuleConfig | None = None) -> CheckRun:
    """Given files, parse each and return the review of every table found.

    A file that cannot be read is listed in ``unreadable`` and never stops the others.
    """
    total = ParseResult()
    for path in paths:
        total = total + read_path(path)
    return check_result(total, config)


def run_to_dict(run: CheckRun) -> dict[str, Any]:
    """Given a run, return the ``jixiao.check/1`` document (with parse ``problems``)."""
    return {
        "schema": CHECK_SCHEMA,
        "tables": [t.report.to_dict() for t in run.tables],
        "problems": [problem_to_dict(p) for p in run.problems],
    }
