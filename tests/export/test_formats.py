"""The format table (issue 14): one row per format, honest about what it writes, cheap to import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from export_helpers import example_tables

from jixiao.export import BUNDLE_FORMATS, FORMATS, ExportError, format_named, write, write_bundle
from jixiao.ingest.formats import sniff

# What each media type means, said once more independently of the table: the kind
# of content the upload sniffer finds in such a file ("json" is parsed instead).
CONTENT_OF_MEDIA_TYPE = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/pdf": "pdf",
    "text/html": "html",
    "text/csv": "csv",
    "application/json": "json",
}

WRITER_LIBRARIES = {"openpyxl", "reportlab", "docx", "jinja2"}


def _content_kind(data: bytes) -> str | None:
    try:
        json.loads(data)
    except ValueError:
        return sniff(data, "")
    return "json"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_format_writes_what_its_media_type_and_suffix_say(fmt: str, tmp_path: Path) -> None:
    spec = FORMATS[fmt]
    assert spec.name == fmt and spec.suffix == f".{fmt}"
    out = tmp_path / f"tables{spec.suffix}"
    write(example_tables(), fmt, out)
    media = spec.media_type.split(";")[0]
    assert _content_kind(out.read_bytes()) == CONTENT_OF_MEDIA_TYPE[media]
    # Text is sent as UTF-8, and says so: a browser must not guess GBK.
    assert spec.media_type.startswith("application/") or "charset=utf-8" in spec.media_type


def test_format_names_are_matched_as_users_type_them() -> None:
    assert format_named(".PDF") is FORMATS["pdf"]
    with pytest.raises(ExportError, match="不支持的导出格式“ods”;可选: xlsx, docx, pdf"):
        format_named("ods")


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f not in BUNDLE_FORMATS])
def test_a_format_without_a_bundle_says_which_have_one(fmt: str, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="部门汇编不支持格式.*可选: xlsx, pdf, html"):
        write_bundle(example_tables(), fmt, tmp_path / f"b.{fmt}")
    assert not (tmp_path / f"b.{fmt}").exists()


def test_the_table_and_the_bundle_summary_load_no_writer_library() -> None:
    """``jixiao --help`` lists the formats from the table: it must not load the writers."""
    probe = (
        "import json, sys\n"
        "from jixiao.export import FORMATS, BUNDLE_FORMATS\n"
        "from jixiao.export.bundle import SummaryRow, summary_cells\n"
        "assert list(FORMATS) and BUNDLE_FORMATS\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    loaded = set(json.loads(proc.stdout))
    assert "jixiao" in loaded
    assert loaded & WRITER_LIBRARIES == set()
