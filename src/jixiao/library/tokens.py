"""Words of names and goals, cut by jieba, for lexical ranking.

Chinese is written without spaces, so a name such as "劳模体检人数" has to be cut into
words ("劳模", "体检", "人数") before two projects can be compared word by word.
Search mode also yields the parts of long words ("劳动模范" → "劳动", "模范",
"劳动模范"), so "劳模表彰" and "劳动模范表彰" still meet on "表彰".
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

from jixiao.model.hanzi import to_simplified

# Words that appear in almost every table and say nothing about what a project does.
STOPWORDS: frozenset[str] = frozenset(
    """的 了 和 与 及 或 等 在 对 为 以 按 于 是 有 其 并 将 把 被 由 从 到 个 年 月 日 度
    年度 项目 资金 经费 工作 开展 进一步 提高 提升 加强 完成 实施 确保 保障 推进 全年 本年
    相关 有关 情况 目标 指标 一 二 三 通过 根据 按照 要求 做好 全面 不断 有效 积极""".split()
)
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_NUMBERISH = re.compile(r"^[0-9.%]+$")


@lru_cache(maxsize=1)
def _jieba() -> object:
    import jieba

    # jieba announces its dictionary on stderr at first use; the CLI output stays clean.
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=65536)
def tokenise(text: str) -> tuple[str, ...]:
    """Given a name or a goal, return its words (search mode), without stop words,
    punctuation or bare numbers, in simplified characters, in order of appearance."""
    if not text:
        return ()
    plain = to_simplified(unicodedata.normalize("NFKC", text)).lower()
    jieba = _jieba()
    words = jieba.lcut_for_search(plain)  # type: ignore[attr-defined]
    out: list[str] = []
    for word in words:
        word = word.strip()
        if not word or word in STOPWORDS or _NUMBERISH.match(word) or not _WORD.search(word):
            continue
        if len(word) == 1 and not word.isascii():
            continue  # 市, 元, 出: a lone character matches nearly every project
        out.append(word)
    return tuple(out)


def tokenise_all(texts: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Given several texts (a name and its goals), return their words one after another."""
    out: list[str] = []
    for text in texts:
        out.extend(tokenise(text))
    return tuple(out)
