"""Indicator names and units as the library keys them.

The same indicator is written many ways across tables: "指标1:奖金发放准确率",
"(2)奖金发放准确率(%)", "奖金发放 准确率", "獎金發放準確率". The library counts them as
one entry, so it keys on the name without numbering, spaces, bracketed notes and
punctuation, in simplified characters (through the project's one OpenCC helper).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from jixiao.model.hanzi import to_simplified
from jixiao.model.money import MONEY_UNITS

# Leading numbering: "指标1:", "1、", "1.", "(2)", "（二）", "①", "★", "一、", "第3项".
_NUMBERING = re.compile(
    r"^(?:"
    r"指标\s*[0-9一二三四五六七八九十]+\s*[:：.、]?"
    r"|[(（\[【]\s*[0-9一二三四五六七八九十]{1,3}\s*[)）\]】]"
    r"|[0-9]{1,3}(?:\.[0-9]{1,2})*\s*[、.:：)）](?![0-9])"
    r"|[一二三四五六七八九十]{1,3}\s*[、.:：]"
    r"|第\s*[0-9一二三四五六七八九十]{1,3}\s*[项条个]\s*[:：、]?"
    r"|[①-⑳❶-❿⑴-⒇]"
    r"|[★☆*※•·\-—]+"
    r")\s*"
)
_CIRCLED = re.compile(r"^[①-⑳❶-❿⑴-⒇⒈-⒛]+")
# A bracketed note: "(%)", "（必填）", "【新增】", "(人次)".
_BRACKETED = re.compile(r"[(（\[【〔][^()（）\[\]【】〔〕]{0,30}[)）\]】〕]")
_STRIP = re.compile(r"[\s\"'“”‘’「」『』《》<>]+")
_EDGE_PUNCT = ":：;；,，。.、!！?？"


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """Given an indicator name as written, return the library's key for it.

    Numbering, spaces, quotes and bracketed notes go; full-width letters and digits
    become half-width; traditional characters become simplified; ASCII is lower-cased.
    A name that is nothing but a bracket keeps the bracket's text.
    """
    # Circled numbers first: NFKC would turn "①" into a bare "1" glued to the name.
    text = unicodedata.normalize("NFKC", _CIRCLED.sub("", (name or "").lstrip()))
    text = _STRIP.sub("", text)
    for _ in range(3):  # "1、(2)指标3:" — numbering may be stacked
        stripped = _NUMBERING.sub("", text)
        if stripped == text:
            break
        text = stripped
    without = _BRACKETED.sub("", text)
    text = without if without.strip(_EDGE_PUNCT) else re.sub(r"[()（）\[\]【】〔〕]", "", text)
    text = text.strip(_EDGE_PUNCT)
    return to_simplified(text).lower()


_PER = re.compile(r"\s*[/／每]\s*")


@lru_cache(maxsize=4096)
def normalise_unit(unit: str | None) -> str:
    """Given a unit as written, return its library form: "％" → "%", "万元/人" → "元/人".

    Money per something is kept in 元 (unit costs are written in 元 far more often);
    a plain amount is kept in 万元, the unit of the funds. Other units are kept as
    written without spaces, in simplified characters.
    """
    if not unit:
        return ""
    text = to_simplified(unicodedata.normalize("NFKC", unit)).strip()
    text = re.sub(r"\s+", "", text)
    if text in ("%", "百分比", "百分之"):
        return "%"
    money, per = _money_split(text)
    if money is None:
        return text
    return f"元/{per}" if per else "万元"


def _money_split(text: str) -> tuple[str | None, str]:
    head, _, per = _PER.sub("/", text, count=1).partition("/")
    if head in MONEY_UNITS:
        return head, per
    return None, ""


def unit_factor(unit: str | None) -> Decimal:
    """Given a unit as written, return what a number in it is worth in :func:`normalise_unit`'s unit.

    "万元/人" → 10000 (a number of 万元 per person is that many times as many 元 per person),
    "元" → 0.0001 (in 万元), anything that is not money → 1.
    """
    if not unit:
        return Decimal(1)
    text = to_simplified(unicodedata.normalize("NFKC", unit)).strip().replace(" ", "")
    money, per = _money_split(text)
    if money is None:
        return Decimal(1)
    in_wan = MONEY_UNITS[money]
    return in_wan * 10000 if per else in_wan


def is_money_unit(unit: str) -> bool:
    """Whether a library unit (from :func:`normalise_unit`) is money: 万元 or 元/…"""
    return unit == "万元" or unit.startswith("元/")


def is_unit_cost(unit: str) -> bool:
    """Whether a library unit is a cost per something (元/人, 元/亩, 元/人次)."""
    return unit.startswith("元/")
