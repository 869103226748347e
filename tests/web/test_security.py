"""Safety: CSRF, login rate limit, cookie flags, escaping, upload limits, no cross-unit leaks."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

from fastapi.testclient import TestClient
from webhelp import (
    EXAMPLE_PATH,
    OTHER_UNIT,
    PASSWORD,
    Site,
    api_token,
    build_site,
    csrf_of,
    login,
)

from jixiao.app.review import default_checker
from jixiao.ingest import read_path
from jixiao.model.values import parse_value
from jixiao.store.db import session_scope
from jixiao.store.load import load_tables

XSS = "<script>alert('x')</script>"


def _upload(client: TestClient, name: str, data: bytes) -> dict:
    headers = api_token(client, "clerk")
    r = client.post("/api/files", files={"file": (name, data)}, headers=headers)
    return {"status": r.status_code, **r.json()}


def test_form_without_csrf_token_is_refused(site: Site) -> None:
    client = login(site.client(), "clerk")
    table = site.ids["own"]["draft"]
    r = client.post(f"/tables/{table}/action", data={"action": "submit"}, follow_redirects=False)
    assert r.status_code == 403
    r = client.post(
        f"/tables/{table}/action",
        data={"action": "submit", "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert r.status_code == 403
    assert "草稿" in client.get(f"/tables/{table}").text


def test_login_form_needs_csrf_token(site: Site) -> None:
    client = site.client()
    r = client.post(
        "/login", data={"username": "clerk", "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 403


def test_login_is_rate_limited(site: Site) -> None:
    client = site.client()
    token = csrf_of(client)
    for _ in range(5):
        r = client.post(
            "/login", data={"username": "clerk", "password": "wrong-pass", "csrf_token": token}
        )
        assert r.status_code == 401
    r = client.post("/login", data={"username": "clerk", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 429
    r = client.post("/api/token", data={"username": "clerk", "password": PASSWORD})
    assert r.status_code == 429
    # Another user is not locked out by someone guessing clerk's password.
    login(site.client(), "dept")


def test_session_cookie_is_httponly_and_samesite(site: Site) -> None:
    client = site.client()
    token = csrf_of(client)
    r = client.post(
        "/login",
        data={"username": "clerk", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "script-src 'self'" in r.headers["content-security-policy"]


def test_forged_session_cookie_is_anonymous(site: Site) -> None:
    client = site.client()
    client.cookies.set("jixiao_session", "eyJ1IjoiYWRtaW4ifQ.0000")
    assert client.get("/admin", follow_redirects=False).status_code == 303


def _xss_site(site: Site) -> int:
    base = read_path(EXAMPLE_PATH).tables[0]
    first = base.indicators[0]
    evil = replace(
        base,
        project=replace(base.project, name="劳模" + XSS),
        goals=("<p>目标1</p>" + XSS,),
        indicators=(
            replace(first, name="人数" + XSS, value=parse_value(XSS)),
            *base.indicators[1:],
        ),
    )
    with session_scope(site.engine) as session:
        load_tables(session=session, tables=[evil], actor="admin", checker=default_checker())
    ids = re.findall(
        r'href="/tables/(\d+)"', login(site.client(), "admin").get("/tables?q=劳模").text
    )
    return max(int(i) for i in ids)


def test_script_in_any_cell_renders_as_text(site: Site) -> None:
    table = _xss_site(site)
    client = login(site.client(), "clerk")
    token = csrf_of(client, "/tables")
    pages = [
        client.get("/tables").text,
        client.get(f"/tables/{table}").text,
        client.get(f"/tables/{table}/edit").text,
        client.post(
            f"/tables/{table}/check",
            data={"csrf_token": token, "rows": "1", "ind-0-name": XSS, "ind-0-value": XSS},
        ).text,
        client.get(f"/tables/{table}/diff?a=1&b=1").text,
    ]
    for html in pages:
        assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in pages[1]


def test_upload_type_is_decided_by_content(site: Site) -> None:
    client = site.client()
    fake = _upload(client, "table.xlsx", b"\x00\x01\x02 not a spreadsheet \x00" * 50)
    assert fake["status"] == 415 and "按内容判断" in fake["message"]
    renamed = _upload(client, "table.pdf", EXAMPLE_PATH.read_bytes())
    assert renamed["status"] == 201 and len(renamed["found"]) == 6


def test_zip_bomb_is_refused(site: Site) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (8 * 1024 * 1024))
    result = _upload(site.client(), "bomb.xlsx", buf.getvalue())
    assert result["status"] == 422 and "压缩炸弹" in result["message"]


def test_huge_sheet_is_refused(site: Site) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr(
            "xl/worksheets/sheet1.xml", '<worksheet><dimension ref="A1:C500000"/></worksheet>'
        )
    result = _upload(site.client(), "huge.xlsx", buf.getvalue())
    assert result["status"] == 422 and "工作表过大" in result["message"]


def test_upload_size_limit(tmp_path) -> None:
    small = build_site(f"sqlite:///{tmp_path / 's.sqlite'}", example=False, max_upload_bytes=1000)
    result = _upload(small.client(), "wuhu.txt", EXAMPLE_PATH.read_bytes())
    assert result["status"] == 413 and "过大" in result["error"]


def test_no_other_unit_data_in_lists_dashboards_or_api(site: Site) -> None:
    for user in ("clerk", "dept"):
        client = login(site.client(), user)
        for page in ("/tables", "/dashboard", "/tables?q=文化馆", "/public"):
            html = client.get(page).text
            assert "文化馆劳模" not in html and "文化馆2023" not in html, (user, page)
        headers = api_token(client, user)
        names = [t["project_name"] for t in client.get("/api/tables", headers=headers).json()]
        assert names and not any(n.startswith("文化馆") for n in names)
        units = {t["implementing_unit"] for t in client.get("/api/tables", headers=headers).json()}
        assert OTHER_UNIT not in units
        dash = client.get("/api/dashboard", headers=headers).json()
        assert [d["code"] for d in dash["funds_by_department"]] == ["508"]


def test_uploading_another_units_file_reveals_nothing_stored(site: Site, tmp_path) -> None:
    from webhelp import other_unit_tables

    from jixiao.export import write

    path = tmp_path / "other.xlsx"
    write(other_unit_tables(), "xlsx", path)
    result = _upload(site.client(), "other.xlsx", path.read_bytes())
    assert result["status"] == 201
    assert result["tables"] == []  # stored, but not the clerk's: no summary comes back
    assert all(found["stored"] is None for found in result["found"])


def test_every_post_form_carries_the_csrf_token(site: Site) -> None:
    admin = login(site.client(), "admin")
    draft, approved = site.ids["own"]["draft"], site.ids["own"]["approved"]
    pages = [
        "/admin",
        "/upload",
        f"/tables/{draft}",
        f"/tables/{draft}/edit",
        f"/tables/{approved}",
        f"/tables/{approved}/adjust",
        f"/tables/{approved}/selfeval",
        f"/tables/{approved}/monitor",
    ]
    forms = 0
    for page in pages:
        html = admin.get(page).text
        token = re.search(r'data-csrf="([^"]+)"', html).group(1)
        for form in re.findall(r'<form[^>]*method="post".*?</form>', html, re.S):
            forms += 1
            assert f'name="csrf_token" value="{token}"' in form, (page, form[:120])
    assert forms >= 12
    anonymous = site.client().get("/login").text
    assert re.search(
        r'<form method="post" action="/login">\s*<input type="hidden" name="csrf_token"', anonymous
    )
