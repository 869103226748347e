"""Traditional characters to simplified ones, through OpenCC, at the bottom of the model.

Its own module because the value grammar (units such as 萬元) needs it as much as the
table-level view in ``jixiao.model.script`` does, and the value model sits below tables.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Given text in traditional characters, return it in simplified ones."""
    return str(_t2s().convert(text))  # type: ignore[attr-defined]
