"""What scoring a self-evaluation gives: one line per indicator, the total and the grade."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from jixiao.model.findings import Finding
from jixiao.model.indicator import Indicator
from jixiao.model.money import money_str
from jixiao.model.project import TargetTable
from jixiao.scoring.formulas import round2
from jixiao.scoring.tiers import Tier

SCORE_SCHEMA = "jixiao.score/1"

Method = Literal["≥", "≤", "=", "range", "tier", "reported", "missing", "n/a"]


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """The score of one indicator and how it came about.

    ``weight_from_scheme`` is true when the table gave no 分值 and the scheme's
    split was used. ``ratio`` is actual/target for quantitative rows (for the
    over-achievement check); ``tier`` the qualitative grade; ``clamped`` whether the
    unit's score lay outside that grade and was pulled back into it.
    """

    indicator: Indicator
    weight: Decimal | None
    score: Decimal | None
    explain: str
    method: Method
    weight_from_scheme: bool = False
    ratio: Decimal | None = None
    tier: Tier | None = None
    clamped: bool = False
    units_differ: bool = False

    @property
    def reported_score(self) -> Decimal | None:
        """The 得分 the unit wrote, if any."""
        return self.indicator.score

    @property
    def below_full(self) -> bool:
        """Whether the recomputed score falls short of the weight."""
        return (
            self.score is not None and self.weight is not None and self.score < round2(self.weight)
        )


@dataclass(frozen=True, slots=True)
class ExecutionScore:
    """The 预算执行率 line: rate (a fraction), weight, score and the unit's own score."""

    rate: Decimal | None
    weight: Decimal
    score: Decimal
    explain: str
    reported_score: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    """A scored self-evaluation table."""

    table: TargetTable
    scheme: str
    execution: ExecutionScore
    indicators: tuple[IndicatorScore, ...]
    total: Decimal
    reported_total: Decimal | None
    grade: str
    findings: tuple[Finding, ...] = ()
    #: Why the grade is lower than the total's band (a table read only in part), or None.
    grade_cap: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Given a score sheet, return its ``jixiao.score/1`` table object."""
        ex = self.execution
        return {
            "project": self.table.title,
            "scheme": self.scheme,
            "execution": {
                "rate": money_str(
                    ex.rate.quantize(Decimal("0.0001")) if ex.rate is not None else None
                ),
                "weight": money_str(ex.weight),
                "score": money_str(ex.score),
                "reported_score": money_str(ex.reported_score),
                "explain": ex.explain,
            },
            "indicators": [_indicator_dict(s) for s in self.indicators],
            "total": money_str(self.total),
            "reported_total": money_str(self.reported_total),
            "grade": self.grade,
            "grade_cap": self.grade_cap,
            "findings": [f.to_dict() for f in self.findings],
            "source": self.table.source.to_dict() if self.table.source else None,
        }


def _indicator_dict(s: IndicatorScore) -> dict[str, Any]:
    return {
        "name": s.indicator.name,
        "weight": money_str(s.weight),
        "score": money_str(s.score),
        "reported_score": money_str(s.reported_score),
        "explain": s.explain,
        "not_applicable": s.indicator.not_applicable,
    }


def sheets_to_dict(sheets: tuple[ScoreSheet, ...] | list[ScoreSheet]) -> dict[str, Any]:
    """Given score sheets, return the whole ``jixiao.score/1`` document."""
    return {"schema": SCORE_SCHEMA, "tables": [s.to_dict() for s in sheets]}
