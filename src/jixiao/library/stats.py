"""Value statistics per unit: what peers commit to (median, p10, p90).

A reviewer asks "is 5000元/人 normal for a commendation?": the answer is the spread
of the same indicator's numeric targets in other projects, in the same unit (a rate
is not compared with a head count, 元 are converted to the same money unit first).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jixiao.library.names import normalise_unit, unit_factor
from jixiao.model.values import TargetValue


@dataclass(frozen=True, slots=True)
class ValueStats:
    """How many numeric targets were seen in one unit, and their median, p10 and p90."""

    unit: str
    count: int
    median: float
    p10: float
    p90: float

    def to_dict(self) -> dict[str, Any]:
        """Return the statistics as JSON-ready data."""
        return {
            "unit": self.unit,
            "count": self.count,
            "median": self.median,
            "p10": self.p10,
            "p90": self.p90,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ValueStats:
        """Given :meth:`to_dict`'s data, return the statistics."""
        return cls(
            str(data["unit"]),
            int(data["count"]),
            float(data["median"]),
            float(data["p10"]),
            float(data["p90"]),
        )

    @property
    def typical(self) -> str:
        """The median written with its unit, as a suggestion shows it ("5000元/人")."""
        return f"{_short(self.median)}{self.unit}"


def _short(number: float) -> str:
    if number == int(number):
        return str(int(number))
    return f"{number:.4g}"


def numeric_target(value: TargetValue) -> tuple[float, str] | None:
    """Given a parsed 指标值, return (number in the library unit, library unit) or None.

    A range (90%-95%) counts by its middle; a qualitative value has no number.
    """
    if not value.is_quantitative or value.number is None:
        return None
    number = value.number
    if value.upper is not None:
        number = (number + value.upper) / 2
    unit = normalise_unit(value.unit)
    amount = float(number * unit_factor(value.unit)) if unit else float(number)
    if math.isnan(amount) or math.isinf(amount):
        return None
    return amount, unit


def quantile(ordered: list[float], q: float) -> float:
    """Given sorted numbers and 0 ≤ q ≤ 1, return the q-quantile (linear interpolation)."""
    if not ordered:
        raise ValueError("no numbers")
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def value_stats(pairs: Iterable[tuple[float, str]]) -> dict[str, ValueStats]:
    """Given (number, unit) pairs, return the statistics of each unit, the most used first."""
    by_unit: dict[str, list[float]] = {}
    for number, unit in pairs:
        by_unit.setdefault(unit, []).append(number)
    out = {}
    for unit, numbers in sorted(by_unit.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        numbers.sort()
        out[unit] = ValueStats(
            unit,
            len(numbers),
            round(quantile(numbers, 0.5), 6),
            round(quantile(numbers, 0.1), 6),
            round(quantile(numbers, 0.9), 6),
        )
    return out


def as_decimal(number: float) -> Decimal:
    """Given a statistic, return it as a Decimal for the money and value code."""
    return Decimal(str(number))
