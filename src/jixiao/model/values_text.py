"""Lexical pieces of a 指标值: normalisation, comparators, dates, number and unit.

Pure helpers for :mod:`jixiao.model.values`; every function returns None (or the
text unchanged) instead of raising, because real cells are arbitrary text.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from jixiao.model.hanzi import to_simplified
from jixiao.model.values_words import (
    COMPARATOR_CHARS,
    DASH_RANGE_SEPARATORS,
    NOT_UNIT_CHARS,
    PERCENT_TOKENS,
    PREFIX_WORDS,
    SUFFIX_WORDS,
)

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space come out of Chinese
# input methods and OCR ("１００％", "＞＝"); mapping them one-to-one keeps the rest of
# the text (units such as "m²" are not touched, unlike NFKC).
# The small forms "﹦﹤﹥" (U+FE66, FE64, FE65) fill the 指标性质 column of some Hubei
# and Yunnan templates ("﹦ 100 %"); they are the same signs.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {
    0x3000: 0x20,
    0xFE66: ord("="),
    0xFE64: ord("<"),
    0xFE65: ord(">"),
}

# A year 1900-2099 followed by month (and day) as "2020.1.1", "2023-07", "2023/07" or
# "2020年1月31日", alone or as a range; a bare year counts only with 年 ("2024年").
# Month and day are held to their calendar ranges, so "1900.00" stays a number.
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_DATE = rf"(?:19|20)[0-9]{{2}}(?:年(?:{_MONTH}月(?:{_DAY}日)?)?|[./-]{_MONTH}(?:[./-]{_DAY})?)"
_DATE_VALUE = re.compile(
    rf"{_DATE}(?:\s*(?:-+|~|至|到|—+)\s*{_DATE})?\s*(?:之前|以前|前|底|末|内|止)?"
)

# Any text opening with a year and 年 is about a date ("2024年12月31日前", "2024年底",
# and the header cell "2021年实际实现值" of corpus 009), never a duration of 2024 years.
_YEAR_TEXT = re.compile(r"(?:19|20)[0-9]{2}年")

# Digits with either "19,000" thousands groups or none, then an optional fraction.
_NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")

# A unit may be at most this many characters: the longest real ones ("个工作日",
# "元/人·月", "万元/公里", "立方米/秒", "小时/人/年") are 4-6, so 6 keeps them while
# rejecting sentences that merely start with a number ("2批次检测全部合格并公示").
# Run-on cells with a short tail still slip through (corpus 002 "174.78万元中央补").
MAX_UNIT_LEN = 6

# Template residue "(≥**人)" / "( ≥**个 )" left in front of a filled-in value.
_RESIDUE = re.compile(r"^[(]\s*[≥≤≧≦<>=]*\s*\*+[^)]{0,8}\)\s*")

# OCR reads "=" as "二" (corpus 025: "二100", "二100百分比"); only at the very start and
# directly before a digit is that certain, never inside words such as "二级".
_OCR_EQUALS = re.compile(r"^二(?=[0-9])")

# A stray unit before the comparator, as OCR left it in corpus 025: "%=99百分比".
_LEADING_PERCENT = re.compile(r"^%\s*(?=[≥≤≧≦<>=])")


def normalise(raw: str) -> str:
    """Given a cell, return it half-width, stripped, with OCR/template debris removed."""
    text = raw.translate(_HALF_WIDTH).strip()
    text = _RESIDUE.sub("", text)
    text = _OCR_EQUALS.sub("=", text)
    text = _LEADING_PERCENT.sub("", text)
    return text.rstrip("。.;,、 ").strip()


def is_date(text: str) -> bool:
    """Given normalised text, return whether it is a date or a date range."""
    return _DATE_VALUE.fullmatch(text) is not None or _YEAR_TEXT.match(text) is not None


def symbol_op(run: str) -> str | None:
    """Given a run of comparator characters ("≥", ">=", "=<", "≥="), return the op.

    Returns None for nonsense runs such as "<>" or ">>>".
    """
    chars = set(run.replace("≧", "≥").replace("≦", "≤"))
    if not chars or len(run) > 2 or not chars <= set(COMPARATOR_CHARS):
        return None
    greater = bool(chars & {">", "≥"})
    less = bool(chars & {"<", "≤"})
    if greater and less:
        return None
    inclusive = bool(chars & {"=", "≥", "≤"})
    if greater:
        return "≥" if inclusive else ">"
    if less:
        return "≤" if inclusive else "<"
    return "="


def split_prefix(text: str) -> tuple[str | None, str, bool]:
    """Given normalised text, return (op or None, the rest, whether the prefix was valid)."""
    run = re.match(f"[{COMPARATOR_CHARS}]+", text)
    if run:
        op = symbol_op(run.group())
        return op, text[run.end() :].lstrip(), op is not None
    for word, op in PREFIX_WORDS:
        if text.startswith(word):
            return op, text[len(word) :].lstrip(), True
    return None, text, True


def split_suffix(text: str) -> tuple[str | None, str]:
    """Given text after the number's prefix, return (op of a suffix word or None, rest)."""
    for word, op in SUFFIX_WORDS:
        if text.endswith(word) and len(text) > len(word):
            return op, text[: -len(word)].rstrip()
    return None, text


def to_decimal(digits: str) -> Decimal | None:
    """Given digits as matched by the number pattern, return them as a Decimal."""
    try:
        number = Decimal(digits.replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def clean_unit(text: str) -> str | None:
    """Given the text after a number, return it as a unit ("" for none), or None if no unit.

    %, ％ and 百分比 all become "%"; a percent sign followed by more text ("100%完成")
    is a sentence, not a unit. A unit in traditional characters is given simplified
    (萬元 → 万元): tables from Taiwan-style typesetting and 繁体 web pages compare
    and sum with everyone else's, while the value's raw text keeps the file's script.
    """
    unit = text.strip()
    for token in PERCENT_TOKENS:
        if unit.startswith(token):
            return "%" if unit == token else None
    if len(unit) > MAX_UNIT_LEN or any(ch in "0123456789" or ch in NOT_UNIT_CHARS for ch in unit):
        return None
    if unit.isascii():
        return unit
    return to_simplified(unit)


def number_and_unit(text: str) -> tuple[Decimal, str] | None:
    """Given "2279.048 万元" or "5000元/人", return (number, unit); None if not that shape."""
    match = _NUMBER.match(text)
    if match is None:
        return None
    number = to_decimal(match.group())
    unit = clean_unit(text[match.end() :])
    if number is None or unit is None:
        return None
    return number, unit


def split_range(text: str) -> tuple[str, str] | None:
    """Given "90%-95%" or "90%至95%", return the two sides; None when not a range."""
    for separator in DASH_RANGE_SEPARATORS:
        left, found, right = text.partition(separator)
        if found and left.strip() and right.strip():
            return left.strip(), right.strip()
    return None
