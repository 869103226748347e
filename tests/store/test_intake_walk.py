"""``jixiao db load`` finds and reads files the way ``jixiao parse DIR`` does (ingest.bulk).

Three families of folder content the load once treated on its own: workbooks of
every spreadsheet format (.ods from LibreOffice/WPS, .xlsm saved with macros), JSON
(the ``jixiao.parse/1`` document ``export --to json`` writes, beside JSON that is
no table), and a file that kills its reader's process.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from storehelp import session_for
from typer.testing import CliRunner

from jixiao.app import intake
from jixiao.cli import app as cli_app
from jixiao.export import write
from jixiao.ingest import bulk, read_path
from jixiao.model.problems import ParseResult
from jixiao.store import repo
from repo_files import EXAMPLE, REPO_ROOT

INPUTS = REPO_ROOT / "tests" / "fixtures" / "inputs"
_SHEET = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MACRO = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def _as_xlsm(source: Path, target: Path) -> Path:
    """Given an xlsx, write it as Excel saves a macro-enabled workbook (its content type)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                assert _SHEET in data
                data = data.replace(_SHEET, _MACRO)
            out.writestr(info, data)
    return target


def _folder(root: Path) -> Path:
    folder = root / "单位报送"
    (folder / "2024").mkdir(parents=True)
    shutil.copy(INPUTS / "wuhu-2024-libreoffice-calc.ods", folder / "2024" / "calc.ods")
    _as_xlsm(INPUTS / "wuhu-2024-laomo-fuwu.xlsx", folder / "laomo.xlsm")
    # The example, corrected by an analyst and saved as jixiao.parse/1 JSON.
    tables = read_path(EXAMPLE).tables
    write(tables, "json", folder / "corrected.json")
    (folder / "settings.json").write_text(json.dumps({"theme": "dark", "rows": [1, 2]}))
    return folder


def test_load_takes_the_files_parse_takes(db_url: str, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    walked = {p.name for p in bulk.iter_table_files([folder])}
    assert walked == {"calc.ods", "laomo.xlsm", "corrected.json"}
    with session_for(db_url) as s:
        reports = {r.file: r for r in intake.load_paths(session=s, paths=[folder], check=False)}
    assert set(reports) == walked
    for name, report in reports.items():
        assert report.error is None, name
        assert report.added + report.versions + report.unchanged > 0, name
    # The JSON gives back exactly the six tables it was written from.
    assert reports["corrected.json"].added + reports["corrected.json"].unchanged == 6
    with session_for(db_url) as s:
        stored = {t.project_name for t in repo.list_tables(session=s)}
    assert {t.title for t in read_path(EXAMPLE).tables} <= stored


def crash_on_marked(path: str) -> ParseResult:
    """Reads like the real worker, but dies (as a C-level fault would) on a marked file."""
    if "CRASH" in path:
        os._exit(11)
    return read_path(path)


def test_a_file_that_kills_its_reader_fails_alone(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(INPUTS / "wuhu-2024-laomo-fuwu.pdf", folder / "CRASH.pdf")
    shutil.copy(EXAMPLE, folder / "targets.txt")
    shutil.copy(INPUTS / "wuhu-2024-laomo-fuwu.docx", folder / "zz.docx")
    # Workers are forked after the patch, so they run the marked reader.
    monkeypatch.setattr(bulk, "_work", crash_on_marked)
    with session_for(db_url) as s:
        reports = list(intake.load_paths(session=s, paths=[folder], check=True, jobs=2))
    assert [r.file for r in reports] == ["CRASH.pdf", "targets.txt", "zz.docx"]
    crashed, *rest = reports
    assert crashed.error is not None and "崩溃" in crashed.error
    assert crashed.added == 0
    assert [r.error for r in rest] == [None, None]
    assert rest[0].added == 6 and rest[1].added + rest[1].unchanged + rest[1].versions == 1


def test_cli_load_reports_the_crash_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(INPUTS / "wuhu-2024-laomo-fuwu.xlsx", folder / "CRASH.xlsx")
    shutil.copy(EXAMPLE, folder / "targets.txt")
    monkeypatch.setattr(bulk, "_work", crash_on_marked)
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = CliRunner().invoke(cli_app, ["db", "load", str(folder), "--db", url, "-j", "2"])
    assert result.exit_code == 1
    assert "CRASH.xlsx: 失败" in result.output
    assert "targets.txt: 新增 6 张" in result.output


def _template(folder: Path) -> Path:
    """Given a folder, write the self-evaluation template of the example and fill one actual."""
    from openpyxl import load_workbook

    from jixiao.export.selfeval_template import FIRST_ROW, META_SHEET, write_selfeval_template

    blank, done = folder / "blank.xlsx", folder / "自评-已填.xlsx"
    write_selfeval_template(read_path(EXAMPLE).tables, blank)
    wb = load_workbook(blank)
    sheet = next(ws for ws in wb.worksheets if ws.title != META_SHEET)
    sheet.cell(FIRST_ROW, 5, 3)
    wb.save(done)
    blank.unlink()
    return done


def test_a_filled_template_is_read_and_loaded_as_self_evaluations(
    db_url: str, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    from jixiao.ingest.formats import sniff
    from jixiao.ingest.selfeval_template import read_selfeval_workbook

    done = _template(tmp_path)
    assert sniff(done.read_bytes(), done.name) == "selfeval-template"
    parsed = read_path(done)
    assert parsed.tables == read_selfeval_workbook(done)
    assert [t.kind for t in parsed.tables] == ["self_evaluation"] * 6
    assert parsed.tables[0].indicators[0].actual is not None
    # A workbook that merely has a sheet of that name is an ordinary workbook.
    other = tmp_path / "other.xlsx"
    wb = Workbook()
    wb.create_sheet("_jixiao")["A1"] = "备注"
    wb.save(other)
    assert sniff(other.read_bytes(), other.name) == "xlsx"
    with session_for(db_url) as s:
        (report,) = intake.load_paths(session=s, paths=[done], check=False)
        assert report.error is None and report.added == 6
        kinds = {t.kind for t in repo.list_tables(session=s)}
    assert kinds == {"self_evaluation"}
