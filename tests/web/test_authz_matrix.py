"""The authorisation matrix: every route × every role × a table of the own / another unit.

Each route is tried once per role with a valid request; the expected status says
what authorisation decided (2xx/303 allowed, 303 to the login page for the
anonymous browser, 401 for the anonymous script, 403 role refused, 404 table not
visible, 409 allowed but not in this state). State-changing requests run on a fresh
copy of the seeded database, so one case never sees another's change. A row may
also check what the request did to the data (``then``): an upload reusing another
unit's project name must leave that unit's table as it was, whoever uploads. The
last test fails when a route is added without a row here.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from webhelp import (
    OWN_UNIT,
    PASSWORD,
    SECRET,
    Site,
    build_site,
    filed_by,
    other_unit_tables,
    seed,
    seed_adjusting,
    stored_content,
    xlsx_bytes,
)

from jixiao.store.db import make_engine
from jixiao.store.sessions import BROWSER
from jixiao.web.auth import SESSION_COOKIE, WebSession, cookie_value, issue_token, start_session
from jixiao.web.bootstrap import EXAMPLE_PATH
from jixiao.web.config import WebSettings
from jixiao.web.downloads import analysis_module, dataset_module

ROLES = ("anon", "admin", "clerk", "dept", "finance")
CSRF = "matrix-csrf-token"
Expect = dict[str, int | tuple[int, int]]

# Shorthands: (own unit, other unit) pairs for table routes.
READ: Expect = {"anon": 303, "admin": 200, "clerk": (200, 404), "dept": (200, 404), "finance": 200}
READ_API: Expect = {
    "anon": 401,
    "admin": 200,
    "clerk": (200, 404),
    "dept": (200, 404),
    "finance": 200,
}
WRITE_UNIT: Expect = {
    "anon": 303,
    "admin": 303,
    "clerk": (303, 404),
    "dept": (403, 404),
    "finance": 403,
}
EDIT_PAGE: Expect = {
    "anon": 303,
    "admin": 200,
    "clerk": (200, 404),
    "dept": (403, 404),
    "finance": 403,
}
SELFEVAL_PAGE: Expect = {
    "anon": 303,
    "admin": 200,
    "clerk": (200, 404),
    "dept": 403,
    "finance": 403,
}
SELFEVAL_SAVE: Expect = {
    "anon": 303,
    "admin": 303,
    "clerk": (303, 404),
    "dept": 403,
    "finance": 403,
}
ADMIN_PAGE: Expect = {"anon": 303, "admin": 200, "clerk": 403, "dept": 403, "finance": 403}
ADMIN_POST: Expect = {"anon": 303, "admin": 303, "clerk": 403, "dept": 403, "finance": 403}
LOGGED_IN: Expect = {"anon": 303, "admin": 200, "clerk": 200, "dept": 200, "finance": 200}
LOGGED_IN_API: Expect = {"anon": 401, "admin": 200, "clerk": 200, "dept": 200, "finance": 200}
EVERYONE: Expect = dict.fromkeys(ROLES, 200)
# The dashboard's downloads exist in a build with the dataset and report use cases
# (jixiao.web.downloads); without them every role gets 404.
DATASET: Expect = EVERYONE if dataset_module() else dict.fromkeys(ROLES, 404)
REPORT: Expect = {**LOGGED_IN, "anon": 303} if analysis_module() else dict.fromkeys(ROLES, 404)


def _example(_: Any) -> dict[str, Any]:
    return {"files": [("files", ("wuhu.txt", EXAMPLE_PATH.read_bytes(), "text/plain"))]}


def _example_api(_: Any) -> dict[str, Any]:
    return {"files": [("file", ("wuhu.txt", EXAMPLE_PATH.read_bytes(), "text/plain"))]}


@functools.cache
def _as_another_unit() -> bytes:
    # Another unit's project (芜湖市文化馆's draft, same name and department) filed
    # by 芜湖市总工会 with another amount: the clerk's own unit, another unit's name.
    return xlsx_bytes([filed_by(other_unit_tables()[0], OWN_UNIT)])


def _as_another_unit_web(_: Any) -> dict[str, Any]:
    data = {"csrf_token": CSRF}
    return {
        "files": [("files", ("theirs.xlsx", _as_another_unit(), "application/octet-stream"))],
        "data": data,
    }


def _as_another_unit_api(_: Any) -> dict[str, Any]:
    return {"files": [("file", ("theirs.xlsx", _as_another_unit(), "application/octet-stream"))]}


def _other_unit_untouched(site: Site, before: Any) -> None:
    after = stored_content(site, site.ids["other"]["draft"])
    assert after == before, "an upload changed another unit's table"


def _other_draft(site: Site) -> Any:
    return stored_content(site, site.ids["other"]["draft"])


VERSION = "read a version"


def _form(**data: str) -> Callable[[Any], dict[str, Any]]:
    return lambda _: {"data": {"csrf_token": CSRF, **data}}


def _edit_form(site_ids: Any) -> dict[str, Any]:
    # lock_version 1: a freshly loaded draft; the matrix decides before the content matters.
    return {"data": {"csrf_token": CSRF, "lock_version": "1", "rows": "0", "goals": "目标"}}


@dataclass(frozen=True)
class Case:
    """One route: how to call it, on which table state, and what each role gets."""

    method: str
    path: str
    expect: Expect
    state: str | None = None
    body: Callable[[Any], dict[str, Any]] | None = None
    #: What the row is about, when a route has several rows.
    label: str = ""
    #: Given the site, return what ``then`` compares the site with after the request.
    before: Callable[[Site], Any] | None = None
    then: Callable[[Site, Any], None] | None = None


CASES: tuple[Case, ...] = (
    Case("GET", "/", {"anon": 303, "admin": 303, "clerk": 303, "dept": 303, "finance": 303}),
    Case("GET", "/login", EVERYONE),
    Case(
        "POST", "/login", dict.fromkeys(ROLES, 303), body=_form(username="clerk", password=PASSWORD)
    ),
    Case("POST", "/logout", dict.fromkeys(ROLES, 303), body=_form()),
    Case("GET", "/tables", LOGGED_IN),
    Case("GET", "/tables/{id}", READ, "draft"),
    Case("GET", "/tables/{id}?version=1", READ, "adjusting", label=VERSION),
    Case("GET", "/tables/{id}?version=3", READ, "adjusting", label=VERSION),
    Case("GET", "/tables/{id}/diff?a=1&b=3", READ, "adjusting", label=VERSION),
    Case("GET", "/tables/{id}/diff?a=1&b=1", READ, "draft"),
    Case("GET", "/tables/{id}/export/{fmt}", READ, "draft"),
    # Department 508's year holds a published table: everyone gets at least that one
    # (who gets which tables: tests/web/test_bundle_download.py).
    Case("GET", "/departments/{code}/{year}/export/{fmt}", EVERYONE),
    Case("GET", "/upload", {**ADMIN_PAGE, "clerk": 200}),
    Case(
        "POST",
        "/upload",
        {**ADMIN_PAGE, "clerk": 200},
        body=_as_another_unit_web,
        label="upload as another unit",
        before=_other_draft,
        then=_other_unit_untouched,
    ),
    Case(
        "POST",
        "/upload",
        {**ADMIN_PAGE, "clerk": 200},
        body=lambda _: {**_example(_), "data": {"csrf_token": CSRF}},
    ),
    Case("GET", "/tables/{id}/edit", EDIT_PAGE, "draft"),
    # The editor's 推荐指标 panel: reading suggestions is reading; adding a row is editing.
    Case("GET", "/tables/{id}/suggest", READ, "draft"),
    Case(
        "POST",
        "/tables/{id}/suggest/row",
        EDIT_PAGE,
        "draft",
        _form(rows="0", level1="产出指标", level2="数量指标", name="培训人次", value="≥100人次"),
    ),
    Case("POST", "/tables/{id}/check", {**READ, "anon": 303}, "draft", _form(rows="0")),
    Case("POST", "/tables/{id}/edit", WRITE_UNIT, "draft", _edit_form),
    Case("GET", "/tables/{id}/adjust", EDIT_PAGE, "approved"),
    Case("POST", "/tables/{id}/adjust", WRITE_UNIT, "approved", _form(rows="0", reason="资金调整")),
    Case("POST", "/tables/{id}/action", WRITE_UNIT, "draft", _form(action="submit")),
    Case("GET", "/tables/{id}/selfeval", SELFEVAL_PAGE, "approved"),
    Case("POST", "/tables/{id}/selfeval/score", SELFEVAL_PAGE, "approved", _form(executed="10")),
    Case("POST", "/tables/{id}/selfeval", SELFEVAL_SAVE, "approved", _form(executed="10")),
    Case("GET", "/tables/{id}/monitor", SELFEVAL_PAGE, "approved"),
    Case("POST", "/tables/{id}/monitor/check", SELFEVAL_PAGE, "approved", _form(executed="10")),
    Case("POST", "/tables/{id}/monitor", SELFEVAL_SAVE, "approved", _form(executed="10")),
    # The public sees the published tables only, without grades and findings (test_dashboard_web).
    Case("GET", "/dashboard", EVERYONE),
    Case("GET", "/downloads/dataset.zip?year=2024", DATASET),
    Case("GET", "/downloads/report.html?year=2024", REPORT),
    Case("GET", "/downloads/report.pdf?year=2024", REPORT),
    Case("GET", "/admin", ADMIN_PAGE),
    Case(
        "POST",
        "/admin/users",
        ADMIN_POST,
        body=_form(name="new1", role="clerk", unit="某单位", password="long-enough-1"),
    ),
    Case("POST", "/admin/users/{name}/active", ADMIN_POST, body=_form(active="0")),
    Case(
        "POST",
        "/admin/users/{name}/password",
        ADMIN_POST,
        body=_form(password="reset-by-admin-1"),
    ),
    Case("POST", "/admin/departments", ADMIN_POST, body=_form(code="700", name="新部门")),
    Case("GET", "/admin/rules", ADMIN_PAGE),
    Case("POST", "/admin/rules/recheck", ADMIN_POST, body=_form()),
    Case("GET", "/account", LOGGED_IN),
    Case(
        "POST",
        "/account/password",
        LOGGED_IN,
        body=_form(current=PASSWORD, new="another-secret-1", repeat="another-secret-1"),
    ),
    Case("GET", "/favicon.ico", EVERYONE),
    Case(
        "POST",
        "/admin/rules",
        ADMIN_POST,
        body=_form(ruleset="central-2021", enabled="values.vague"),
    ),
    Case("GET", "/public", EVERYONE),
    Case("GET", "/public/{id}", EVERYONE, "approved"),
    # The public page has no versions: a ?version= is ignored, the version in force shown.
    Case("GET", "/public/{id}?version=3", EVERYONE, "adjusting", label=VERSION),
    Case(
        "POST",
        "/api/token",
        EVERYONE,
        body=lambda _: {"data": {"username": "clerk", "password": PASSWORD}},
    ),
    Case("GET", "/api/me", LOGGED_IN_API),
    Case("DELETE", "/api/token", LOGGED_IN_API),
    Case("GET", "/api/sessions", LOGGED_IN_API),
    Case("GET", "/api/sessions?user=clerk2", {**ADMIN_PAGE, "anon": 401}),
    # {session_id}: a live session of clerk2, whom only an administrator may log out.
    Case(
        "DELETE",
        "/api/sessions/{session_id}",
        {**dict.fromkeys(ROLES, 404), "anon": 401, "admin": 200},
    ),
    Case(
        "POST",
        "/api/files",
        {"anon": 401, "admin": 201, "clerk": 201, "dept": 403, "finance": 403},
        body=_example_api,
    ),
    Case(
        "POST",
        "/api/files",
        {"anon": 401, "admin": 201, "clerk": 201, "dept": 403, "finance": 403},
        body=_as_another_unit_api,
        label="upload as another unit",
        before=_other_draft,
        then=_other_unit_untouched,
    ),
    Case("POST", "/api/check", LOGGED_IN_API, body=_example_api),
    Case("GET", "/api/tables", EVERYONE),
    Case("GET", "/api/tables/{id}", {**READ_API, "anon": 404}, "draft"),
    # Read a version of a table in adjustment: v1 a draft from before the approval,
    # v2 approved (in force), v3 a pending adjustment; the public reads v2 only.
    Case(
        "GET", "/api/tables/{id}?version=1", {**READ_API, "anon": 404}, "adjusting", label=VERSION
    ),
    Case(
        "GET", "/api/tables/{id}?version=2", {**READ_API, "anon": 200}, "adjusting", label=VERSION
    ),
    Case(
        "GET", "/api/tables/{id}?version=3", {**READ_API, "anon": 404}, "adjusting", label=VERSION
    ),
    Case("GET", "/api/tables/{id}/check", READ_API, "draft"),
    Case("GET", "/api/tables/{id}/history", READ_API, "draft"),
    Case(
        "POST",
        "/api/tables/{id}/actions/{action}",
        {"anon": 401, "admin": 200, "clerk": (200, 404), "dept": (403, 404), "finance": 403},
        "draft",
        lambda _: {"json": {}},
    ),
    Case("GET", "/api/tables/{id}/scores", READ_API, "selfeval"),
    Case("GET", "/api/tables/{id}/export/{fmt}", {**READ_API, "anon": 404}, "draft"),
    Case("GET", "/api/dashboard", LOGGED_IN_API),
    Case("GET", "/openapi.json", EVERYONE),
    Case("GET", "/docs", EVERYONE),
    Case("GET", "/docs/oauth2-redirect", EVERYONE),
)

PARAMS = [
    pytest.param(
        case,
        role,
        side,
        id=f"{case.method} {case.path} {case.label} {role} {side}".replace("  ", " "),
    )
    for case in CASES
    for role in ROLES
    for side in (("own", "other") if case.state else ("-",))
]


def _expected(case: Case, role: str, side: str) -> int:
    want = case.expect[role]
    if isinstance(want, tuple):
        return want[0] if side == "own" else want[1]
    return want


def _url(case: Case, site: Site, side: str) -> str:
    path = (
        (
            case.path.replace("{fmt}", "csv")
            .replace("{action}", "submit")
            .replace("{name}", "clerk2")
        )
        .replace("{code}", "508")
        .replace("{year}", "2024")
    )
    if case.state:
        path = path.replace("{id}", str(site.ids[side][case.state]))
    if "{session_id}" in path:
        path = path.replace("{session_id}", str(_session_id(site, "clerk2")))
    return path


def _session_id(site: Site, user: str) -> int:
    from jixiao.store.db import session_scope
    from jixiao.store.sessions import BROWSER, live_sessions, open_session

    with session_scope(site.engine) as s:  # type: ignore[arg-type]
        open_session(session=s, name=user, kind=BROWSER, seconds=3600)
        return live_sessions(session=s, name=user)[0].id


def _call(site: Site, case: Case, role: str, side: str) -> int:
    client = TestClient(site.app)  # type: ignore[arg-type]
    user = None if role == "anon" else role
    settings = WebSettings(secret_key=SECRET)
    web = WebSession(user, CSRF)
    if user:
        web.key = start_session(site.engine, user, BROWSER, 3600)
    client.cookies.set(SESSION_COOKIE, cookie_value(web, settings))
    headers = (
        {"X-CSRF-Token": CSRF} if case.method == "POST" and not case.path.startswith("/api") else {}
    )
    if case.path.startswith("/api") and user:
        headers["Authorization"] = "Bearer " + issue_token(site.engine, user, settings)
    kwargs = case.body(site) if case.body else {}
    before = case.before(site) if case.before else None
    response = client.request(
        case.method, _url(case, site, side), headers=headers, follow_redirects=False, **kwargs
    )
    if case.then is not None:
        case.then(site, before)
    return response.status_code


def _changes(case: Case, role: str, side: str) -> bool:
    # Only an allowed POST changes anything; refusals leave the shared database as it was.
    return case.method == "POST" and role != "anon" and _expected(case, role, side) < 400


class Template:
    """A seeded database copied for every state-changing case."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "template.sqlite"
        engine = make_engine(f"sqlite:///{self.path}")
        self.ids = seed(engine)
        seed_adjusting(engine, self.ids)
        engine.dispose()

    def site(self, folder: Path) -> Site:
        copy = folder / "case.sqlite"
        shutil.copyfile(self.path, copy)
        url = f"sqlite:///{copy}"
        site = build_site(url, engine=make_engine(url))
        site.ids = self.ids
        return site


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return Template(tmp_path_factory.mktemp("matrix"))


