"""Pages through a real application and database: upload, edit with live check, workflow, exports."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from webhelp import EXAMPLE_PATH, Site, build_site, csrf_of, login

from jixiao.store.db import make_engine
from jixiao.web.bootstrap import ADMIN_NAME, first_run


def _editor_form(html: str) -> dict[str, str]:
    form = dict(re.findall(r'<input name="([^"]+)" value="([^"]*)"', html))
    form.update(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', html))
    goals = re.search(r'<textarea name="goals" rows="4">(.*?)</textarea>', html, re.S)
    form["goals"] = goals.group(1) if goals else ""
    return {
        k: v.replace("&gt;", ">").replace("&lt;", "<").replace("&#34;", '"')
        for k, v in form.items()
    }


def _action(client: TestClient, table: int, action: str, **data: str) -> None:
    token = csrf_of(client, f"/tables/{table}")
    r = client.post(
        f"/tables/{table}/action",
        data={"csrf_token": token, "action": action, **data},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:400]


@pytest.fixture
def empty(tmp_path) -> Site:
    return build_site(f"sqlite:///{tmp_path / 'e.sqlite'}", example=False)


def test_upload_edit_and_review_round_trip(empty: Site) -> None:
    clerk = login(empty.client(), "clerk")
    token = csrf_of(clerk, "/upload")
    r = clerk.post(
        "/upload",
        files=[("files", ("wuhu.txt", EXAMPLE_PATH.read_bytes(), "text/plain"))],
        data={"csrf_token": token},
    )
    assert r.text.count('class="found-table"') == 6
    ids = re.findall(r'<a href="/tables/(\d+)">工人文化宫公益性活动</a>', r.text)
    table = int(ids[0])
    form = _editor_form(clerk.get(f"/tables/{table}/edit").text)
    field = next(k for k, v in form.items() if v == "开展系列活动")
    live = clerk.post(f"/tables/{table}/check", data=form)
    assert "values.not-quantified" in live.text
    form[field] = "≥10场"
    live = clerk.post(f"/tables/{table}/check", data=form)
    assert "values.not-quantified" not in live.text
    assert clerk.post(f"/tables/{table}/edit", data=form, follow_redirects=False).status_code == 303
    page = clerk.get(f"/tables/{table}").text
    assert "第 2 版" in page and "≥10场" in page and "values.not-quantified" not in page
    _action(clerk, table, "submit")
    dept = login(empty.client(), "dept")
    _action(dept, table, "dept-return", comment="请补充满意度指标的依据")
    _action(clerk, table, "submit")
    _action(dept, table, "dept-approve")
    finance = login(empty.client(), "finance")
    _action(finance, table, "finance-grade", grade="优")
    _action(finance, table, "approve")
    page = clerk.get(f"/tables/{table}").text
    steps = re.findall(r'<li data-action="([^"]+)"', page)
    assert steps == [
        "load",
        "revise",
        "submit",
        "dept-return",
        "submit",
        "dept-approve",
        "finance-grade",
        "approve",
    ]
    assert "请补充满意度指标的依据" in page and "已批复" in page
    diff = clerk.get(f"/tables/{table}/diff?a=1&b=2").text
    assert "开展系列活动" in diff and "≥10场" in diff


def test_wrong_role_or_state_is_refused_with_a_message(site: Site) -> None:
    clerk = login(site.client(), "clerk")
    table = site.ids["own"]["draft"]
    token = csrf_of(clerk, f"/tables/{table}")
    r = clerk.post(f"/tables/{table}/action", data={"csrf_token": token, "action": "approve"})
    assert r.status_code == 403
    dept = login(site.client(), "dept")
    token = csrf_of(dept, f"/tables/{table}")
    r = dept.post(f"/tables/{table}/action", data={"csrf_token": token, "action": "dept-approve"})
    assert r.status_code == 409 and "草稿" in r.text


def test_adjustment_request_and_approval(site: Site) -> None:
    table = site.ids["own"]["approved"]
    clerk = login(site.client(), "clerk")
    form = _editor_form(clerk.get(f"/tables/{table}/adjust").text)
    form["funds_total"] = "80"
    form["reason"] = "追加资金"
    assert (
        clerk.post(f"/tables/{table}/adjust", data=form, follow_redirects=False).status_code == 303
    )
    assert "调整申请中" in clerk.get(f"/tables/{table}").text
    finance = login(site.client(), "finance")
    _action(finance, table, "approve-adjustment")
    page = finance.get(f"/tables/{table}").text
    assert "已批复" in page and "追加资金" in page and "第 2 版" in page


def test_selfeval_live_scores_and_save(site: Site) -> None:
    table = site.ids["own"]["approved"]
    clerk = login(site.client(), "clerk")
    token = csrf_of(clerk, f"/tables/{table}/selfeval")
    data = {"csrf_token": token, "budget_adjusted": "104", "executed": "52"}
    half = clerk.post(f"/tables/{table}/selfeval/score", data=data).text
    data["executed"] = "104"
    full = clerk.post(f"/tables/{table}/selfeval/score", data=data).text
    score = re.compile(r"预算执行: ([\d.]+) /")
    assert float(score.search(half).group(1)) < float(score.search(full).group(1))
    r = clerk.post(f"/tables/{table}/selfeval", data=data, follow_redirects=False)
    assert r.status_code == 303
    assert "项目支出绩效自评表" in clerk.get(r.headers["location"]).text


def test_monitoring_live_warnings_and_save(site: Site) -> None:
    table = site.ids["own"]["approved"]
    clerk = login(site.client(), "clerk")
    token = csrf_of(clerk, f"/tables/{table}/monitor")
    data = {"csrf_token": token, "executed": "10", "l-0": "不可能"}
    risky = clerk.post(f"/tables/{table}/monitor/check", data=data).text
    data.update({"l-0": "确定能"})
    calm = clerk.post(f"/tables/{table}/monitor/check", data=data).text
    codes = re.compile(r'data-code="([^"]+)"')
    assert set(codes.findall(calm)) < set(codes.findall(risky))
    r = clerk.post(f"/tables/{table}/monitor", data=data, follow_redirects=False)
    assert r.status_code == 303
    assert "项目支出绩效运行监控表" in clerk.get(r.headers["location"]).text


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf", "html", "json", "csv"])
def test_every_export_downloads(site: Site, fmt: str) -> None:
    clerk = login(site.client(), "clerk")
    r = clerk.get(f"/tables/{site.ids['own']['draft']}/export/{fmt}")
    assert r.status_code == 200 and len(r.content) > 200
    assert f"table-{site.ids['own']['draft']}.{fmt}" in r.headers["content-disposition"]


def test_list_filters_search_and_finding_code(site: Site) -> None:
    admin = login(site.client(), "admin")
    everything = admin.get("/tables").text.count("<tr>\n  <td>")
    only_600 = admin.get("/tables?department=600").text
    assert "文化馆" in only_600 and "芜湖市总工会</td>" not in only_600
    found = admin.get("/tables?finding=values.not-quantified").text
    assert found.count("工人文化宫公益性活动") == 2 and "困难职工" not in found
    assert "困难职工" in admin.get("/tables?q=困难").text
    assert admin.get("/tables?status=已批复").text.count("<tr>\n  <td>") == 2 < everything


def test_dashboard_shows_figures_and_charts(site: Site) -> None:
    finance = login(site.client(), "finance")
    html = finance.get("/dashboard").text
    assert "<svg" in html and "values.vague" in html and "指标量化率" in html
    dept = login(site.client(), "dept").get("/dashboard").text
    assert "600" not in re.sub(r"\d{4}", "", dept.split("<main>")[1][:100])


def test_admin_adds_user_and_department(site: Site) -> None:
    admin = login(site.client(), "admin")
    token = csrf_of(admin, "/admin")
    r = admin.post(
        "/admin/users",
        data={
            "csrf_token": token,
            "name": "新填报人",
            "role": "clerk",
            "unit": "芜湖市文化馆",
            "password": "long-password-1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    admin.post(
        "/admin/departments",
        data={"csrf_token": token, "code": "701", "name": "芜湖市图书馆", "units": "芜湖市图书馆"},
    )
    page = admin.get("/admin").text
    assert "新填报人" in page and "芜湖市图书馆" in page
    login(site.client(), "新填报人", "long-password-1")
    admin.post("/admin/users/新填报人/active", data={"csrf_token": token, "active": "0"})
    client = site.client()
    r = client.post(
        "/login",
        data={"username": "新填报人", "password": "long-password-1", "csrf_token": csrf_of(client)},
    )
    assert r.status_code == 401


def test_first_run_loads_example_and_creates_admin_once(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'f.sqlite'}")
    password = first_run(engine)
    assert password and len(password) >= 12
    assert first_run(engine) is None
    site = build_site(f"sqlite:///{tmp_path / 'f.sqlite'}", engine=engine)
    admin = login(site.client(), ADMIN_NAME, password)
    assert admin.get("/tables").text.count('<a href="/tables/') == 6


def test_live_check_shows_why_the_grade_is_capped(empty: Site) -> None:
    # The editor's live check of a made-up edit: every "≥…" target rewritten as
    # "效果显著" (one code, most rows): the grade is capped and the reason shown.
    clerk = login(empty.client(), "clerk")
    token = csrf_of(clerk, "/upload")
    r = clerk.post(
        "/upload",
        files=[("files", ("wuhu.txt", EXAMPLE_PATH.read_bytes(), "text/plain"))],
        data={"csrf_token": token},
    )
    table = int(re.findall(r'<a href="/tables/(\d+)">芜湖市劳模综合服务资金</a>', r.text)[0])
    form = _editor_form(clerk.get(f"/tables/{table}/edit").text)
    live = clerk.post(f"/tables/{table}/check", data=form)
    assert 'id="live-grade-cap"' not in live.text
    vague = {k: "效果显著" for k, v in form.items() if v.startswith("≥")}
    assert len(vague) >= 4
    live = clerk.post(f"/tables/{table}/check", data={**form, **vague})
    assert 'id="live-grade-cap"' in live.text and "个有问题" in live.text
