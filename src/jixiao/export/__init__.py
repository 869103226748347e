"""Writing tables back out in the layouts people expect.

Every format is one module with the same signature ``write_<fmt>(tables, path)``;
:data:`FORMATS` (in :mod:`jixiao.export.formats`) lists them once, with their
suffix, media type and department bundle (no scanning, so a plugin registers the
same way). Several tables in one output become one sheet, section or page each.

Importing this package loads no writer library: each writer is imported when a
format is first written.
"""

from __future__ import annotations

from jixiao.export.errors import ExportError
from jixiao.export.formats import (
    BUNDLE_FORMATS,
    FORMATS,
    Format,
    Writer,
    format_named,
    write,
    write_bundle,
)

__all__ = [
    "BUNDLE_FORMATS",
    "FORMATS",
    "ExportError",
    "Format",
    "Writer",
    "format_named",
    "write",
    "write_bundle",
]
