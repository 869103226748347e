"""JSON (validated against the published schema), CSV and the ``jixiao export`` command."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from export_helpers import EXAMPLE, REPO_ROOT, example_tables
from export_synthetic import synthetic_batch
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.export import write
from jixiao.export.csv import COLUMNS, safe_cell
from jixiao.ingest import read_path
from jixiao.model.values import parse_value
from jixiao.web.bootstrap import EXAMPLE_PATH

SCHEMA = json.loads(
    (REPO_ROOT / "docs/schema/jixiao.parse-1.schema.json").read_text(encoding="utf-8")
)


def test_json_export_matches_the_published_schema(tmp_path: Path) -> None:
    """Target, self-evaluation and monitoring JSON all validate against docs/schema/."""
    tables = [
        *example_tables(),
        *synthetic_batch(2, 2, "self_evaluation"),
        *synthetic_batch(2, 2, "monitoring"),
    ]
    out = tmp_path / "all.json"
    write(tables, "json", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert doc["tables"][0]["funds"]["total"] == "74.5"


def test_json_schema_rejects_a_float_amount() -> None:
    """Money as a JSON number (a float) is not the contract."""
    doc = {"schema": "jixiao.parse/1", "tables": [], "problems": []}
    jsonschema.validate(doc, SCHEMA)
    bad = json.loads(json.dumps(doc))
    table = {
        "kind": "target",
        "fiscal_year": 2024,
        "project": {},
        "funds": {"unit": "万元", "total": 74.5, "fiscal": None, "carryover": None, "other": None},
        "goals": [],
        "indicators": [],
        "source": None,
    }
    bad["tables"].append(table)
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(bad))
    assert any("74.5" in e.message for e in errors)


def test_csv_has_one_row_per_indicator_with_a_bom(tmp_path: Path) -> None:
    """59 indicators → 59 rows, the table's fields repeated, UTF-8 with BOM for Excel."""
    out = tmp_path / "wuhu.csv"
    write(example_tables(), "csv", out)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    assert len(rows) == 59 and list(rows[0]) == list(COLUMNS)
    first = rows[0]
    assert (first["project_name"], first["department_code"], first["funds_total"]) == (
        "2023年劳模表彰大会经费",
        "508",
        "74.5",
    )
    assert (first["level2"], first["name"], first["value_raw"], first["value_number"]) == (
        "数量指标",
        "表彰劳模和先进工作者",
        "149人",
        "149",
    )
    assert {r["project_name"] for r in rows[10:16]} == {"芜湖市劳模综合服务资金"}


def test_cli_export_writes_every_format(tmp_path: Path) -> None:
    """``jixiao export FILE --to FMT -o OUT`` writes the file; an unknown format is a usage error."""
    runner = CliRunner()
    for fmt in ("xlsx", "pdf", "docx", "html", "json", "csv"):
        out = tmp_path / f"wuhu.{fmt}"
        result = runner.invoke(app, ["export", str(EXAMPLE), "--to", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    inferred = tmp_path / "by-suffix.xlsx"
    assert runner.invoke(app, ["export", str(EXAMPLE), "-o", str(inferred)]).exit_code == 0
    assert inferred.exists()
    assert runner.invoke(app, ["export", str(EXAMPLE), "--to", "odt"]).exit_code == 2
    assert (
        runner.invoke(app, ["export", str(tmp_path / "missing.txt"), "--to", "pdf"]).exit_code == 1
    )


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x","y")',
        "@SUM(A1:A2)",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "+1+1",
        "-1-1",
        "-5人",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
    ],
)
def test_csv_quotes_every_cell_a_spreadsheet_would_run(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-5", "+3%", "-1.5", "-.5", "+2e3", "74.5", "≥95%", "本年内", ""])
def test_csv_keeps_plain_numbers_and_text_as_they_are(text: str) -> None:
    assert safe_cell(text) == text


def test_csv_export_neutralises_a_formula_that_starts_with_a_sign(tmp_path: Path) -> None:
    # The packaged example, not the shared folder: this test must run in any checkout.
    table = read_path(EXAMPLE_PATH).tables[0]
    bad = replace(table.indicators[0], name="-2+3+cmd|' /C calc'!A0", value=parse_value("-5"))
    out = tmp_path / "bad.csv"
    write([replace(table, indicators=(bad,))], "csv", out)
    row = next(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert "'-2+3+cmd|' /C calc'!A0" in row.values()
    assert "-5" in row.values()
