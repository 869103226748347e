"""Characters no spreadsheet or XML can hold never stop an export (issue 8: no crash on bad input)."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest
from export_helpers import example_tables

from jixiao.export import FORMATS, write
from jixiao.ingest import read_path
from jixiao.model.serialize import result_from_dict

# A C0 control from PDF extraction, a byte-order mark read the wrong way round,
# and a lone surrogate as Python keeps undecodable bytes (surrogateescape).
BAD = "\x01\ufffe\udc80"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_export_survives_characters_that_xml_cannot_hold(fmt: str, tmp_path: Path) -> None:
    table = example_tables()[0]
    project = replace(table.project, name=f"困难{BAD}职工")
    first = replace(table.indicators[0], name=f"指标{BAD}一")
    bad = replace(table, project=project, indicators=(first, *table.indicators[1:]))
    out = tmp_path / f"t.{fmt}"
    write([bad], fmt, out)
    assert out.stat().st_size > 0
    if fmt in ("xlsx", "docx", "html"):
        (back,) = read_path(out).tables
        assert back.project.name.replace(" ", "") == "困难职工"
        assert back.indicators[0].name.replace(" ", "") == "指标一"
    elif fmt == "json":
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert result_from_dict(doc).tables[0].project.name.startswith("困难\x01\ufffe")
    elif fmt == "csv":
        with out.open(encoding="utf-8-sig", newline="") as fh:
            first = next(csv.DictReader(fh))
        assert first["project_name"] == "困难\x01\ufffe?职工"
