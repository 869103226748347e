"""A table's review: its findings, the four criteria and the proposed 优/良/中/差."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jixiao.model.location import Location
from jixiao.model.project import TargetTable
from jixiao.rules.base import Finding, Rule
from jixiao.rules.config import LEVELS, RuleConfig
from jixiao.rules.engine import run
from jixiao.rules.grade import CriterionResult, grade, table_score
from jixiao.rules.helpers import PARTIAL_GRADE_CAP, gradable_in_part, reading_unsure

UNGRADED = "无法评级"


@dataclass(frozen=True, slots=True)
class TableReport:
    """The review of one table, ready for the terminal, JSON, HTML or the database."""

    findings: tuple[Finding, ...]
    #: 优/良/中/差, or None when too little of the table was read to grade it (无法评级).
    grade: str | None
    criteria: tuple[CriterionResult, ...]
    project: str | None = None
    source: Location | None = None
    #: Why there is no grade (set exactly when ``grade`` is None).
    grade_reason: str | None = None
    #: The score out of 100 the grade is banded from (see rules.grade.table_score).
    score: int | None = None
    #: Why the grade is lower than the score's band (an error, many faulty rows, a table
    #: read in part), or None when the score alone decided it.
    grade_cap: str | None = None

    @property
    def grade_label(self) -> str:
        """The grade for display: 优/良/中/差, or 无法评级."""
        return self.grade or UNGRADED

    def to_dict(self) -> dict[str, Any]:
        """Given a report, return its ``jixiao.check/1`` table object (plus ``criteria``)."""
        return {
            "project": self.project,
            "source": self.source.to_dict() if self.source else None,
            "grade": self.grade,
            **({"grade_reason": self.grade_reason} if self.grade is None else {}),
            "score": self.score,
            "grade_cap": self.grade_cap,
            "findings": [f.to_dict() for f in self.findings],
            "criteria": [c.to_dict() for c in self.criteria],
        }

    def counts(self) -> dict[str, int]:
        """Given a report, return how many findings there are per severity."""
        out = {"error": 0, "warning": 0, "info": 0}
        for finding in self.findings:
            out[finding.severity] += 1
        return out

    def flatten(self, fields: Sequence[str] = ("code", "indicator")) -> list[list[Any]]:
        """Given a report, return one short list per finding (for tests and summaries)."""
        return [[getattr(f, name) for name in fields] for f in self.findings]


def review(
    table: TargetTable, rules: Sequence[Rule], config: RuleConfig, *, partial: bool = False
) -> TableReport:
    """Given a table, rules and a configuration, return its full review."""
    findings = run(table, rules, config, partial=partial)
    titles = {r.code: r.title for r in rules}
    rows = [i.name for i in table.indicators if not i.not_applicable]
    graded = grade(findings, config.grading, titles, rows)
    grade_name: str | None = graded.level
    cap = graded.cap
    # A cut-off table or a fragment would be graded on what the reader lost (优 for a
    # weak table read in part): no grade, and the reason, rather than a wrong one.
    settings = {**config.settings(), "partial": partial}
    unsure = reading_unsure(table, settings)
    reason = None
    if unsure is not None and partial and gradable_in_part(table, settings):
        # Cut off after its outputs and effects: graded on what was read, never 优.
        if LEVELS.index(graded.level) < LEVELS.index(PARTIAL_GRADE_CAP):
            grade_name = PARTIAL_GRADE_CAP
            cap = f"{unsure},只按读到的部分评级,评级最高为{PARTIAL_GRADE_CAP}"
    elif unsure is not None:
        grade_name, cap = None, None
        reason = f"{UNGRADED}: {unsure},未能读到完整的表格,请对照原表人工审核。"
    return TableReport(
        findings=findings,
        grade=grade_name,
        criteria=graded.criteria,
        project=table.project.name,
        source=table.source,
        grade_reason=reason,
        grade_cap=cap,
        score=table_score(findings, config.grading),
    )
