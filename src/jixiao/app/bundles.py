"""A department's year as one bundle: its stored tables written in one format (issue 8).

The reading is :func:`jixiao.store.export_queries.department_tables`; this writes
what was read: xlsx/pdf/html as the bundle (汇总 sheet, contents page, static
site), the other formats as one file. ``jixiao export --department``, the web
download and ``export --all`` all write through here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from jixiao.export import BUNDLE_FORMATS, write, write_bundle
from jixiao.export.bundle import SummaryRow
from jixiao.store.export_queries import BundleEntry, department_tables

__all__ = ["BundleEntry", "department_tables", "write_entries"]


def write_entries(
    entries: Sequence[BundleEntry],
    fmt: str,
    target: Path,
    *,
    review: bool = True,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Given a department's stored tables, write them: xlsx/pdf/html as the bundle, else one file.

    ``review=False`` leaves the grades and finding counts out of the bundle's
    summary (what the public may see); ``progress(n)`` is called per table written.
    """
    tables = [e.table for e in entries]
    if fmt in BUNDLE_FORMATS:
        rows = [
            SummaryRow(e.grade, e.findings, e.errors) if review else SummaryRow() for e in entries
        ]
        write_bundle(tables, fmt, target, rows, progress=progress)
    else:
        write(tables, fmt, target)
