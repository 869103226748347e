"""The printable HTML check report: escaped, linked, and rendered by a real Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from jixiao.ingest import read_path
from jixiao.model.problems import ParseResult
from jixiao.model.values import parse_value
from jixiao.report import check_paths, check_result, render_html
from repo_files import EXAMPLE

PAYLOAD = "<script>document.body.setAttribute('data-pwned','1')</script>"


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    text = EXAMPLE.read_text("utf-8").replace("开展系列活动", PAYLOAD)
    text = text.replace("按照规定合理使用工作经费", "<p>按照规定</p>合理使用工作经费")
    source = folder / "wuhu-2024-targets.txt"
    source.write_text(text, "utf-8")
    out = folder / "report.html"
    out.write_text(render_html(check_paths([source])), "utf-8")
    return out


def test_every_table_text_is_escaped(hostile_html: Path) -> None:
    html = hostile_html.read_text("utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;document.body.setAttribute" in html
    assert "<p>按照规定" not in html


def test_findings_are_marked_on_their_rows_and_listed_with_a_link() -> None:
    run = check_paths([EXAMPLE])
    html = render_html(run)
    row_ids = set(re.findall(r'<tr [^>]*id="(t\d+-row-\d+)"', html))
    mark_ids = re.findall(r'class="finding[^"]*" data-code="[^"]+" id="(t\d+-f-\d+)"', html)
    links = re.findall(r'<a href="#(t\d+-f-\d+)">', html)
    row_findings = sum(1 for t in run.tables for f in t.report.findings if f.indicator)
    assert len(row_ids) == sum(len(t.table.indicators) for t in run.tables)
    assert len(mark_ids) == len(set(mark_ids)) >= row_findings
    assert sorted(links) == sorted(mark_ids)  # the list links every mark, once
    # the 中国梦 table's inferred 效益 rows carry their structure.level1-missing mark
    row = re.search(r'id="t5-row-4">(.*?)</tr>', html, re.S)
    assert row and 'data-code="structure.level1-missing" id="t5-f-' in row.group(1)
    assert html.count('class="checked"') == 6


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_chromium_renders_without_running_cell_scripts(hostile_html: Path, tmp_path: Path) -> None:
    args = ["chromium", "--headless", "--no-sandbox", "--disable-gpu"]
    dom = subprocess.run(
        [*args, "--dump-dom", hostile_html.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    assert "项目支出绩效目标审核报告" in dom
    assert 'data-pwned="1"' not in dom
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*args, f"--screenshot={shot}", "--window-size=1280,1800", hostile_html.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


def test_a_capped_grade_shows_its_reason() -> None:
    # A made-up variant of an example table: most rows only "效果显著" (one code, one
    # deduction), so the grade is capped and the printed report says why.
    table = read_path(EXAMPLE).tables[1]
    rows = [i for i in table.indicators if not i.not_applicable]
    vague = {id(i) for i in rows[: (len(rows) * 3 + 3) // 4]}
    table = replace(
        table,
        indicators=tuple(
            replace(i, value=parse_value("效果显著")) if id(i) in vague else i
            for i in table.indicators
        ),
    )
    run = check_result(ParseResult(tables=(table,)))
    cap = run.tables[0].report.grade_cap
    assert cap is not None and "评级最高为差" in cap
    assert f"评级上限: {cap}" in render_html(run)
