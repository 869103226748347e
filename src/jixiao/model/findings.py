"""Findings and rules: the vocabulary every check (review, scoring, consistency) shares.

They live in the model so that the scoring package and the rule engine can both use
them without importing each other (the rule registry runs the scoring checks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from jixiao.model.location import Location
from jixiao.model.problems import Severity
from jixiao.model.project import TableKind, TargetTable

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found: a value, never an exception.

    ``indicator`` is the third-level name when the finding points at a row;
    ``path`` its 一级›二级›三级 place; ``location`` the source cell or line.
    """

    code: str
    severity: Severity
    message: str
    location: Location | None = None
    indicator: str | None = None
    path: str | None = None
    criterion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Given a finding, return its docs/contract.md JSON object."""
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
        }
        if self.indicator is not None:
            out["indicator"] = self.indicator
        out["source"] = self.location.to_dict() if self.location else None
        return out


Config = Mapping[str, Any]
CheckFn = Callable[[TargetTable, Config], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered check with its stable dotted code and its documentation.

    ``why`` cites the regulation or review practice; ``bad`` and ``good`` are
    example values a reader can compare. ``criterion`` is the review criterion it
    lowers (完整性, 相关性, 适当性, 可行性), used by the review grade.
    """

    code: str
    severity: Severity
    title: str
    why: str
    bad: str
    good: str
    check: CheckFn
    criterion: str = "完整性"
    kinds: tuple[TableKind, ...] = ("target",)
    aliases: tuple[str, ...] = field(default_factory=tuple)
    #: The rule judges what is *absent* from the whole table (a missing category, too
    #: few rows), so it is skipped on a table the parser read only in part (truncated).
    whole_table: bool = False
