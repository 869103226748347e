"""Glyphs the recogniser confuses with a look-alike, set right by the form's own words.

PP-OCR has no language model: on a blurred 150 dpi scan it reads 项目 as 项自 (目
with a stroke end at its corner looks like 自's tick), and the same happens to
己/已, 末/未, 土/士. The forms' vocabulary (field labels, titles, column heads,
the indicator levels) is the one place where the right word is known: a glyph is
replaced by its look-alike only when that makes a word of the vocabulary with a
neighbour and the glyph as read makes none. 自评 stays 自评 (a word), 项自 becomes
项目, 自筹 stays (目筹 is no word either).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

#: Look-alike glyphs PP-OCR is known to swap (each both ways).
LOOK_ALIKES: dict[str, str] = {"自": "目", "己": "已", "末": "未", "土": "士"}
_SWAP = {**LOOK_ALIKES, **{b: a for a, b in LOOK_ALIKES.items()}}


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from _strings(item)


@lru_cache(maxsize=1)
def known_pairs() -> frozenset[str]:
    """Return every two-glyph Chinese word part of the forms' vocabulary."""
    from jixiao.ingest import vocab
    from jixiao.model.taxonomy import TREES

    sources: list[object] = [
        vocab.HEADER_LABELS,
        vocab.COLUMN_ROLES,
        vocab.FOOTER_PREFIXES,
        vocab.TITLE_WORDS,
        vocab.LEVEL_WORDS,
        vocab.NAME_COLUMN_HEADS,
        [dict(tree.levels) for tree in TREES.values()],
    ]
    pairs = set()
    for text in _strings(sources):
        for a, b in zip(text, text[1:], strict=False):
            if _is_han(a) and _is_han(b):
                pairs.add(a + b)
    return frozenset(pairs)


def fix_look_alikes(text: str) -> str:
    """Given recognised text, return it with look-alike glyphs set right where the vocabulary says."""
    if not any(ch in _SWAP for ch in text):
        return text
    known = known_pairs()
    out = list(text)
    for i, ch in enumerate(text):
        other = _SWAP.get(ch)
        if other is None:
            continue
        before = out[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        as_read = {before + ch, ch + after}
        swapped = {before + other, other + after}
        if not as_read & known and swapped & known:
            out[i] = other
    return "".join(out)
