"""Grid cells as tokens for the layout, and rows rebuilt from a cell stream."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from jixiao.ingest.grid import Grid
from jixiao.ingest.vocab import norm, strip_ruby
from jixiao.model.hanzi import to_simplified
from jixiao.model.location import Location
from jixiao.model.taxonomy import canonical_level1, canonical_level2, clean_level_name

# Share of distinct characters OpenCC changes above which a file is taken as traditional.
TRADITIONAL_SHARE = 0.05

_GLUED_VALUE = re.compile(
    r"^(?P<name>.*?[^\d.,\s≥≤=<>≧≦＞＜%％])"
    r"(?P<value>(?:[≥≤=<>≧≦＞＜]{1,2}|二(?=\d)|[%％]=)?\d[\d.,]*\s*(?:%|％|‰|百分比|[^\d\s,，。;；:：、()（）]{0,4})?)$"
)


@dataclass(frozen=True, slots=True)
class Token:
    """A cell as the layout sees it.

    ``raw`` is the text exactly as read; ``text`` the simplified-character,
    ruby-free form the reading works on (names go back to the file's script
    afterwards, see ingest/script.py); ``key`` the folded form used for matching.
    """

    raw: str
    text: str
    key: str
    col: int
    loc: Location

    @property
    def empty(self) -> bool:
        """Whether the cell holds nothing."""
        return not self.key


Row = list[Token]


# The CJK Unified Ideographs block, where both scripts' characters are.
_CJK_CHARS = frozenset(map(chr, range(0x4E00, 0xA000)))


def is_traditional(texts: Sequence[str]) -> bool:
    """Given a grid's texts, return whether they are written in traditional characters.

    Only the distinct characters are converted: a table repeats the same few hundred,
    and this runs once per file on every file read.
    """
    # Set operations and map() run in C: this runs on every file read.
    distinct = sorted(_CJK_CHARS.intersection("".join(texts)[:20000]))
    if len(distinct) < 10:
        return False
    sample = "".join(distinct)
    converted = to_simplified(sample)
    changed = sum(map(str.__ne__, sample, converted))
    return changed >= max(3, TRADITIONAL_SHARE * len(distinct))


# Full-width digits, point, percent and comparators ("２５１．８９", "＞＝９０％") typed
# with a Chinese input method in full-width mode: the reading works on their ASCII
# forms (amounts, values), the raw text keeps them as the file wrote them.
_NUMBER_FORMS = str.maketrans(
    {0xFF10 + d: 0x30 + d for d in range(10)}
    | {ord(a): ord(b) for a, b in zip("．％＞＜＝", ".%><=", strict=True)}
)


def make_token(raw: str, col: int, loc: Location, traditional: bool) -> Token:
    """Given a cell's raw text, return its token."""
    return Token(*_forms(raw, traditional), col, loc)


@lru_cache(maxsize=65536)
def _forms(raw: str, traditional: bool) -> tuple[str, str, str]:
    # A cell's three forms depend on its text alone: labels, level names and units
    # repeat in every table of a template.
    raw = raw.strip()
    text = strip_ruby(to_simplified(raw) if traditional and raw else raw).translate(_NUMBER_FORMS)
    return raw, text, norm(text)


def grid_rows(grid: Grid) -> tuple[list[Row], bool]:
    """Given a grid, return its rows as tokens and whether it was traditional."""
    traditional = grid.traditional
    if traditional is None:
        traditional = is_traditional([c.text for r in grid.rows for c in r.cells])
    rows: list[Row] = []
    for grid_row in grid.rows:
        row = [
            make_token(cell.text, col, cell.source or grid_row.source, traditional)
            for col, cell in enumerate(grid_row.cells)
        ]
        rows.append(row)
    return rows, traditional


def is_level(tok: Token) -> bool:
    """Whether a token names a first- or second-level indicator (or is a bare weight)."""
    if canonical_level1(tok.text) or canonical_level2(tok.text):
        return True
    # "(50分)" standing where the 一级 name was lost (a real self-evaluation).
    return bool(tok.key) and clean_level_name(tok.text) == ""


def is_block_header(tok: Token) -> bool:
    """Whether a token heads the indicator block (一级指标, 三级指标, 绩效指标)."""
    # "本年度 绩效指标", "年度绩效指标": the block label comes with many prefixes.
    return tok.key in ("一级指标", "二级指标", "三级指标") or (
        tok.key.endswith("绩效指标") and len(tok.key) <= 8
    )


def split_glued(tok: Token) -> list[Token]:
    """Given a name with its value glued on ("免费开放天数=300天"), return both tokens."""
    match = _GLUED_VALUE.match(tok.text)
    if match is None or len(match.group("name")) < 2:
        return [tok]
    cut = len(match.group("name"))
    name = Token(tok.raw[:cut], tok.text[:cut], norm(tok.text[:cut]), tok.col, tok.loc)
    value = Token(tok.raw[cut:], tok.text[cut:], norm(tok.text[cut:]), tok.col + 1, tok.loc)
    return [name, value]
