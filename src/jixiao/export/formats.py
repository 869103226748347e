"""The export formats, listed once: name, file suffix, media type, writer, bundle writer.

The command line (``--to``), the web downloads (their ``Content-Type``) and the
whole-database export all read :data:`FORMATS`; a new format is one row here.

The writers pull in openpyxl, reportlab, python-docx and Jinja2, which cost most of
a second together. Each row therefore names a small function that imports its
writer when it is first called: ``jixiao --help`` lists the formats from this table
without loading any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.export.errors import ExportError

if TYPE_CHECKING:
    from jixiao.export.bundle.summary import BundleWriter, Progress, SummaryRow
    from jixiao.model.project import TargetTable

Writer = Callable[[Sequence["TargetTable"], Path], None]


@dataclass(frozen=True, slots=True)
class Format:
    """One export format.

    ``write(tables, path)`` writes the tables into one file, one sheet, section or
    page each. ``write_bundle`` is set for the formats that have a department
    bundle of their own (a summary first, see :mod:`jixiao.export.bundle`); the
    others bundle a department as their ordinary file of all its tables.
    """

    name: str
    suffix: str
    media_type: str
    write: Writer
    write_bundle: BundleWriter | None = None


def _xlsx(tables: Sequence[TargetTable], path: Path) -> None:
    from jixiao.export.xlsx import write_xlsx

    write_xlsx(tables, path)


def _docx(tables: Sequence[TargetTable], path: Path) -> None:
    from jixiao.export.docx import write_docx

    write_docx(tables, path)


def _pdf(tables: Sequence[TargetTable], path: Path) -> None:
    from jixiao.export.pdf import write_pdf

    write_pdf(tables, path)


def _html(tables: Sequence[TargetTable], path: Path) -> None:
    from jixiao.export.html import write_html

    write_html(tables, path)


def _json(tables: Sequence[TargetTable], path: Path) -> None:
    from jixiao.export.json import write_json

    write_json(tables, path)


def _csv(tables: Sequence[TargetTable], path: Path) -> None:
    from jixiao.export.csv import write_csv

    write_csv(tables, path)


def _bundle_xlsx(
    tables: Sequence[TargetTable], path: Path, cells: list[list[object]], progress: Progress
) -> None:
    from jixiao.export.bundle.xlsx import bundle_xlsx

    bundle_xlsx(tables, path, cells, progress)


def _bundle_pdf(
    tables: Sequence[TargetTable], path: Path, cells: list[list[object]], progress: Progress
) -> None:
    from jixiao.export.bundle.pdf import bundle_pdf

    bundle_pdf(tables, path, cells, progress)


def _bundle_html(
    tables: Sequence[TargetTable], path: Path, cells: list[list[object]], progress: Progress
) -> None:
    from jixiao.export.bundle.html import bundle_html

    bundle_html(tables, path, cells, progress)


_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: Every export format by name, in the order the help texts list them.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("xlsx", ".xlsx", _XLSX, _xlsx, _bundle_xlsx),
        Format("docx", ".docx", _DOCX, _docx),
        Format("pdf", ".pdf", "application/pdf", _pdf, _bundle_pdf),
        Format("html", ".html", "text/html; charset=utf-8", _html, _bundle_html),
        Format("json", ".json", "application/json", _json),
        Format("csv", ".csv", "text/csv; charset=utf-8", _csv),
    )
}

#: The formats with a department bundle of their own (summary sheet, contents, site).
BUNDLE_FORMATS: tuple[str, ...] = tuple(n for n, f in FORMATS.items() if f.write_bundle)


def format_named(name: str) -> Format:
    """Given a format name (any case, a leading dot allowed), return its format.

    Raises :class:`ExportError` naming the formats there are.
    """
    found = FORMATS.get(name.lower().lstrip("."))
    if found is None:
        raise ExportError(f"不支持的导出格式“{name}”;可选: {', '.join(FORMATS)}")
    return found


def write(tables: Sequence[TargetTable], fmt: str, path: Path) -> None:
    """Given tables, a format name and a path, write the tables in that format."""
    format_named(fmt).write(tables, Path(path))


def write_bundle(
    tables: Sequence[TargetTable],
    fmt: str,
    path: Path,
    summary_rows: Sequence[SummaryRow] | None = None,
    *,
    progress: Progress | None = None,
) -> None:
    """Given a department's tables, write the bundle as xlsx, pdf or html (a folder).

    ``summary_rows`` give each table's review grade and finding counts (None: not
    shown). ``progress(n)`` is called after each table with the number just done (1),
    so the CLI can drive a progress bar over a large database.
    """
    from jixiao.export.bundle.summary import summary_cells

    found = FORMATS.get(fmt.lower().lstrip("."))
    writer = found.write_bundle if found else None
    if writer is None:
        raise ExportError(f"部门汇编不支持格式“{fmt}”;可选: {', '.join(BUNDLE_FORMATS)}")
    writer(tables, Path(path), summary_cells(tables, summary_rows), progress or (lambda _n: None))
