"""Indicator values (指标值): comparator, number and unit, or qualitative text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Op = Literal["=", "≥", "≤", ">", "<"]
ValueKind = Literal["quantitative", "qualitative"]


@dataclass(frozen=True, slots=True)
class TargetValue:
    """A parsed 指标值.

    ``raw`` is always the text exactly as the file had it. A quantitative value has
    ``op`` (``=`` where the file gave no comparator), ``number`` and ``unit`` (as
    written, e.g. ``人``, ``%``, ``元/人``; empty string when none). A range such as
    ``90%-95%`` keeps both bounds: ``number`` is the lower, ``upper`` the upper one.
    A qualitative value is text only: ``op``, ``number`` and ``unit`` are None.
    """

    raw: str
    kind: ValueKind
    op: Op | None = None
    number: Decimal | None = None
    unit: str | None = None
    upper: Decimal | None = None

    @property
    def is_quantitative(self) -> bool:
        """Whether the value carries a number."""
        return self.kind == "quantitative"

    @property
    def is_percent(self) -> bool:
        """Whether the value is a percentage (%, ％ or 百分比 normalised to %)."""
        return self.unit == "%"

    @classmethod
    def qualitative(cls, raw: str) -> TargetValue:
        """Given text, return it as a qualitative value."""
        return cls(raw=raw, kind="qualitative")


def parse_value(raw: str) -> TargetValue:
    """Given a 指标值 as written, return it parsed.

    Placeholder until the full parser lands: everything is qualitative.
    """
    return TargetValue.qualitative(raw)
