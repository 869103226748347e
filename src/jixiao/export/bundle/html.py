"""The department bundle as a static site for 预算公开: ``index.html`` and a page per table."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jixiao.export.bundle.summary import (
    SUMMARY_HEADS,
    Progress,
    bundle_title,
    cell_text,
    totals_row,
)
from jixiao.export.html import environment, render_forms
from jixiao.export.layouts import form_of, printable
from jixiao.model.project import TargetTable


def bundle_html(
    tables: Sequence[TargetTable], path: Path, cells: list[list[object]], progress: Progress
) -> None:
    """Given tables and their summary rows, write a static site in the folder ``path``."""
    (path / "tables").mkdir(parents=True, exist_ok=True)
    links: list[str] = []
    for n, table in enumerate(tables, 1):
        link = f"tables/{n:05d}.html"
        page = render_forms([form_of(table)], printable(table.title), back_link="../index.html")
        (path / link).write_text(page, encoding="utf-8")
        links.append(link)
        progress(1)
    texts = [[cell_text(v) for v in row] for row in cells]
    index = (
        environment()
        .get_template("index.html.j2")
        .render(
            title=bundle_title(tables),
            heads=SUMMARY_HEADS,
            rows=zip(texts, links, strict=True),
            totals=[cell_text(v) for v in totals_row(cells)],
        )
    )
    (path / "index.html").write_text(index, encoding="utf-8")
