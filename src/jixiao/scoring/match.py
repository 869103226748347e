"""Matching the same indicator across tables (target vs self-evaluation, year vs year)."""

from __future__ import annotations

import re

from jixiao.model.hanzi import to_simplified
from jixiao.model.indicator import Indicator
from jixiao.model.taxonomy import canonical_level2, clean_level_name

# "指标1:", "★★★", "(≥**人)" template residue (corpus 027, 046): not part of the name.
_PREFIX = re.compile(r"^\s*指标\s*\d+\s*[:：]\s*")
_RESIDUE = re.compile(r"[（(][^()（）]*\*\*[^()（）]*[)）]|[★☆*\s]")


def clean_name(name: str) -> str:
    """Given a third-level name as written, return it without numbering, stars or residue."""
    # A traditional self-evaluation still matches its simplified target row.
    return _RESIDUE.sub("", _PREFIX.sub("", to_simplified(name)))


def indicator_key(ind: Indicator) -> tuple[str, str]:
    """Given an indicator, return (canonical 二级, cleaned name): equal keys are the same row."""
    level2 = canonical_level2(ind.level2) or clean_level_name(ind.level2)
    return level2, clean_name(ind.name)


def value_text(raw: str) -> str:
    """Given a 指标值 as written, return it with spaces removed and comparators unified."""
    text = "".join(raw.split())
    for a, b in (("≧", "≥"), (">=", "≥"), ("＞＝", "≥"), ("≦", "≤"), ("<=", "≤"), ("＜＝", "≤")):
        text = text.replace(a, b)
    return text.replace("％", "%").replace("百分比", "%")


def same_value(a: Indicator, b: Indicator) -> bool:
    """Whether two rows carry the same target value (parsed parts when both are numbers)."""
    va, vb = a.value, b.value
    if va.is_quantitative and vb.is_quantitative:
        return (va.op, va.number, va.upper, (va.unit or "").strip()) == (
            vb.op,
            vb.number,
            vb.upper,
            (vb.unit or "").strip(),
        )
    return value_text(va.raw) == value_text(vb.raw)
