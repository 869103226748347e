"""Shared helpers of the export tests: the examples, a grid view of a form, table diffs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from jixiao.export.form import Form
from jixiao.ingest import read_path
from jixiao.ingest.grid import Cell, Grid, GridRow
from jixiao.model.location import Location
from jixiao.model.project import TargetTable
from repo_files import CORPUS_FILES, EXAMPLE, REPO_ROOT

__all__ = ["CORPUS_FILES", "EXAMPLE", "REPO_ROOT", "differences", "example_tables", "form_to_grid"]


@cache
def example_tables() -> tuple[TargetTable, ...]:
    """Return the six tables of the Wuhu example, as the text reader reads them."""
    return read_path(EXAMPLE).tables


def form_to_grid(forms: Sequence[Form], name: str = "form") -> Grid:
    """Given forms, return the grid a perfect reader of their printed output would give."""
    rows: list[GridRow] = []
    for form in forms:
        for text in (form.title, form.subtitle):
            rows.append(GridRow((Cell(text),), Location(name, row=len(rows) + 1)))
        slots: list[list[Cell]] = [[Cell("") for _ in range(form.ncols)] for _ in range(form.nrows)]
        for box in form.boxes:
            for r in range(box.row, box.row + box.rowspan):
                for c in range(box.col, box.col + box.colspan):
                    slots[r][c] = Cell("", covered=True)
            slots[box.row][box.col] = Cell(box.text, rowspan=box.rowspan, colspan=box.colspan)
        for cells in slots:
            rows.append(GridRow(tuple(cells), Location(name, row=len(rows) + 1)))
    return Grid(tuple(rows), Location(name))


def differences(got: Sequence[TargetTable], want: Sequence[TargetTable]) -> list[str]:
    """Given two lists of tables, return readable differences (empty when equal)."""
    out: list[str] = []
    if len(got) != len(want):
        out.append(f"{len(got)} tables read back, {len(want)} written")
    for n, (g, w) in enumerate(zip(got, want, strict=False), 1):
        g, w = g.without_sources(), w.without_sources()
        for field in ("kind", "fiscal_year", "project", "funds", "goals", "goals_actual"):
            if getattr(g, field) != getattr(w, field):
                out.append(
                    f"table {n} {field}: read {getattr(g, field)!r}, wrote {getattr(w, field)!r}"
                )
        if len(g.indicators) != len(w.indicators):
            out.append(
                f"table {n}: {len(g.indicators)} indicators read, {len(w.indicators)} written"
            )
        for k, (gi, wi) in enumerate(zip(g.indicators, w.indicators, strict=False), 1):
            # level1_inferred tells how the *source* placed the first level; the official
            # layout always writes it in its own column, so a re-read never infers it.
            if replace(gi, level1_inferred=False) != replace(wi, level1_inferred=False):
                out.append(f"table {n} indicator {k}: read {gi!r}\n    wrote {wi!r}")
    return out
