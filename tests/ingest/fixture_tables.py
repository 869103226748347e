"""The six example tables as the official form lays them out: cells and merges.

Cells keep exactly the positions the text export gives them; merges cover only the
empty slots the printed form merges (项目资金 over four rows, 绩效指标 / 一级 / 二级
over the rows they head, labels and values over empty slots to their right).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# Spelled out rather than taken from tests/repo_files.py: this module also runs as a script.
EXAMPLE = REPO_ROOT / "src" / "jixiao" / "data" / "examples" / "wuhu-2024-targets.txt"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
_HEADING = re.compile(r"^#+\s*")
_NUMBER = re.compile(r"^\d+(\.\d+)?$")


@dataclass(frozen=True)
class Merge:
    """A merged rectangle, 0-based and inclusive."""

    r0: int
    c0: int
    r1: int
    c1: int


@dataclass
class FormTable:
    """One table: the lines above it and its rectangular rows with merges."""

    titles: list[str]
    rows: list[list[str]]
    merges: list[Merge] = field(default_factory=list)

    @property
    def width(self) -> int:
        """Given a table, return its column count."""
        return len(self.rows[0]) if self.rows else 0

    def covered(self) -> set[tuple[int, int]]:
        """Given a table, return the slots hidden under a merge (not its top-left)."""
        out: set[tuple[int, int]] = set()
        for m in self.merges:
            for r in range(m.r0, m.r1 + 1):
                for c in range(m.c0, m.c1 + 1):
                    if (r, c) != (m.r0, m.c0):
                        out.add((r, c))
        return out

    def merge_at(self, r: int, c: int) -> Merge | None:
        """Given a slot, return the merge whose top-left it is, if any."""
        return next((m for m in self.merges if (m.r0, m.c0) == (r, c)), None)


def example_tables(path: Path = EXAMPLE) -> list[FormTable]:
    """Given the example text export, return its tables split on their headings."""
    tables: list[FormTable] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if "\t" not in line:
            text = _HEADING.sub("", line).strip()
            if _HEADING.match(line) or not tables or tables[-1].rows:
                tables.append(FormTable([text], []))
            else:
                tables[-1].titles.append(text)
            continue
        tables[-1].rows.append(line.split("\t"))
    for t in tables:
        width = max(len(r) for r in t.rows)
        t.rows = [r + [""] * (width - len(r)) for r in t.rows]
        t.merges = official_merges(t.rows)
    return tables


def official_merges(rows: list[list[str]]) -> list[Merge]:
    """Given rectangular rows, return merges over the empty slots the official form merges."""
    taken: set[tuple[int, int]] = set()
    funds_rows = _funds_rows(rows)
    merges: list[Merge] = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if not text or (r, c) in taken:
                continue
            c1 = c
            may_widen = r not in funds_rows or c == 0
            while may_widen and c1 + 1 < len(row) and not row[c1 + 1] and (r, c1 + 1) not in taken:
                c1 += 1
            r1 = r
            while r1 + 1 < len(rows) and _free_below(rows, taken, r1 + 1, c, c1):
                r1 += 1
            if (r1, c1) != (r, c):
                merges.append(Merge(r, c, r1, c1))
                taken.update((rr, cc) for rr in range(r, r1 + 1) for cc in range(c, c1 + 1))
    return merges


def _funds_rows(rows: list[list[str]]) -> set[int]:
    start = next((i for i, r in enumerate(rows) if r[0].startswith("项目资金")), None)
    return set() if start is None else set(range(start, start + 4))


def _free_below(
    rows: list[list[str]], taken: set[tuple[int, int]], r: int, c0: int, c1: int
) -> bool:
    # Only the label columns merge downwards: the slots left of the cell must be empty
    # too, so a new 一级 or 二级 name ends the merge above it.
    row = rows[r]
    return all(not row[c] for c in range(0, c1 + 1)) and all(
        (r, c) not in taken for c in range(c0, c1 + 1)
    )


def as_number(text: str) -> float | str:
    # Amounts go into spreadsheets as numbers (104 as the float 104.0), the way units type them.
    return float(text) if _NUMBER.match(text) and text == _fmt(float(text)) else text


def _fmt(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)
