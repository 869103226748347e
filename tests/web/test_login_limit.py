"""The login rate limit is shared by every worker process: it is counted in the database.

Two applications over one database stand for two ``uvicorn`` workers (or two
servers behind a load balancer). Runs on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from webhelp import PASSWORD, SECRET, build_site, csrf_of

from jixiao.store.db import session_scope
from jixiao.store.tables import AuditEntry
from jixiao.web.app import create_app
from jixiao.web.config import WebSettings


def _two_workers(db_url: str) -> tuple[TestClient, TestClient, object]:
    site = build_site(db_url)
    other = create_app(WebSettings(database_url=db_url, secret_key=SECRET), engine=site.engine)  # type: ignore[arg-type]
    return site.client(), TestClient(other), site.engine  # type: ignore[arg-type]


def _form_login(client: TestClient, name: str, password: str) -> int:
    token = csrf_of(client)
    data = {"username": name, "password": password, "csrf_token": token}
    return client.post("/login", data=data, follow_redirects=False).status_code


def _token(client: TestClient, name: str, password: str) -> int:
    return client.post("/api/token", data={"username": name, "password": password}).status_code


def test_failures_on_one_worker_count_on_the_other(db_url: str) -> None:
    first, second, engine = _two_workers(db_url)
    for _ in range(3):
        assert _form_login(first, "clerk", "wrong-pass") == 401
    for _ in range(2):
        assert _token(second, "clerk", "wrong-pass") == 401
    # Five failures in all: both workers now refuse even the right password.
    assert _form_login(first, "clerk", PASSWORD) == 429
    assert _token(second, "clerk", PASSWORD) == 429
    assert _token(second, "dept", PASSWORD) == 200  # another user is not locked out
    with session_scope(engine) as s:  # type: ignore[arg-type]
        actions = [
            a for (a,) in s.execute(select(AuditEntry.action).where(AuditEntry.actor == "clerk"))
        ]
    assert actions.count("login.failed") == 5 and "login" not in actions


def test_a_good_login_forgives_the_failures_before_it(db_url: str) -> None:
    first, second, _ = _two_workers(db_url)
    for _ in range(4):
        assert _token(first, "clerk", "wrong-pass") == 401
    assert _form_login(second, "clerk", PASSWORD) == 303
    for _ in range(4):
        assert _token(second, "clerk", "wrong-pass") == 401
    assert _token(first, "clerk", PASSWORD) == 200


def test_one_address_guessing_many_names_is_stopped(db_url: str) -> None:
    first, second, _ = _two_workers(db_url)
    for n in range(20):
        assert _token(first if n % 2 else second, f"nobody{n}", "wrong-pass") == 401
    assert _token(first, "dept", PASSWORD) == 429
