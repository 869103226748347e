"""Sessions end on the server (issue 13.3): logout, revocation, a disabled user, a new password.

A copy of the cookie or token saved before the end is replayed by another client:
it must not work, although its signature and signed expiry are still good. Runs
on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import update
from typer.testing import CliRunner
from webhelp import PASSWORD, Site, api_token, build_site, csrf_of, login

from jixiao.cli import app as cli
from jixiao.store.db import session_scope
from jixiao.store.tables import User
from jixiao.web.auth import SESSION_COOKIE as SESSION_COOKIE_NAME


def _replay(site: Site, cookie: str) -> int:
    other = site.client()
    other.cookies.set(SESSION_COOKIE_NAME, cookie)
    return other.get("/tables", follow_redirects=False).status_code


def test_a_cookie_saved_before_logout_no_longer_works(db_url: str) -> None:
    site = build_site(db_url, example=False)
    client = login(site.client(), "clerk")
    saved = client.cookies[SESSION_COOKIE_NAME]
    assert _replay(site, saved) == 200
    r = client.post("/logout", data={"csrf_token": csrf_of(client, "/tables")})
    assert r.status_code in (200, 303)
    assert _replay(site, saved) == 303  # to the login page
    assert client.get("/tables", follow_redirects=False).status_code == 303


def test_a_token_ends_by_its_own_logout_and_by_an_administrator(db_url: str) -> None:
    site = build_site(db_url, example=False)
    client = site.client()
    token, other = api_token(client, "clerk"), api_token(client, "clerk")
    assert client.get("/api/me", headers=token).status_code == 200
    assert client.delete("/api/token", headers=token).status_code == 200
    assert client.get("/api/me", headers=token).status_code == 401
    assert client.get("/api/me", headers=other).status_code == 200  # another token lives on
    admin = api_token(client, "admin")
    listed = client.get("/api/sessions", params={"user": "clerk"}, headers=admin).json()
    assert [s["kind"] for s in listed] == ["api"] and "key" not in listed[0]
    mine = client.get("/api/sessions", headers=other).json()
    assert {s["user"] for s in mine} == {"clerk"}
    r = client.delete(f"/api/sessions/{listed[0]['id']}", headers=admin)
    assert r.status_code == 200 and r.json()["ended"] == 1
    assert client.get("/api/me", headers=other).status_code == 401


def test_a_clerk_cannot_end_or_list_someone_elses_sessions(site: Site) -> None:
    client = site.client()
    clerk, dept = api_token(client, "clerk"), api_token(client, "dept")
    assert client.get("/api/sessions", params={"user": "dept"}, headers=clerk).status_code == 403
    dept_id = client.get("/api/sessions", headers=dept).json()[0]["id"]
    assert client.delete(f"/api/sessions/{dept_id}", headers=clerk).status_code == 404
    assert client.get("/api/me", headers=dept).status_code == 200


def test_disabling_a_user_ends_their_sessions_even_after_re_enabling(site: Site) -> None:
    client = login(site.client(), "clerk")
    saved = client.cookies[SESSION_COOKIE_NAME]
    token = api_token(site.client(), "clerk")
    admin = login(site.client(), "admin")
    csrf = csrf_of(admin, "/admin")
    for active in ("", "1"):  # disable, then enable again
        r = admin.post(
            "/admin/users/clerk/active",
            data={"active": active, "csrf_token": csrf},
            follow_redirects=False,
        )
        assert r.status_code == 303
    assert _replay(site, saved) == 303
    assert TestClient(site.app).get("/api/me", headers=token).status_code == 401  # type: ignore[arg-type]


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(site: Site) -> None:
    client = login(site.client(), "clerk")
    saved = client.cookies[SESSION_COOKIE_NAME]
    token = api_token(site.client(), "clerk")
    # Whatever code changes a password (a form, the CLI, a script), the stored hash changes.
    with session_scope(site.engine) as s:  # type: ignore[arg-type]
        new_hash = PasswordHasher().hash("another-pass-7")
        s.execute(update(User).where(User.name == "clerk").values(password_hash=new_hash))
    assert _replay(site, saved) == 303
    assert site.client().get("/api/me", headers=token).status_code == 401


def test_the_cli_lists_and_revokes_a_users_tokens(site: Site) -> None:
    client = site.client()
    token = api_token(client, "clerk")
    browser = login(site.client(), "clerk")
    out = CliRunner().invoke(cli, ["users", "sessions", "clerk", "--db", site.url])
    assert out.exit_code == 0, out.output
    kinds = sorted(line.split("\t")[2] for line in out.output.splitlines())
    assert kinds == ["api", "browser"]
    out = CliRunner().invoke(cli, ["users", "revoke", "clerk", "--tokens", "--db", site.url])
    assert out.exit_code == 0 and "1 个" in out.output, out.output
    assert client.get("/api/me", headers=token).status_code == 401
    assert browser.get("/tables", follow_redirects=False).status_code == 200


def test_changing_ones_password_on_the_account_page_keeps_this_session_only(site: Site) -> None:
    here = login(site.client(), "clerk")
    elsewhere = login(site.client(), "clerk")
    saved_here = here.cookies[SESSION_COOKIE_NAME]
    token = api_token(site.client(), "clerk")
    data = {
        "csrf_token": csrf_of(here, "/account"),
        "current": PASSWORD,
        "new": "changed-pass-9",
        "repeat": "changed-pass-9",
    }
    assert here.post("/account/password", data=data).status_code == 200
    assert here.get("/tables", follow_redirects=False).status_code == 200  # goes on, new key
    assert elsewhere.get("/tables", follow_redirects=False).status_code == 303
    assert _replay(site, saved_here) == 303  # the copy of the old cookie does not
    assert site.client().get("/api/me", headers=token).status_code == 401


def test_an_administrators_reset_ends_the_users_sessions_and_tokens(site: Site) -> None:
    user = login(site.client(), "dept")
    token = api_token(site.client(), "dept")
    admin = login(site.client(), "admin")
    data = {"csrf_token": csrf_of(admin, "/admin"), "password": "reset-by-admin-2"}
    r = admin.post("/admin/users/dept/password", data=data, follow_redirects=False)
    assert r.status_code == 303
    assert user.get("/tables", follow_redirects=False).status_code == 303
    assert site.client().get("/api/me", headers=token).status_code == 401
