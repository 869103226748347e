"""``jixiao export --all``: a whole database, one file per department and year (issue 8).

Runs on SQLite and on the real PostgreSQL server of tests/conftest.py, with two
worker processes as on the benchmark machine, and reads every output back.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from itertools import groupby
from pathlib import Path

import openpyxl
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from typer.testing import CliRunner

from jixiao.app.export_all import MANIFEST, export_database, export_jobs
from jixiao.cli import app
from jixiao.ingest import read_path
from jixiao.model.serialize import result_from_dict, table_to_dict
from jixiao.store import repo
from jixiao.store.db import make_engine, session_scope
from jixiao.synth import generate

N_TABLES = 90  # 23 projects over 4 years: two departments, some years with few tables


def _load(db_url: str) -> dict[tuple[str, int], list[str]]:
    """Store N_TABLES synthetic tables; return project names by (department, year)."""
    tables = [s.table for s in generate(N_TABLES, seed=11)]
    key = lambda t: (t.project.department_code, t.fiscal_year)  # noqa: E731
    groups = {k: list(g) for k, g in groupby(sorted(tables, key=key), key=key)}
    with session_scope(make_engine(db_url)) as s:
        for i, group in enumerate(groups.values()):
            repo.load_tables(session=s, tables=group, actor="t", data=b"%d" % i, name=f"{i}.txt")
    return {k: sorted(t.project.name for t in g) for k, g in groups.items()}


def _manifest(out: Path) -> list[dict[str, str]]:
    with (out / MANIFEST).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def _content(table) -> dict:
    data = table_to_dict(table.without_sources())
    data.pop("source", None)
    return data


def test_json_export_of_the_whole_database_reads_back_every_stored_table(
    db_url: str, tmp_path: Path
) -> None:
    expected = _load(db_url)
    out = tmp_path / "out"
    code, text = _run("export", "--all", "--to", "json", "-o", str(out), "--db", db_url, "-j", "2")
    assert code == 0, text
    assert f"已导出 {N_TABLES} 张表,{len(expected)} 个文件" in text
    rows = _manifest(out)
    assert {(r["部门编码"], int(r["年度"])) for r in rows} == set(expected)
    assert all(r["错误"] == "" for r in rows)
    with session_scope(make_engine(db_url)) as s:
        stored = {(t.project_name, t.fiscal_year): t.id for t in repo.list_tables(session=s)}
        for row in rows:
            path = out / row["文件"]
            assert path.parent.name == row["年度"] and path.name.startswith(row["部门编码"] + "-")
            back = result_from_dict(json.loads(path.read_text(encoding="utf-8"))).tables
            key = (row["部门编码"], int(row["年度"]))
            assert sorted(t.project.name for t in back) == expected[key]
            assert int(row["表格数"]) == len(back)
            first = back[0]
            original = repo.get_table(
                session=s, table_id=stored[(first.project.name, first.fiscal_year)]
            ).table
            assert _content(first) == _content(original)


def test_xlsx_export_of_one_year_is_a_bundle_per_department(db_url: str, tmp_path: Path) -> None:
    expected = _load(db_url)
    out = tmp_path / "x"
    code, text = _run(
        "export", "--all", "--year", "2022", "--to", "xlsx", "-o", str(out), "--db", db_url,
    )  # fmt: skip
    assert code == 0, text
    files = sorted((out / "2022").glob("*.xlsx"))
    wanted = {k: v for k, v in expected.items() if k[1] == 2022}
    assert len(files) == len(wanted) and not (out / "2021").exists()
    for path in files:
        code_ = path.name.split("-")[0]
        wb = openpyxl.load_workbook(path, read_only=True)
        assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == len(wanted[(code_, 2022)]) + 1
        names = sorted(t.project.name for t in read_path(path).tables)
        assert names == wanted[(code_, 2022)]


def test_html_export_links_every_department_site_from_one_index(
    db_url: str, tmp_path: Path
) -> None:
    expected = _load(db_url)
    with session_scope(make_engine(db_url)) as s:
        jobs = export_jobs(session=s)
    seen: list[str] = []
    results = export_database(
        url=db_url, out=tmp_path, fmt="html", jobs=jobs, workers=2,
        progress=lambda r: seen.append(r.job.department),
    )  # fmt: skip
    assert len(seen) == len(expected) and all(r.error is None for r in results)
    index = HTMLParser((tmp_path / "index.html").read_text(encoding="utf-8"))
    links = [a.attributes["href"] for a in index.css("a")]
    assert len(links) == len(expected)
    for link in links:
        site = (tmp_path / link).parent
        pages = list((site / "tables").glob("*.html"))
        year = int(site.parent.name)
        assert len(pages) == len(expected[(site.name.split("-")[0], year)])
    assert [h.text() for h in index.css("h2")] == ["2024年度", "2023年度", "2022年度", "2021年度"]


def test_a_department_that_cannot_be_written_is_reported_and_the_rest_go_on(
    tmp_path: Path,
) -> None:
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    expected = _load(db_url)
    out = tmp_path / "out"
    with session_scope(make_engine(db_url)) as s:
        jobs = export_jobs(session=s)
    # A folder where the first department's CSV should go: writing it must fail.
    blocked = out / jobs[0].relative_path("csv")
    blocked.mkdir(parents=True)
    code, text = _run("export", "--all", "--to", "csv", "-o", str(out), "--db", db_url)
    assert code == 1 and "1 个部门年度导出失败" in text
    rows = _manifest(out)
    failed = [r for r in rows if r["错误"]]
    assert len(failed) == 1 and failed[0]["部门编码"] == jobs[0].department
    written = [r for r in rows if not r["错误"]]
    assert len(written) == len(expected) - 1
    lines = Counter()
    for row in written:
        with (out / row["文件"]).open(encoding="utf-8-sig", newline="") as fh:
            lines[row["文件"]] = len({r["project_name"] for r in csv.DictReader(fh)})
        assert lines[row["文件"]] == int(row["表格数"])


def test_export_all_filters_and_refusals(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    expected = _load(db_url)
    department = sorted(expected)[0][0]
    with session_scope(make_engine(db_url)) as s:
        only = export_jobs(session=s, department=department)
        region = export_jobs(session=s, region=department)
    assert {j.department for j in only} == {department} and only == region
    assert sum(j.tables for j in only) == sum(
        len(v) for k, v in expected.items() if k[0] == department
    )
    code, text = _run("export", "--all", "-o", str(tmp_path / "o"), "--db", db_url)
    assert code == 2 and "--to" in text
    code, text = _run("export", "--all", "--year", "1999", "--to", "pdf", "--db", db_url,
                      "-o", str(tmp_path / "p"))  # fmt: skip
    assert code == 1 and "没有符合条件的表格" in text


def test_output_names_stay_inside_the_year_folder() -> None:
    from jixiao.app.export_all import ExportJob

    assert ExportJob("..", "", 2024, 1).relative_path("html").as_posix() == "2024/_.."
    assert ExportJob("5/0", "a:b", 2024, 1).relative_path("pdf").as_posix() == "2024/5_0-a_b.pdf"
    assert (
        ExportJob("508", "芜湖市总工会", 2024, 1).relative_path("xlsx").name
        == "508-芜湖市总工会.xlsx"
    )
