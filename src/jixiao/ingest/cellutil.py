"""Small helpers the grid readers share: cell values to text, wrapped lines, row trimming."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from jixiao.ingest.grid import Cell

_LATIN = re.compile(r"[A-Za-z]")
_SPACES = re.compile(r"\s+")


def value_text(value: object) -> str:
    """Given a spreadsheet value, return it as the cell shows it: 104.0 as "104", 74.5 as "74.5"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # 15 significant digits drop binary noise such as 0.30000000000000004.
        return f"{value:.15g}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def join_lines(text: str) -> str:
    """Given a cell's text with the line breaks of its wrapping, return it as one line.

    Chinese wraps anywhere, so a break is dropped; only between two Latin letters
    did a space (eaten by the wrap) separate two words.
    """
    out = ""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        glue = " " if out and _LATIN.match(out[-1]) and _LATIN.match(line[0]) else ""
        out += glue + line
    return out


def squash(text: str) -> str:
    """Given markup text, return it with runs of whitespace as one space, trimmed."""
    return _SPACES.sub(" ", text).strip()


def trim(cells: Sequence[Cell]) -> tuple[Cell, ...]:
    """Given a row, return it without trailing empty slots that no merge covers."""
    end = len(cells)
    while end and not cells[end - 1].text and not cells[end - 1].covered:
        end -= 1
    return tuple(cells[:end])
