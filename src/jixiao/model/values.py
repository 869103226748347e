"""Indicator values (指标值): comparator, number and unit, or qualitative text."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Literal, cast

from jixiao.model import values_text as vt
from jixiao.model.values_words import (
    DIRECTION_WORDS,
    NOT_APPLICABLE_MARKS,
    NOT_APPLICABLE_MAX_LEN,
    NOT_APPLICABLE_WORDS,
    QUALITATIVE_WORDS,
)

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


# Cached: a value is read again and again (the reader tries a cell in several roles, a
# batch of files from one template repeats its targets); TargetValue is immutable.
@lru_cache(maxsize=32768)
def parse_value(raw: str) -> TargetValue:
    """Given a 指标值 as written, return it parsed; never raises.

    Quantitative means: optional comparator (symbol or word), a number, an optional
    unit of at most ``MAX_UNIT_LEN`` characters, optional 以上/以内-style word. A range
    ``90%-95%`` gives op ``=``, ``number`` the lower and ``upper`` the upper bound
    (swapped when written high-low: the band is the same). Anything else, including
    dates, date ranges and sentences that contain a number, is qualitative text.
    """
    text = vt.normalise(raw)
    if not text or vt.is_date(text):
        return TargetValue.qualitative(raw)
    prefix_op, rest, valid = vt.split_prefix(text)
    suffix_op, rest = vt.split_suffix(rest)
    if not valid or (prefix_op and suffix_op and prefix_op != suffix_op):
        return TargetValue.qualitative(raw)
    op = prefix_op or suffix_op
    single = vt.number_and_unit(rest)
    if single is not None:
        number, unit = single
        return TargetValue(raw, "quantitative", cast(Op, op or "="), number, unit)
    if op is None:
        return _parse_range(raw, rest)
    # A comparator in front of a range ("≥90-95%") has no single reading.
    return TargetValue.qualitative(raw)


def _parse_range(raw: str, text: str) -> TargetValue:
    """Given "90%-95%", "90-95%" or "90%至95%", return the band; qualitative otherwise."""
    sides = vt.split_range(text)
    if sides is None:
        return TargetValue.qualitative(raw)
    low, high = vt.number_and_unit(sides[0]), vt.number_and_unit(sides[1])
    if low is None or high is None or (low[1] and high[1] and low[1] != high[1]):
        return TargetValue.qualitative(raw)
    lower, upper = sorted((low[0], high[0]))
    return TargetValue(raw, "quantitative", "=", lower, high[1] or low[1], upper)


@lru_cache(maxsize=32768)
def is_not_applicable(text: str) -> bool:
    """Given a cell, return whether it marks the indicator as not applicable.

    "不适用", "不适用于该项目", "不涉及" and lone "/", "-", "—" (corpus 054 "/ / /")
    count; "无" and "0" are real values (nothing planned, zero) and do not.
    """
    cell = vt.normalise(text)
    if cell.upper() in NOT_APPLICABLE_MARKS:
        return True
    short = len(cell) <= NOT_APPLICABLE_MAX_LEN
    return short and any(word in cell for word in NOT_APPLICABLE_WORDS)


def combine_split_value(op_text: str, number_text: str, unit_text: str) -> TargetValue:
    """Given the 指标性质 / 指标值 / 度量单位 columns, return the one parsed value.

    Sichuan-style templates (corpus 005: "=" | "100" | "%") split the value in three.
    ``raw`` is the three cells stripped and joined ("≥100%"). A 指标性质 written as a
    word is a column classification, not value text, so it is left out of ``raw``:
    正向 reads as ≥ (a floor), 反向 as ≤ (a ceiling), 定量/中性 as no comparator, and
    定性 makes the value qualitative whatever the other columns hold.
    """
    op, number, unit = op_text.strip(), number_text.strip(), unit_text.strip()
    if op in QUALITATIVE_WORDS:
        return TargetValue.qualitative(number + unit)
    direction = dict(DIRECTION_WORDS).get(op)
    raw = number + unit if direction else op + number + unit
    symbol = "" if direction == "=" else (direction or op)
    # Some files repeat the unit inside the value cell ("95%" | "%"): read it once.
    tail = "" if unit and number.endswith(unit) else unit
    return replace(parse_value(symbol + number + tail), raw=raw)
