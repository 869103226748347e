"""Details of the pages a tester tripped over: icon, labels, sorting, kept input, passwords."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from webhelp import PASSWORD, Site, build_site, csrf_of, login

import jixiao.web
from jixiao.store.db import session_scope
from jixiao.store.tables import AuditEntry


def test_the_site_icon_is_served(client: TestClient) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00"  # an ICO header
    linked = re.search(r'rel="icon" href="([^"]+)"', client.get("/login").text)
    assert linked and client.get(linked.group(1)).status_code == 200


def test_finding_filters_and_charts_name_rules_in_chinese(site: Site) -> None:
    finance = login(site.client(), "finance")
    page = finance.get("/tables").text
    select = page[page.index('name="finding"') :]
    select = select[: select.index("</select>")]
    options = re.findall(r'<option value="([^"]+)" title="([^"]+)"\s*>([^<]+)</option>', select)
    assert options, select[:300]
    for value, hover, label in options:
        assert hover == value and label != value and re.search(r"[\u4e00-\u9fff]", label)
    dashboard = finance.get("/dashboard").text
    chart = dashboard[dashboard.index("最常见的问题") :]
    chart = chart[: chart.index("</svg>")]
    bars = re.findall(
        r'<g class="bar" data-hint="([^"]+)"><title>[^<]+</title>\s*<text[^>]*>([^<]+)</text>',
        chart,
    )
    assert bars
    codes = {value for value, _, _ in options}
    for hint, label in bars:
        code = hint[hint.rindex("(") + 1 : -1]
        assert code in codes and code not in label and re.search(r"[\u4e00-\u9fff]", label)


TEMPLATES = Path(jixiao.web.__file__).parent / "templates"
CLI_HINT = re.compile(r"jixiao (?:db|users|load|check|export|serve|rules)\b|\s--[a-z]{2,}")


def test_no_page_tells_a_user_to_run_a_command() -> None:
    for template in TEMPLATES.glob("*.html"):
        assert not CLI_HINT.search(template.read_text(encoding="utf-8")), template.name


def test_rules_are_rechecked_from_the_web_page(site: Site) -> None:
    admin = login(site.client(), "admin")
    page = admin.get("/admin/rules").text
    assert not CLI_HINT.search(page)
    token = csrf_of(admin, "/admin/rules")
    r = admin.post("/admin/rules/recheck", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    site.app.state.recheck_thread.join(timeout=120)  # type: ignore[attr-defined]
    assert 'id="recheck-status"' in admin.get(r.headers["location"]).text
    with session_scope(site.engine) as s:  # type: ignore[arg-type]
        done = s.scalar(select(AuditEntry.detail).where(AuditEntry.action == "recheck"))
    assert done and done["checked"] == len(site.own_ids) + len(site.other_ids)
    clerk = login(site.client(), "clerk")
    token = csrf_of(clerk, "/tables")
    refused = clerk.post("/admin/rules/recheck", data={"csrf_token": token})
    assert refused.status_code in (403, 404)


def test_a_refused_admin_form_keeps_what_was_typed(site: Site) -> None:
    admin = login(site.client(), "admin")
    token = csrf_of(admin, "/admin")
    typed = {"name": "新填报人", "role": "clerk", "password": "long-enough-1", "department": "508"}
    r = admin.post("/admin/users", data={"csrf_token": token, **typed})
    assert r.status_code == 400
    assert "填报人须填写所属的实施单位" in r.text and not CLI_HINT.search(r.text)
    form = r.text[r.text.index('id="add-user"') :]
    assert 'value="新填报人"' in form and 'value="508"' in form
    assert '<option value="clerk" selected' in form
    assert "long-enough-1" not in r.text  # a password is never sent back

    taken = {"name": "clerk", "role": "finance-reviewer", "password": "long-enough-1"}
    r = admin.post("/admin/users", data={"csrf_token": token, **taken})
    assert r.status_code == 400 and "已存在" in r.text
    assert '<option value="finance-reviewer" selected' in r.text

    r = admin.post(
        "/admin/departments",
        data={"csrf_token": token, "code": "  ", "name": "新部门", "units": "甲单位\n乙单位"},
    )
    assert r.status_code == 400
    assert 'value="新部门"' in r.text and "甲单位\n乙单位</textarea>" in r.text


def test_an_adjustment_without_a_reason_keeps_the_edits(site: Site) -> None:
    table = site.ids["own"]["approved"]
    clerk = login(site.client(), "clerk")
    page = clerk.get(f"/tables/{table}/adjust").text
    form = dict(re.findall(r'<input name="([^"]+)" value="([^"]*)"', page))
    form.update(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page))
    form["ind-0-value"] = "≥321人"
    form["reason"] = "  "
    r = clerk.post(f"/tables/{table}/adjust", data=form)
    assert r.status_code == 400 and "申请调整必须填写理由" in r.text
    assert 'value="≥321人"' in r.text


def _can_log_in(site: Site, name: str, password: str) -> bool:
    client = site.client()
    token = csrf_of(client)
    data = {"username": name, "password": password, "csrf_token": token, "next": "/tables"}
    return client.post("/login", data=data, follow_redirects=False).status_code == 303


def test_a_user_changes_their_own_password(site: Site) -> None:
    clerk = login(site.client(), "clerk")
    assert 'href="/account"' in clerk.get("/tables").text
    token = csrf_of(clerk, "/account")

    def change(current: str, new: str, repeat: str | None = None) -> Response:
        data = {"csrf_token": token, "current": current, "new": new, "repeat": repeat or new}
        return clerk.post("/account/password", data=data)

    assert "当前密码不正确" in change("wrong-password", "new-secret-42").text
    assert "不一致" in change(PASSWORD, "new-secret-42", "new-secret-43").text
    assert "至少 8 位" in change(PASSWORD, "short").text
    done = change(PASSWORD, "new-secret-42")
    assert done.status_code == 200 and 'id="password-done"' in done.text
    assert not _can_log_in(site, "clerk", PASSWORD)
    assert _can_log_in(site, "clerk", "new-secret-42")


def test_an_administrator_resets_a_password_and_others_cannot(site: Site) -> None:
    admin = login(site.client(), "admin")
    token = csrf_of(admin, "/admin")
    assert 'action="/admin/users/dept/password"' in admin.get("/admin").text
    r = admin.post("/admin/users/dept/password", data={"csrf_token": token, "password": "x"})
    assert r.status_code == 400 and "至少 8 位" in r.text
    r = admin.post(
        "/admin/users/dept/password",
        data={"csrf_token": token, "password": "reset-by-admin-1"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert _can_log_in(site, "dept", "reset-by-admin-1") and not _can_log_in(site, "dept", PASSWORD)
    clerk = login(site.client(), "clerk")
    token = csrf_of(clerk, "/tables")
    r = clerk.post(
        "/admin/users/dept2/password", data={"csrf_token": token, "password": "taken-over-1"}
    )
    assert r.status_code in (403, 404)
    assert not _can_log_in(site, "dept2", "taken-over-1")


def _funds(html: str) -> list[Decimal]:
    body = html[html.index("<tbody>") :]
    return [Decimal(x) for x in re.findall(r'<td class="num">([\d.]+)</td>', body)]


def _ids(html: str) -> list[int]:
    body = html[html.index("<tbody>") :]
    return [int(x) for x in re.findall(r"<tr>\s*<td>(\d+)</td>", body)]


def test_the_table_list_sorts_by_any_column(site: Site) -> None:
    finance = login(site.client(), "finance")
    plain = finance.get("/tables").text
    assert _ids(plain) == sorted(_ids(plain))
    head = plain[plain.index("<thead>") : plain.index("</thead>")]
    assert 'href="/tables?sort=funds"' in head and 'aria-sort="ascending"' in head
    up = finance.get("/tables?sort=funds").text
    down = finance.get("/tables?sort=-funds").text
    assert _funds(up) == sorted(_funds(up)) and len(_funds(up)) > 3
    # Numbers, not text: 104 after 74.5 ascending (text order would put "104" first).
    assert _funds(down) == sorted(_funds(down), reverse=True)
    assert 'href="/tables?sort=-funds"' in up and 'href="/tables?sort=funds"' in down
    by_name = finance.get("/tables?sort=project&status=草稿").text
    assert "sort=-project" in by_name and "status=%E8%8D%89%E7%A8%BF" in by_name
    assert _ids(finance.get("/tables?sort=-id").text) == sorted(_ids(plain), reverse=True)
    assert _ids(finance.get("/tables?sort=nonsense").text) == _ids(plain)


def test_sorted_pages_do_not_overlap(tmp_path: Path) -> None:
    site = build_site(f"sqlite:///{tmp_path / 'pages.sqlite'}", page_size=5)
    finance = login(site.client(), "finance")
    first = finance.get("/tables?sort=-status").text
    nxt = re.search(r'href="(/tables\?[^"]*page=2[^"]*)"', first)
    assert nxt and "sort=-status" in nxt.group(1)
    second = finance.get(nxt.group(1).replace("&amp;", "&")).text
    assert not set(_ids(first)) & set(_ids(second))


def test_a_failed_login_keeps_the_name_typed(site: Site) -> None:
    client = site.client()
    data = {"username": "clerk<b>", "password": "wrong", "csrf_token": csrf_of(client, "/login")}
    r = client.post("/login", data=data)
    assert r.status_code == 401 and 'value="clerk&lt;b&gt;"' in r.text
