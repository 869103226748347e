"""The login rate limit is shared by every worker process: it is counted in the database.

Two applications over one database stand for two ``uvicorn`` workers (or two
servers behind a load balancer). Runs on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from webhelp import PASSWORD, SECRET, build_site, csrf_of

from jixiao.store.db import session_scope
from jixiao.store.logins import LoginLimit, delay_after, login_wait
from jixiao.store.tables import AuditEntry, utcnow
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


def _at(client_addr: str, site_app: object) -> TestClient:
    return TestClient(site_app, client=(client_addr, 50000))  # type: ignore[arg-type]


def test_one_address_guessing_many_names_is_stopped_but_late(db_url: str) -> None:
    """An office shares one address: 20 failures there no longer lock every user out; 100 do."""
    site = build_site(db_url, example=False)
    office = _at("10.1.1.1", site.app)
    for n in range(25):
        assert _token(office, f"nobody{n}", "wrong-pass") == 401
    assert _token(office, "dept", PASSWORD) == 200
    for n in range(25, 100):
        assert _token(office, f"nobody{n}", "wrong-pass") == 401
    assert _token(office, "finance", PASSWORD) == 429
    assert _token(_at("10.1.1.2", site.app), "finance", PASSWORD) == 200


def test_a_guesser_elsewhere_does_not_lock_the_user_out_of_their_own_desk(db_url: str) -> None:
    site = build_site(db_url, example=False)
    guesser, desk = _at("203.0.113.9", site.app), _at("10.1.1.7", site.app)
    for _ in range(5):
        assert _token(guesser, "clerk", "wrong-pass") == 401
    r = guesser.post("/api/token", data={"username": "clerk", "password": PASSWORD})
    assert r.status_code == 429 and "秒后再试" in r.json()["error"]
    assert _token(desk, "clerk", PASSWORD) == 200
    page = _form_login(guesser, "clerk", PASSWORD)
    assert page == 429


def test_delays_grow_with_each_failure_up_to_a_ceiling() -> None:
    limit = LoginLimit(attempts=5, first_delay=30, max_delay=900)
    assert [delay_after(n, limit) for n in (0, 4, 5, 6, 7, 8)] == [0, 0, 30, 60, 120, 240]
    assert delay_after(40, limit) == 900


def _failures(engine: object, name: str, addr: str, ages: list[float]) -> None:
    with session_scope(engine) as s:  # type: ignore[arg-type]
        for age in ages:
            at = utcnow() - timedelta(seconds=age)
            s.add(AuditEntry(actor=name, action="login.failed", reason=addr, at=at))


def test_the_wait_runs_from_the_last_failure(db_url: str) -> None:
    site = build_site(db_url, example=False)
    limit = LoginLimit(attempts=5, first_delay=30, max_delay=900)
    # Six failures, the last 45 s ago: the sixth asks for 60 s, so 15 s remain.
    _failures(site.engine, "clerk", "10.2.2.2", [400, 300, 200, 100, 50, 45])
    with session_scope(site.engine) as s:  # type: ignore[arg-type]
        wait = login_wait(session=s, name="clerk", addr="10.2.2.2", limit=limit)
        assert 10 < wait <= 15
        assert login_wait(session=s, name="clerk", addr="10.2.2.3", limit=limit) == 0
    # Five failures, the last 45 s ago: the fifth asked for 30 s, already passed.
    _failures(site.engine, "dept", "10.2.2.2", [400, 300, 200, 100, 45])
    with session_scope(site.engine) as s:  # type: ignore[arg-type]
        assert login_wait(session=s, name="dept", addr="10.2.2.2", limit=limit) == 0


def test_a_name_guessed_from_many_addresses_still_logs_in_where_it_did_before(
    db_url: str,
) -> None:
    site = build_site(db_url, example=False)
    desk = _at("10.3.3.3", site.app)
    assert _token(desk, "clerk", PASSWORD) == 200
    with session_scope(site.engine) as s:  # type: ignore[arg-type]
        for n in range(50):
            s.add(AuditEntry(actor="clerk", action="login.failed", reason=f"198.51.100.{n}"))
    assert _token(_at("198.51.100.200", site.app), "clerk", PASSWORD) == 429
    assert _token(desk, "clerk", PASSWORD) == 200
