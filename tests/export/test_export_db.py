"""``jixiao export ID`` and the department bundle from the database (issue 8).

Runs on SQLite and on the real PostgreSQL server of tests/conftest.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

import jixiao
from jixiao.app import intake
from jixiao.cli import app
from jixiao.ingest import read_path
from jixiao.model.serialize import result_from_dict, table_to_dict
from jixiao.store import repo
from jixiao.store.db import make_engine, session_scope

EXAMPLE = Path(jixiao.__file__).parent / "data" / "examples" / "wuhu-2024-targets.txt"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def _load(db_url: str) -> list[repo.TableSummary]:
    with session_scope(make_engine(db_url)) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE], check=True))
        return repo.list_tables(session=s)


def _read(path: Path) -> list:
    """Given an export, return its tables (JSON through the contract reader)."""
    if path.suffix == ".json":
        return list(result_from_dict(json.loads(path.read_text(encoding="utf-8"))).tables)
    return list(read_path(path).tables)


def _content(table) -> dict:
    data = table_to_dict(table.without_sources())
    data.pop("source", None)
    return data


def test_export_stored_table_by_id(db_url: str, tmp_path: Path, monkeypatch) -> None:
    tables = _load(db_url)
    chosen = tables[2]
    monkeypatch.chdir(tmp_path)  # "3" must not be an existing file
    for fmt in ("json", "xlsx"):
        out = tmp_path / f"t.{fmt}"
        code, text = _run("export", str(chosen.id), "--to", fmt, "-o", str(out), "--db", db_url)
        assert code == 0, text
        (back,) = _read(out)
        with session_scope(make_engine(db_url)) as s:
            stored = repo.get_table(session=s, table_id=chosen.id).table
        assert back.project.name == chosen.project_name
        assert _content(back) == _content(stored)
    code, text = _run("export", "99999", "--to", "json", "-o", "x.json", "--db", db_url)
    assert code == 1 and "99999" in text


def test_department_bundle_xlsx_has_stored_grades_and_finding_counts(
    db_url: str, tmp_path: Path
) -> None:
    tables = _load(db_url)
    with session_scope(make_engine(db_url)) as s:
        entries = repo.department_tables(session=s, department="508", year=2024)
    assert len(entries) == 6 and sum(e.findings for e in entries) > 0
    out = tmp_path / "508-2024.xlsx"
    code, text = _run(
        "export", "--department", "508", "--year", "2024", "--to", "xlsx", "-o", str(out),
        "--db", db_url,
    )  # fmt: skip
    assert code == 0, text
    ws = openpyxl.load_workbook(out)["汇总"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=4, max_row=9, values_only=True)}
    for entry in entries:
        row = rows[entry.table.project.name]
        assert (row[10] or None, row[11], row[12]) == (entry.grade, entry.findings, entry.errors)
    assert {t.check_grade for t in tables} >= {e.grade for e in entries}
    assert len(read_path(out).tables) == 6


def test_department_bundle_html_and_pdf(db_url: str, tmp_path: Path) -> None:
    _load(db_url)
    site = tmp_path / "site"
    args = ("--department", "508", "--year", "2024", "--db", db_url)
    code, text = _run("export", *args, "--to", "html", "-o", str(site))
    assert code == 0, text
    assert len(list((site / "tables").glob("*.html"))) == 6
    pdf = tmp_path / "b.pdf"
    code, text = _run("export", *args, "--to", "pdf", "-o", str(pdf))
    assert code == 0, text and pdf.read_bytes().startswith(b"%PDF")
    code, text = _run("export", "--department", "999", "--year", "2024", "--to", "xlsx",
                      "-o", str(tmp_path / "none.xlsx"), "--db", db_url)  # fmt: skip
    assert code == 1 and "999" in text
