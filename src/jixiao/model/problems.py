"""Problems met while reading a file: values, never exceptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

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
