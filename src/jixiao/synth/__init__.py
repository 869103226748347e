"""Synthetic corpora of target tables for benchmarks and load tests.

``generate(n, seed=…)`` returns the same tables for the same arguments;
``write_corpus`` writes them one file per department and year (as departments
publish them), in the text form and any format :mod:`jixiao.export` writes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import groupby
from pathlib import Path

from jixiao.synth.generate import SynthTable, generate
from jixiao.synth.text import LAYOUTS, table_to_layout, table_to_text, tables_to_text, write_text

__all__ = [
    "LAYOUTS",
    "SynthTable",
    "generate",
    "table_to_layout",
    "table_to_text",
    "tables_to_text",
    "write_corpus",
]

TEXT_FORMATS = ("txt",)


def _groups(tables: Sequence[SynthTable]) -> list[tuple[str, list[SynthTable]]]:
    def key(s: SynthTable) -> tuple[str, int]:
        return (s.table.project.department_code or "", s.table.fiscal_year or 0)

    ordered = sorted(tables, key=key)
    return [
        (f"{code}-{year}-targets", list(group)) for (code, year), group in groupby(ordered, key=key)
    ]


def write_corpus(
    tables: Sequence[SynthTable],
    folder: Path,
    formats: Iterable[str] = TEXT_FORMATS,
    labels: Path | None = None,
    layout: str = "tab",
) -> list[Path]:
    """Given generated tables, write one file per department, year and format; return paths.

    ``labels`` (JSON lines, outside ``folder`` so loads do not pick it up) names
    the defects planted in each table, for measuring the review rules.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for stem, group in _groups(tables):
        for fmt in formats:
            path = folder / f"{stem}.{fmt}"
            _write(group, fmt, path, layout)
            written.append(path)
    if labels is not None:
        _write_labels(tables, labels)
    return written


def _write(group: list[SynthTable], fmt: str, path: Path, layout: str = "tab") -> None:
    models = [s.table for s in group]
    if fmt in TEXT_FORMATS:
        if layout == "tab":
            write_text(models, path)
        else:
            # One of the layouts real files come in (docs/reading.md), table after table.
            text = "\n\n".join(table_to_layout(t, layout) for t in models)
            path.write_text(text, encoding="utf-8")
        return
    from jixiao.export import write

    write(models, fmt, path)


def _write_labels(tables: Sequence[SynthTable], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for s in tables:
            p = s.table.project
            row = {
                "department_code": p.department_code,
                "project": p.name,
                "fiscal_year": s.table.fiscal_year,
                "defects": list(s.defects),
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
