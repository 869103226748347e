"""The department bundle download: each reader gets the tables they may see, and no others.

Seeded site (tests/web/webhelp.py): department 508 holds the six example tables
(one approved, so published) plus a self-evaluation; department 600 the same
tables re-labelled. Runs on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest
from fastapi.testclient import TestClient
from webhelp import OWN_UNIT, Site, build_site, login

from jixiao.ingest import read_bytes
from jixiao.model.serialize import result_from_dict
from jixiao.store.db import session_scope
from jixiao.store.queries import list_tables

URL = "/departments/{code}/2024/export/{fmt}"


@pytest.fixture
def site(db_url: str) -> Site:
    return build_site(db_url)


def _client(site: Site, user: str | None) -> TestClient:
    client = TestClient(site.app)  # type: ignore[arg-type]
    return login(client, user) if user else client


def _names(site: Site, user: str | None, code: str = "508") -> list[str]:
    r = _client(site, user).get(URL.format(code=code, fmt="json"))
    assert r.status_code == 200, r.text[:300]
    return sorted(t.project.name for t in result_from_dict(json.loads(r.text)).tables)


def _stored(site: Site, code: str, **where: object) -> list[str]:
    with session_scope(site.engine) as s:  # type: ignore[arg-type]
        rows = list_tables(session=s)
    return sorted(
        r.project_name
        for r in rows
        if r.department_code == code and all(getattr(r, k) == v for k, v in where.items())
    )


def test_each_role_gets_exactly_the_tables_it_may_see(site: Site) -> None:
    everything = _stored(site, "508")
    assert len(everything) == 7  # six targets and one self-evaluation
    assert _names(site, "admin") == everything
    assert _names(site, "finance") == everything
    assert _names(site, "dept") == everything
    # The clerk of 芜湖市总工会 does not see 芜湖市职工服务中心's table of the same department.
    clerk = _names(site, "clerk")
    assert clerk == _stored(site, "508", implementing_unit=OWN_UNIT) and len(clerk) < 7
    # The public: only what is published with the budget.
    assert _names(site, None) == _stored(site, "508", status="已批复")
    # Another unit's clerk and another department's reviewer: nothing of 508, as if absent.
    for user in ("clerk2", "dept2"):
        assert _client(site, user).get(URL.format(code="508", fmt="xlsx")).status_code == 404
    assert _names(site, "dept2", code="600") == _stored(site, "600")


def test_xlsx_pdf_and_html_are_the_bundle(site: Site) -> None:
    client = _client(site, "dept")
    r = client.get(URL.format(code="508", fmt="xlsx"))
    assert r.status_code == 200 and "508-2024.xlsx" in r.headers["content-disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 8
    assert len(read_bytes(r.content, "b.xlsx").tables) == 7
    pdf = client.get(URL.format(code="508", fmt="pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    site_zip = client.get(URL.format(code="508", fmt="html"))
    assert site_zip.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(site_zip.content)).namelist()
    assert (
        "index.html" in names
        and len([n for n in names if n.endswith(".html") and n.startswith("tables/")]) == 7
    )


def test_unknown_format_year_or_department_answers_404(site: Site) -> None:
    client = _client(site, "admin")
    assert client.get(URL.format(code="508", fmt="exe")).status_code == 404
    assert client.get(URL.format(code="999", fmt="csv")).status_code == 404
    assert client.get("/departments/508/2023/export/csv").status_code == 404
    assert client.get("/departments/508/99999/export/csv").status_code == 422


def test_the_list_page_offers_the_bundle_once_department_and_year_are_chosen(site: Site) -> None:
    client = _client(site, "dept")
    assert "bundle-links" not in client.get("/tables").text
    page = client.get("/tables?department=508&year=2024").text
    assert 'href="/departments/508/2024/export/xlsx"' in page
    assert 'href="/departments/508/2024/export/html"' in page


def test_the_public_bundle_has_no_review_grades_or_findings(site: Site) -> None:
    public = _client(site, None)
    page = public.get("/public").text
    assert 'href="/departments/508/2024/export/pdf"' in page
    r = public.get(URL.format(code="508", fmt="xlsx"))
    assert r.status_code == 200
    summary = openpyxl.load_workbook(io.BytesIO(r.content))["汇总"]
    first = [c.value for c in summary[4]]
    assert first[1] and first[10:13] == [None, None, None]  # 审核等级, 问题数, 其中错误
    reviewer = _client(site, "admin").get(URL.format(code="508", fmt="xlsx"))
    rows = list(openpyxl.load_workbook(io.BytesIO(reviewer.content))["汇总"].iter_rows(min_row=4))
    assert any(row[10].value for row in rows)  # the reviewers' bundle keeps the grades
