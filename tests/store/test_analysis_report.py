"""The analysis report (issue 19) on SQLite and on a real PostgreSQL server.

Two years of the six real Wuhu tables — 2023 a copy in which one project had less
money and a higher satisfaction target — and the real 2023 self-evaluation; a region
(a parent department over 508). The figures are checked against the tables as read
and stored, the HTML and the PDF (through pdftotext) against the figures.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import update
from storehelp import EXAMPLE, example_text, session_for
from typer.testing import CliRunner

from jixiao.app import intake
from jixiao.app.analysis import analyse, write_report
from jixiao.cli import app
from jixiao.ingest import read_path
from jixiao.report.analysis import render_html
from jixiao.store import repo
from jixiao.store.listing import add_department
from jixiao.store.tables import Department
from jixiao.store.visibility import Scope
from repo_files import REPO_ROOT

SELFEVAL = REPO_ROOT / "tests" / "fixtures" / "inputs" / "selfeval-anhui-tab.txt"
PROJECT = "2023年劳模表彰大会经费"


def _year_before(folder: Path) -> Path:
    """The example as filed a year earlier: its first project had 60万元 and aimed at ≥98%."""
    text = example_text().replace("(2024年度)", "(2023年度)")
    text = text.replace("年度资金总额:\t74.5", "年度资金总额:\t60", 1)
    text = text.replace("财政拨款\t74.5", "财政拨款\t60", 1)
    text = text.replace("≥95%", "≥98%", 1)
    path = folder / "wuhu-2023.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _hostile(folder: Path) -> Path:
    """A 2024 table of another department whose names carry markup and control characters."""
    text = example_text().replace("芜湖市总工会-508", "<script>alert(1)</script>局\x07-777")
    path = folder / "hostile.txt"
    path.write_text(text.split("## 项目支出绩效目标表")[0], encoding="utf-8")
    return path


def _database(url: str, folder: Path) -> None:
    with session_for(url) as s:
        paths = [EXAMPLE, _year_before(folder), SELFEVAL, _hostile(folder)]
        reports = list(intake.load_paths(session=s, paths=paths, actor="admin"))
        assert not any(r.error for r in reports)
        first = next(
            t.id
            for t in repo.list_tables(session=s, year=2024)
            if t.project_name == PROJECT and t.department_code == "508"
        )
        repo.submit(session=s, table_id=first, actor="admin")
        repo.review(session=s, table_id=first, actor="admin", approve=True)
        repo.grade(session=s, table_id=first, actor="admin", grade="差", comment="目标不实")
        # A region: 500 (芜湖市) above the union's department 508.
        add_department(session=s, code="500", name="芜湖市", units=[])
        s.flush()
        parent = s.query(Department).filter_by(code="500").one().id
        s.execute(update(Department).where(Department.code == "508").values(parent_id=parent))


def test_figures_follow_the_stored_tables(db_url: str, tmp_path: Path) -> None:
    _database(db_url, tmp_path)
    tables = [t for t in read_path(EXAMPLE).tables]
    applicable = [i for t in tables for i in t.indicators if not i.not_applicable]
    with session_for(db_url) as s:
        a = analyse(session=s, year=2024, department="508")
        everything = analyse(session=s, year=2024)
        region = analyse(session=s, year=2024, region="500")
        evaluated = analyse(session=s, year=2023)
        stored = [repo.get_table(session=s, table_id=t.id) for t in repo.list_tables(session=s)]
    assert a.now.tables == a.before.tables == 6
    assert a.now.funds == sum((t.funds.total for t in tables), Decimal(0))
    assert a.before.funds == a.now.funds - Decimal("14.5")  # 74.5 was 60
    quantified = sum(1 for i in applicable if i.value.is_quantitative)
    assert a.now.quantification_rate == Decimal(quantified) / len(applicable)
    # The reviewer's grade wins over the rule check's.
    assert a.now.grades["差"] >= 1 and sum(a.now.grades.values()) == 6
    # Problems by Chinese title, counted over the versions in force of 2024.
    counted: dict[str, int] = {}
    for t in stored:
        if t.summary.fiscal_year == 2024 and t.summary.department_code == "508":
            for f in t.findings:
                counted[f["code"]] = counted.get(f["code"], 0) + 1
    assert {p.code: p.findings for p in a.problems} == counted
    assert all(p.title != p.code for p in a.problems)
    # The project whose funds rose while its satisfaction target fell.
    (lowered,) = a.lowered
    assert lowered.project == PROJECT and lowered.funds_before == Decimal(60)
    assert any("≥98% → ≥95%" in line for line in lowered.indicators)
    # Subjects: a department, everything, a region (508 below 500, not 777).
    assert {d.code for d in a.departments} == {"508"}
    # The 2023 self-evaluation names its department without a code: its name stands in.
    assert {d.code for d in everything.departments} == {"508", "777", "芜湖市总工会"}
    assert [d.rank for d in everything.departments] == [1, 2, 3]
    assert everything.departments[-1].now.tables == 0  # nothing to rank it by: last
    assert {d.code for d in region.departments} == {"508"}
    assert region.subject == "地区 芜湖市 500(含下级部门)"
    # 2023: the self-evaluation's 96.1 points (优) against its (rule) grade; 95 of 100 spent.
    assert evaluated.now.execution_rate == Decimal("0.95")
    assert sum(n for s, _, n in evaluated.selfeval) == 1
    assert evaluated.selfeval[0][0] == "优"


def test_html_and_pdf(db_url: str, tmp_path: Path) -> None:
    _database(db_url, tmp_path)
    with session_for(db_url) as s:
        a = write_report(session=s, year=2024, out=tmp_path / "r.html")
        write_report(session=s, year=2024, out=tmp_path / "r.pdf")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html == render_html(a)
    assert "<svg" in html and "@page { size: A4" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    for p in a.problems[:5]:
        assert p.title in html
    assert PROJECT in html and "≥98% → ≥95%" in html
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "r.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "595.276 x 841.89" in info  # A4
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "2024 年度预算绩效分析报告" in text
    assert a.problems[0].title in text.replace("\n", "")
    assert "部门排名" in text and PROJECT in text


def test_cli_report_twin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'j.sqlite'}"
    _database(url, tmp_path)
    runner = CliRunner()
    out = tmp_path / "508.html"
    done = runner.invoke(
        app, ["report", "--year", "2024", "--department", "508", "-o", str(out), "--db", url]
    )
    assert done.exit_code == 0, done.output
    assert "芜湖市总工会" in out.read_text(encoding="utf-8")
    wrong = runner.invoke(app, ["report", "--year", "2024", "-o", str(tmp_path / "r.doc")])
    assert wrong.exit_code == 2
    both = ["report", "--year", "2024", "--department", "1", "--region", "2", "-o", str(out)]
    assert runner.invoke(app, both).exit_code == 2


def test_an_empty_scope_still_gives_a_report(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'j.sqlite'}"
    with session_for(url) as s:
        a = write_report(session=s, year=2030, out=tmp_path / "e.pdf", scope=Scope(nothing=True))
        html = render_html(a)
    assert a.now.tables == 0 and "没有表" in html and (tmp_path / "e.pdf").stat().st_size > 0


CHROMIUM = "/usr/bin/chromium"


@pytest.mark.browser
@pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="apt-get install -y chromium")
def test_html_report_prints_on_a4_in_a_real_browser(tmp_path: Path) -> None:
    """Chromium lays the page out at A4's printable width with nothing overflowing, and prints it."""
    from playwright.sync_api import sync_playwright

    url = f"sqlite:///{tmp_path / 'j.sqlite'}"
    _database(url, tmp_path)
    with session_for(url) as s:
        a = write_report(session=s, year=2024, out=tmp_path / "r.html")
    printable = 703  # px: 210 mm less the 2 × 12 mm margins of @page, at 96 dpi
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        page = browser.new_page(viewport={"width": printable, "height": 1000}, locale="zh-CN")
        page.goto((tmp_path / "r.html").as_uri())
        page.emulate_media(media="print")
        assert page.evaluate("document.documentElement.scrollWidth") <= printable
        widths = page.eval_on_selector_all(
            "svg.chart", "els => els.map(e => e.getBoundingClientRect().width)"
        )
        assert widths and all(0 < w <= printable for w in widths)
        titles = page.eval_on_selector_all("svg.chart title", "els => els.map(e => e.textContent)")
        assert f"{a.problems[0].title}({a.problems[0].code})" in titles  # the code on hover
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        browser.close()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
