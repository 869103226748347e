"""Writing tables back out in the layouts people expect.

Every format is one module with the same signature ``write_<fmt>(tables, path)``;
:data:`EXPORTERS` lists them (no scanning, so a plugin registers the same way).
Several tables in one output become one sheet, section or page each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from jixiao.export.csv import write_csv
from jixiao.export.docx import write_docx
from jixiao.export.errors import ExportError
from jixiao.export.html import write_html
from jixiao.export.json import write_json
from jixiao.export.pdf import write_pdf
from jixiao.export.xlsx import write_xlsx
from jixiao.model.project import TargetTable

Writer = Callable[[Sequence[TargetTable], Path], None]

EXPORTERS: dict[str, Writer] = {
    "xlsx": write_xlsx,
    "docx": write_docx,
    "pdf": write_pdf,
    "html": write_html,
    "json": write_json,
    "csv": write_csv,
}

__all__ = [
    "EXPORTERS",
    "ExportError",
    "write",
    "write_csv",
    "write_docx",
    "write_html",
    "write_json",
    "write_pdf",
    "write_xlsx",
]


def write(tables: Sequence[TargetTable], fmt: str, path: Path) -> None:
    """Given tables, a format name and a path, write the tables in that format."""
    writer = EXPORTERS.get(fmt.lower().lstrip("."))
    if writer is None:
        known = ", ".join(EXPORTERS)
        raise ExportError(f"不支持的导出格式“{fmt}”;可选: {known}")
    writer(tables, Path(path))