@pytest.fixture(scope="module")
def shared_site(template: Template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    yield template.site(tmp_path_factory.mktemp("shared"))


@pytest.mark.parametrize(("case", "role", "side"), PARAMS)
def test_matrix(
    case: Case, role: str, side: str, template: Template, shared_site: Site, tmp_path: Path
) -> None:
    site = template.site(tmp_path) if _changes(case, role, side) else shared_site
    assert _call(site, case, role, side) == _expected(case, role, side)


def test_every_route_is_in_the_matrix(shared_site: Site) -> None:
    app = shared_site.app
    routes = {
        (method, ctx.path.replace("{table_id}", "{id}"))
        for ctx in iter_route_contexts(app.routes)  # type: ignore[attr-defined]
        for method in (getattr(ctx, "methods", None) or ())
        if method != "HEAD"
    }
    covered = {(c.method, c.path.split("?")[0]) for c in CASES}
    assert routes - covered == set(), "routes missing from the authorisation matrix"
    assert covered - routes == set(), "matrix rows for routes that do not exist"


class PgTemplate:
    """The same seeded database on PostgreSQL; cases copy it with CREATE DATABASE … TEMPLATE."""

    def __init__(self, server: Any) -> None:
        self.server = server
        self.url = server.create_database("matrix")
        engine = make_engine(self.url)
        self.ids = seed(engine)
        seed_adjusting(engine, self.ids)
        engine.dispose()
        self.name = self.url.rsplit("/", 1)[1]
        self.count = 0

    def site(self, _: Path) -> Site:
        import psycopg

        self.count += 1
        name = f"{self.name}_c{self.count}"
        admin_url = self.server.url("postgres").replace("+psycopg", "")
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
        url = self.server.url(name)
        site = build_site(url, engine=make_engine(url, pool_size=2, max_overflow=0))
        site.ids = self.ids
        return site


@pytest.fixture(scope="module")
def pg_template(postgres_server: Any) -> PgTemplate:
    return PgTemplate(postgres_server)


@pytest.fixture(scope="module")
def pg_shared(pg_template: PgTemplate) -> Site:
    return pg_template.site(Path("."))


@pytest.mark.postgres
@pytest.mark.parametrize(("case", "role", "side"), PARAMS)
def test_matrix_postgres(
    case: Case, role: str, side: str, pg_template: PgTemplate, pg_shared: Site
) -> None:
    site = pg_template.site(Path(".")) if _changes(case, role, side) else pg_shared
    try:
        assert _call(site, case, role, side) == _expected(case, role, side)
    finally:
        if site is not pg_shared:
            site.engine.dispose()  # type: ignore[attr-defined]
