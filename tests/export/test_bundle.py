"""The department bundle: summary + every table, in xlsx, pdf and html."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from export_helpers import example_tables

from jixiao.export import write_bundle
from jixiao.export.bundle import SummaryRow
from jixiao.export.errors import ExportError
from jixiao.ingest import read_path

GRADES = [SummaryRow("优", 0, 0), SummaryRow("良", 3, 1), SummaryRow("中", 5, 2)] * 2


def test_xlsx_bundle_has_a_summary_sheet_and_one_sheet_per_project(tmp_path: Path) -> None:
    """汇总 lists projects, funds, indicator counts, grades and findings, with totals and links."""
    out = tmp_path / "508-2024.xlsx"
    done: list[int] = []
    write_bundle(example_tables(), "xlsx", out, GRADES, progress=done.append)
    assert sum(done) == 6
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 7
    ws = wb["汇总"]
    assert ws["A1"].value == "芜湖市总工会 2024年度 项目支出绩效表汇总"
    assert [c.value for c in ws[4]][:7] == [
        1,
        "2023年劳模表彰大会经费",
        "芜湖市总工会",
        "绩效目标表",
        74.5,
        74.5,
        10,
    ]
    assert ws["K5"].value == "良" and ws["L5"].value == 3
    totals = [c.value for c in ws[10]]
    assert totals[0] == "合计" and totals[4] == 533.5 and totals[6] == 59 and totals[11] == 16
    assert ws["B4"].hyperlink.location == "'2023年劳模表彰大会经费'!A1"
    # The project sheets are the ordinary export: they read back as the six tables.
    assert len(read_path(out).tables) == 6


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_bundle_has_a_contents_page_with_page_numbers(tmp_path: Path) -> None:
    """Page 1 lists the summary and each project with the page it starts on."""
    out = tmp_path / "508-2024.pdf"
    write_bundle(example_tables(), "pdf", out)
    first = subprocess.run(
        ["pdftotext", "-l", "1", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "目录" in first and "汇总表" in first
    assert "6. 职工服务中心工作经费" in first
    page8 = subprocess.run(
        ["pdftotext", "-f", "8", "-l", "8", str(out), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "职工服务中心工作经费" in page8


def test_html_bundle_is_a_static_site_with_an_index(tmp_path: Path) -> None:
    """index.html links to one page per table; each table page links back."""
    site = tmp_path / "site"
    write_bundle(example_tables(), "html", site, GRADES)
    index = (site / "index.html").read_text(encoding="utf-8")
    pages = sorted((site / "tables").glob("*.html"))
    assert len(pages) == 6
    for page in pages:
        assert f'href="tables/{page.name}"' in index
        assert 'href="../index.html"' in page.read_text(encoding="utf-8")
    assert "533.5" in index and "“中国梦劳动美”系列活动" in index
    assert read_path(pages[0]).tables[0].title == "2023年劳模表彰大会经费"


def test_bundle_rejects_mismatched_summary_rows_and_unknown_formats(tmp_path: Path) -> None:
    """Summary rows must pair with tables; only xlsx, pdf and html bundles exist."""
    with pytest.raises(ExportError):
        write_bundle(example_tables(), "xlsx", tmp_path / "x.xlsx", GRADES[:2])
    with pytest.raises(ExportError):
        write_bundle(example_tables(), "csv", tmp_path / "x.csv")
