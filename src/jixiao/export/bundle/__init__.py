"""A department's bundle: a summary of all its projects, then every table.

``jixiao.export.write_bundle(tables, fmt, path, summary_rows)`` is pure over its
inputs: the caller (the database layer, the CLI's ``--department CODE --year Y``)
looks up the tables and, where it has them, review grades and finding counts. The
format table (:mod:`jixiao.export.formats`) says which formats have a bundle:

- xlsx (:mod:`.xlsx`): a 汇总 sheet (with links to the sheets) and one sheet per project;
- pdf (:mod:`.pdf`): a contents page, the summary, then one form per project;
- html (:mod:`.html`): a static site for 预算公开: ``index.html`` and one page per table.

This package imports neither the format table nor its own writers here, so that
the summary types load without openpyxl or reportlab and no import runs in a circle.
"""

from __future__ import annotations

from jixiao.export.bundle.summary import (
    KIND_NAMES,
    SUMMARY_HEADS,
    BundleWriter,
    Progress,
    SummaryRow,
    bundle_title,
    cell_text,
    summary_cells,
    totals_row,
)

__all__ = [
    "KIND_NAMES",
    "SUMMARY_HEADS",
    "BundleWriter",
    "Progress",
    "SummaryRow",
    "bundle_title",
    "cell_text",
    "summary_cells",
    "totals_row",
]
