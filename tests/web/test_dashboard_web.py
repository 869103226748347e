"""The dashboard pages: drill-down, year comparison, sorting, Chinese titles, who sees what.

The site (dashhelp.py): region 500 over departments 508 and 600, department 700
outside it, 2024 everywhere and 2023 for 508. Every figure shown is checked
against the store's grid or against the table list the same reader gets.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from dashhelp import OUTSIDE, REGION, drill_site
from webhelp import Site, login

from jixiao.rules import REGISTRY
from jixiao.web.downloads import analysis_module, dataset_module
from jixiao.web.labels import finding_title


@pytest.fixture
def dsite(db_url: str) -> Site:
    return drill_site(db_url)


@pytest.fixture
def sqlite_site(tmp_path) -> Site:  # noqa: ANN001
    return drill_site(f"sqlite:///{tmp_path / 'dash.sqlite'}")


def _level(html: str) -> str:
    start = html.index('<section class="card level" id="level">')
    return html[start : html.index("</section>", start)]


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-key="([^"]+)">', _level(html))


def _cells(html: str, measure: str) -> list[str]:
    return re.findall(rf'<td class="num" data-measure="{measure}">([^<]*)<', _level(html))


def _names(html: str) -> list[str]:
    return re.findall(r'<a class="drill" href="[^"]+">([^<]+)</a>', _level(html))


def _tile(html: str, measure: str) -> str:
    found = re.search(rf'data-measure="{measure}"[^>]*>([^<]*)<', html[: html.index('id="level"')])
    assert found, measure
    return found.group(1)


def _number(text: str) -> Decimal | None:
    text = text.replace(",", "").rstrip("%")
    return None if text in ("—", "") else Decimal(text)


def test_drill_down_from_the_region_to_a_table(dsite: Site) -> None:
    finance = login(dsite.client(), "finance")
    top = finance.get("/dashboard")
    assert top.status_code == 200
    assert _names(top.text) == ["芜湖市财政局", "芜湖市图书馆"]  # by code: 500, 700
    region = finance.get(f"/dashboard?department={REGION}").text
    assert _names(region) == ["芜湖市总工会", "芜湖市文化馆"]
    assert "芜湖市财政局" in region[region.index('id="trail"') :][:600]
    department = finance.get("/dashboard?department=508").text
    units = dict(re.findall(r'<a class="drill" href="([^"]+)">([^<]+)</a>', _level(department)))
    assert sorted(units.values()) == ["芜湖市总工会", "芜湖市职工服务中心"]
    unit_url = next(u for u, n in units.items() if n == "芜湖市总工会").replace("&amp;", "&")
    unit = finance.get(unit_url).text
    links = re.findall(r'<a class="drill" href="/tables/(\d+)">', _level(unit))
    assert links and all(finance.get(f"/tables/{i}").status_code == 200 for i in links)
    # The unit's tables are those the table list shows for 508 minus the other unit's.
    listed = finance.get("/tables?department=508").text
    assert set(links) < set(re.findall(r'href="/tables/(\d+)"', listed))
    # Each level's table count is the sum of the rows below it.
    for page, below in ((top.text, region), (region, department)):
        parent = [int(n) for n in _cells(page, "tables")]
        assert int(_cells(page, "tables")[0]) == sum(int(n) for n in _cells(below, "tables"))
        assert sum(parent) == int(_tile(page, "tables"))


def test_every_measure_sorts_both_ways_on_the_server(sqlite_site: Site) -> None:
    finance = login(sqlite_site.client(), "finance")
    for key in ("tables", "funds", "quant", "grade", "exec", "findings", "selfeval"):
        for sign in ("", "-"):
            html = finance.get(f"/dashboard?view=departments&sort={sign}{key}").text
            values = [_number(v) for v in _cells(html, key)]
            present = [v for v in values if v is not None]
            assert values[: len(present)] == present  # blanks last either way
            assert present == sorted(present, reverse=sign == "-"), (key, sign, values)
            assert len(values) == 3  # 508, 600 and 700 ranked flat; 500 has no tables
    # The header link of a sorted column reverses it, and carries the level along.
    html = finance.get(f"/dashboard?department={REGION}&sort=-quant").text
    assert f'href="/dashboard?department={REGION}&amp;sort=quant"' in html
    # An unknown order is ignored rather than refused.
    assert finance.get("/dashboard?sort=drop+table").status_code == 200


def test_htmx_swaps_only_the_level(sqlite_site: Site) -> None:
    finance = login(sqlite_site.client(), "finance")
    r = finance.get("/dashboard?view=departments&sort=-findings", headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert r.text.lstrip().startswith("{#") is False and "<html" not in r.text
    assert '<section class="card level" id="level">' in r.text
    assert 'hx-target="#level"' in r.text and 'hx-push-url="true"' in r.text


def test_two_years_side_by_side(sqlite_site: Site) -> None:
    finance = login(sqlite_site.client(), "finance")
    html = finance.get("/dashboard?department=508&year=2024").text  # compares with 2023
    assert '<small class="before">2023:' in html
    assert "变化" in _level(html) and "2024 年与 2023 年对比" in html
    now = finance.get("/dashboard?department=508&year=2024&compare=none").text
    before = finance.get("/dashboard?department=508&year=2023&compare=none").text
    assert "变化" not in _level(now)
    rate_now, rate_before = _tile(now, "quant"), _tile(before, "quant")
    assert _number(rate_now) > _number(rate_before)  # 2023's values were vaguer
    tile = html[html.index('data-measure="quant"') :]
    tile = tile[: tile.index("</div>")]
    assert f"2023: {rate_before}" in tile and "个百分点" in tile
    delta = (_number(rate_now) - _number(rate_before)).quantize(Decimal("0.1"))
    assert f"+{delta} 个百分点" in tile


def test_findings_are_named_in_chinese_with_the_code_on_hover(sqlite_site: Site) -> None:
    finance = login(sqlite_site.client(), "finance")
    codes = {r.code for r in REGISTRY}
    for url in ("/dashboard", "/dashboard?department=508&unit=1"):
        html = finance.get(url).text
        named = re.findall(
            r'class="finding-title"[^>]* title="([^"]+)" data-code="[^"]+">([^<×]+)', html
        )
        assert named, url
        for code, text in named:
            assert code in codes and text == finding_title(code) != code
            assert re.search(r"[\u4e00-\u9fff]", text)
            assert code not in text
    # Each of the level's findings opens the table list filtered by it (and the department).
    html = finance.get("/dashboard?department=508&year=2024").text
    links = re.findall(r'<a class="finding-title" href="([^"]+)"', html)
    assert links and all("department=508" in u and "year=2024" in u for u in links)
    listed = finance.get(links[0].replace("&amp;", "&")).text
    assert re.search(r'href="/tables/\d+"', listed)
    region = finance.get(f"/dashboard?department={REGION}").text
    assert "department=" not in "".join(re.findall(r'class="finding-title" href="([^"]+)"', region))


def test_scopes_decide_what_each_reader_sees(sqlite_site: Site) -> None:
    site = sqlite_site
    dept = login(site.client(), "dept")
    html = dept.get("/dashboard").text
    # One department: the page opens at its units.
    assert sorted(_names(html)) == ["芜湖市总工会", "芜湖市职工服务中心"]
    assert dept.get("/dashboard?department=600").status_code == 404
    assert dept.get(f"/dashboard?department={OUTSIDE}").status_code == 404
    assert dept.get("/dashboard?department=nosuch").status_code == 404
    tables = re.findall(r'href="/tables/(\d+)"', dept.get("/tables?page=1").text)
    assert int(_tile(html, "tables")) >= len(set(tables))
    clerk = login(site.client(), "clerk")
    html = clerk.get("/dashboard").text
    assert "芜湖市文化馆" not in _level(html) and "芜湖市图书馆" not in _level(html)
    # The public: published tables only, neither grades nor findings.
    public = site.client().get("/dashboard")
    assert public.status_code == 200
    listed = site.client().get("/public").text
    published = int(re.search(r"共 (\d+) 张", listed).group(1))  # type: ignore[union-attr]
    assert int(_tile(public.text, "tables")) == published > 0
    assert "finding-title" not in public.text and "平均评级" not in public.text
    assert "values." not in public.text and "问题数" not in public.text
    for dept_url in re.findall(r'<a class="drill" href="([^"]+)"', _level(public.text)):
        page = site.client().get(dept_url.replace("&amp;", "&"))
        assert page.status_code == 200 and "/tables/" not in _level(page.text)


def test_downloads_follow_the_use_cases_present(sqlite_site: Site) -> None:
    finance = login(sqlite_site.client(), "finance")
    html = finance.get("/dashboard?year=2024").text
    if dataset_module() is None:
        assert "/downloads/dataset.zip" not in html
        assert finance.get("/downloads/dataset.zip").status_code == 404
    else:
        assert "/downloads/dataset.zip?year=2024" in html
    if analysis_module() is None:
        assert "/downloads/report" not in html
        assert finance.get("/downloads/report.html?year=2024").status_code == 404
    else:
        assert "/downloads/report.pdf?year=2024" in html
        # The report names findings: never for the public.
        anonymous = sqlite_site.client().get(
            "/downloads/report.html?year=2024", follow_redirects=False
        )
        assert anonymous.status_code == 303 and "/login" in anonymous.headers["location"]
        assert "/downloads/report" not in sqlite_site.client().get("/dashboard?year=2024").text


def test_the_public_dataset_holds_the_published_tables_only(sqlite_site: Site) -> None:
    pytest.importorskip("jixiao.app.dataset")
    pq = pytest.importorskip("pyarrow.parquet")
    import io
    import zipfile

    public = sqlite_site.client()
    assert "/downloads/dataset.zip" in public.get("/dashboard").text
    r = public.get("/downloads/dataset.zip")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(r.content))
    tables = pq.read_table(io.BytesIO(archive.read("tables.parquet")))
    listed = public.get("/public").text
    published = int(re.search(r"共 (\d+) 张", listed).group(1))  # type: ignore[union-attr]
    assert tables.num_rows == published == int(_tile(public.get("/dashboard").text, "tables"))
    # The review of published tables is public (issue 19 holds back only that of
    # unpublished ones); the workflow history is the office's own and stays empty.
    findings = pq.read_table(io.BytesIO(archive.read("findings.parquet")))
    public_ids = set(tables.column("table_id").to_pylist())
    assert set(findings.column("table_id").to_pylist()) <= public_ids
    events = pq.read_table(io.BytesIO(archive.read("workflow_events.parquet")))
    assert events.num_rows == 0
    # A department reviewer's dataset is its department's tables.
    dept = login(sqlite_site.client(), "dept")
    mine = zipfile.ZipFile(io.BytesIO(dept.get("/downloads/dataset.zip?year=2024").content))
    rows = pq.read_table(io.BytesIO(mine.read("tables.parquet"))).to_pylist()
    assert rows and {r["department_code"] for r in rows} == {"508"}
    assert {r["fiscal_year"] for r in rows} == {2024}


def test_the_report_covers_the_readers_scope(sqlite_site: Site) -> None:
    pytest.importorskip("jixiao.app.analysis")
    finance = login(sqlite_site.client(), "finance")
    region = finance.get(f"/downloads/report.html?year=2024&department={REGION}")
    assert region.status_code == 200 and "芜湖市总工会" in region.text
    assert "芜湖市图书馆" not in region.text  # 700 is outside region 500
    pdf = finance.get("/downloads/report.pdf?year=2024&department=508")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    dept = login(sqlite_site.client(), "dept")
    assert dept.get("/downloads/report.html?year=2024&department=600").status_code == 404
    own = dept.get("/downloads/report.html?year=2024")
    assert own.status_code == 200 and "芜湖市文化馆" not in own.text


def test_the_api_summary_still_answers(sqlite_site: Site) -> None:
    from webhelp import api_token

    with sqlite_site.client() as client:
        headers = api_token(client, "finance")
        body = client.get("/api/dashboard?year=2024", headers=headers).json()
        own = client.get("/api/dashboard?department=508", headers=headers).json()
    finance = login(sqlite_site.client(), "finance")
    assert body["tables"] == int(_tile(finance.get("/dashboard?year=2024").text, "tables"))
    assert {d["code"] for d in body["funds_by_department"]} == {"508", "600", OUTSIDE}
    assert [d["code"] for d in own["funds_by_department"]] == ["508"]
    assert body["top_findings"] and body["quantification_rate"]


def test_a_long_level_shows_the_first_rows_in_the_order_chosen(
    sqlite_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.web.routes import dashboard

    monkeypatch.setattr(dashboard, "ROW_LIMIT", 2)
    finance = login(sqlite_site.client(), "finance")
    ranked = finance.get("/dashboard?view=departments&sort=-tables").text
    everything = finance.get("/dashboard?view=departments&sort=-tables&all=1").text
    assert len(_rows(ranked)) == 2 and len(_rows(everything)) == 3
    assert _rows(everything)[:2] == _rows(ranked)
    assert 'id="row-limit"' in ranked and 'id="row-limit"' not in everything
    assert "all=1" in ranked[ranked.index('id="row-limit"') :]
