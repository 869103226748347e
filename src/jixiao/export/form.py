"""The neutral printed form every exporter renders: boxes on a grid.

A :class:`Form` is one table laid out the way the official template prints it:
title lines above a ruled grid whose boxes may span rows and columns. The
per-kind builders (:mod:`jixiao.export.layout_target`, ...) decide *what* goes
where; the format writers only decide *how* a box is drawn, so xlsx, docx, PDF
and HTML show the same form cell for cell, and a reader sees the same grid in each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from jixiao.model.indicator import Indicator
from jixiao.model.money import normalize

Role = Literal["label", "text", "money", "percent", "head"]


@dataclass(frozen=True, slots=True)
class Box:
    """One cell of the ruled grid (0-based ``row``/``col`` inside the grid).

    ``key`` names what a label box labels (``project.name``, ``funds.total``,
    ``goals``, ``indicator.3`` on the 三级 name of the fourth indicator): the place
    :func:`jixiao.export.annotate.attach_findings` marks a finding about it.
    """

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    role: Role = "text"
    number: Decimal | None = None
    key: str = ""


@dataclass(frozen=True, slots=True)
class Form:
    """A whole printed table: title lines, the ruled grid and its print hints.

    ``widths`` are column widths in character cells (a CJK character counts 2);
    ``repeat_from`` is the grid row (the indicator header) that is printed again
    at the top of every following page. ``indicators`` are the table's rows in the
    order their name boxes are keyed (``indicator.N``), so findings naming an
    indicator can be put on its printed row.
    """

    title: str
    subtitle: str
    sheet_name: str
    widths: tuple[int, ...]
    boxes: tuple[Box, ...]
    repeat_from: int
    indicators: tuple[Indicator, ...] = ()

    @property
    def ncols(self) -> int:
        """The number of grid columns."""
        return len(self.widths)

    @property
    def nrows(self) -> int:
        """The number of grid rows."""
        return max((b.row + b.rowspan for b in self.boxes), default=0)

    def rows(self) -> list[list[Box]]:
        """Given the form, return its boxes grouped by starting row, left to right."""
        out: list[list[Box]] = [[] for _ in range(self.nrows)]
        for box in sorted(self.boxes, key=lambda b: (b.row, b.col)):
            out[box.row].append(box)
        return out


def text_width(text: str) -> int:
    """Given text, return its printed width in character cells (CJK counts 2)."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def money_text(amount: Decimal | None) -> str:
    """Given an amount in 万元 or None, return it as the form prints it ("74.5", "")."""
    if amount is None:
        return ""
    return format(normalize(amount), "f")


def money_box(row: int, col: int, amount: Decimal | None, colspan: int = 1) -> Box:
    """Given a place and an amount, return the box that prints the amount as a number."""
    return Box(row, col, money_text(amount), colspan=colspan, role="money", number=amount)


def decimals(amount: Decimal) -> int:
    """Given an amount, return how many decimal places it needs to print exactly."""
    exponent = normalize(amount).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def runs(keys: Iterable[str | None]) -> list[tuple[int, int]]:
    """Given a column of keys, return (start, length) runs of equal, non-None keys.

    A None key (a row whose 一级 the source did not give) is a run of its own, so
    the exporter leaves that cell blank instead of merging it into its neighbours.
    """
    out: list[tuple[int, int]] = []
    prev: object = object()
    for i, key in enumerate(keys):
        if key is not None and key == prev and out:
            start, length = out[-1]
            out[-1] = (start, length + 1)
        else:
            out.append((i, 1))
        prev = key
    return out


def sheet_name(title: str, taken: set[str]) -> str:
    """Given a project name and the names already used, return a valid unique sheet name."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in title).strip("'") or "表"
    base = base[:28]
    name, n = base, 2
    while name in taken:
        name = f"{base[:25]}({n})"
        n += 1
    taken.add(name)
    return name


def clip(form: Form, rows: Sequence[int]) -> tuple[Box, ...]:
    """Given a form and some of its grid rows (in print order), return the boxes on them.

    A box that spans beyond the chosen rows is cut to them and keeps its text, so
    a 一级 cell split by a page break is labelled on both pages, as printed forms do.
    """
    where = {r: i for i, r in enumerate(rows)}
    out: list[Box] = []
    for box in form.boxes:
        mine = [where[r] for r in range(box.row, box.row + box.rowspan) if r in where]
        if mine:
            out.append(replace(box, row=min(mine), rowspan=max(mine) - min(mine) + 1))
    return tuple(out)
