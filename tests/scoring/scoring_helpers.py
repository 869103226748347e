"""Builders for small self-evaluation tables, independent of the text parser."""

from __future__ import annotations

from decimal import Decimal

from jixiao.model.indicator import Indicator
from jixiao.model.project import Funds, ProjectHeader, TargetTable
from jixiao.model.values import TargetValue


def D(text: str | int) -> Decimal:
    """Decimal from a literal, for short test tables."""
    return Decimal(str(text))


def q(raw: str, op: str, number: str, unit: str = "") -> TargetValue:
    """A quantitative value written out in full (so tests do not depend on parse_value)."""
    return TargetValue(raw, "quantitative", op, D(number), unit)  # type: ignore[arg-type]


def t(raw: str) -> TargetValue:
    """A qualitative value."""
    return TargetValue.qualitative(raw)


def ind(
    name: str,
    value: TargetValue,
    actual: TargetValue | None = None,
    *,
    level1: str = "产出指标",
    level2: str = "数量指标",
    weight: str | None = None,
    score: str | None = None,
    reason: str | None = None,
    na: bool = False,
    likelihood: str | None = None,
    measures: str | None = None,
) -> Indicator:
    """An indicator row with the self-evaluation (or monitoring) columns."""
    return Indicator(
        level1,
        level2,
        name,
        value,
        not_applicable=na,
        actual=actual,
        weight=D(weight) if weight is not None else None,
        score=D(score) if score is not None else None,
        deviation_reason=reason,
        likelihood=likelihood,
        measures=measures,
    )


def table(
    *rows: Indicator,
    kind: str = "self_evaluation",
    year: int | None = 2024,
    name: str = "测试项目",
    funds: Funds | None = None,
) -> TargetTable:
    """A table of the given rows; funds default to a fully executed 100万元 budget."""
    return TargetTable(
        kind=kind,  # type: ignore[arg-type]
        fiscal_year=year,
        project=ProjectHeader(name=name),
        funds=funds or Funds(total=D(100), budget_adjusted=D(100), executed=D(100)),
        indicators=rows,
    )


def flat(findings: object) -> list[tuple[str, str | None]]:
    """Findings flattened to (code, indicator) pairs, the way the style guide asserts on them."""
    return [(f.code, f.indicator) for f in findings]  # type: ignore[attr-defined]
