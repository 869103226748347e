"""Third-level indicators (三级指标) with their two parent levels."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from jixiao.model.location import Location
from jixiao.model.values import TargetValue


@dataclass(frozen=True, slots=True)
class Indicator:
    """One row of the indicator block: 一级 › 二级 › 三级 with its target value.

    Self-evaluation tables fill ``actual``, ``weight``, ``score`` and
    ``deviation_reason``; monitoring tables fill ``progress`` (执行情况),
    ``expected`` (全年预计完成), ``likelihood`` (完成目标可能性) and ``measures``.
    """

    level1: str
    level2: str
    name: str
    value: TargetValue
    not_applicable: bool = False
    level1_inferred: bool = False
    source: Location | None = None
    actual: TargetValue | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation_reason: str | None = None
    progress: TargetValue | None = None
    expected: TargetValue | None = None
    likelihood: str | None = None
    measures: str | None = None
    #: Fields ("name", "value") read by OCR with low confidence, until a person
    #: corrects or confirms them (docs/ocr.md).
    ocr_unsure: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        """The indicator's place as a reader says it: 产出指标›数量指标›name."""
        return f"{self.level1}›{self.level2}›{self.name}"

    def without_source(self) -> Indicator:
        """Given an indicator, return it with its source location removed."""
        return replace(self, source=None)
