"""Web test helpers: an application on a fresh database with the example and users of every role.

Two units: 芜湖市总工会 (department 508, the bundled example) and 芜湖市文化馆
(department 600, the same tables re-labelled), so every route can be tried on a
table of the user's own unit and of another unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from fastapi.testclient import TestClient

from jixiao.app.review import default_checker
from jixiao.ingest import read_path
from jixiao.store.auth import add_user
from jixiao.store.db import make_engine, session_scope
from jixiao.store.load import load_tables
from jixiao.web.app import create_app
from jixiao.web.bootstrap import EXAMPLE_PATH
from jixiao.web.config import WebSettings

PASSWORD = "correct-horse-9"
OWN_UNIT, OWN_DEPT = "芜湖市总工会", "508"
OTHER_UNIT, OTHER_DEPT = "芜湖市文化馆", "600"

USERS = {
    "admin": {"role": "admin"},
    "clerk": {"role": "clerk", "unit": OWN_UNIT},
    "dept": {"role": "dept-reviewer", "department": OWN_DEPT},
    "finance": {"role": "finance-reviewer"},  # no region: every table
    "clerk2": {"role": "clerk", "unit": OTHER_UNIT},
    "dept2": {"role": "dept-reviewer", "department": OTHER_DEPT},
}


@dataclass
class Site:
    """A running application with its engine and the ids of some tables.

    ``ids["own"|"other"]["draft"|"approved"|"selfeval"]``: one table of 芜湖市总工会
    and one of 芜湖市文化馆 in each state.
    """

    app: object
    engine: object
    url: str
    own_ids: list[int]
    other_ids: list[int]
    ids: dict[str, dict[str, int]]

    def client(self) -> TestClient:
        """Return a new browser-like client (its own cookie jar)."""
        return TestClient(self.app)  # type: ignore[arg-type]


def other_unit_tables() -> tuple:
    """Return the example's tables re-labelled as another unit of another department."""
    tables = read_path(EXAMPLE_PATH).tables
    return tuple(
        replace(
            t,
            project=replace(
                t.project,
                name="文化馆" + (t.project.name or ""),
                department="芜湖市文化馆",
                department_code=OTHER_DEPT,
                implementing_unit=OTHER_UNIT,
            ),
        )
        for t in tables
    )


SECRET = "test-secret-key"


def seed(engine: object, *, example: bool = True) -> dict[str, dict[str, int]]:
    """Given an engine, add the users and (optionally) both units' tables in three states."""
    with session_scope(engine) as session:
        for name, spec in USERS.items():
            add_user(session=session, name=name, password=PASSWORD, **spec)  # type: ignore[arg-type]
    if not example:
        return {}
    ids: dict[str, dict[str, int]] = {}
    for side, tables in (("own", read_path(EXAMPLE_PATH).tables), ("other", other_unit_tables())):
        with session_scope(engine) as session:
            load_tables(session=session, tables=tables, actor="admin", checker=default_checker())
        ids[side] = _states(engine, tables)
    return ids


def _states(engine: object, tables: tuple) -> dict[str, int]:
    from jixiao.store import actions
    from jixiao.store.auth import resolve_actor
    from jixiao.store.listing import Scope, summaries_for
    from jixiao.store.load import save_table
    from jixiao.web.forms import selfeval_from_form

    with session_scope(engine) as session:
        found = summaries_for(session=session, tables=tables, scope=Scope())
    draft, approved = found[0].id, found[1].id
    with session_scope(engine) as session:
        common = {"session": session, "table_id": approved, "actor": "admin"}
        actions.submit(**common)
        actions.review(**common, approve=True)
        actions.grade(**common, grade="优")
        actions.approve(**common)
        form = {"executed": "70", "budget_adjusted": "74.5", "act-0": "149人"}
        selfeval = selfeval_from_form(tables[1], form)
        admin = resolve_actor(session=session, name="admin")
        _, evaluated = save_table(
            session=session, table=selfeval, actor=admin, checker=default_checker()
        )
    return {"draft": draft, "approved": approved, "selfeval": evaluated}


def build_site(
    url: str, *, example: bool = True, engine: object = None, **settings: object
) -> Site:
    """Given a database URL, return an application with users (and the example tables)."""
    ids: dict[str, dict[str, int]] = {}
    if engine is None:
        engine = make_engine(url)
        ids = seed(engine, example=example)
    own: list[int] = []
    other: list[int] = []
    from jixiao.store.queries import list_tables

    with session_scope(engine) as session:
        for s in list_tables(session=session):
            (own if s.department_code == OWN_DEPT else other).append(s.id)
    settings.setdefault("secret_key", SECRET)
    app = create_app(WebSettings(database_url=url, **settings), engine=engine)  # type: ignore[arg-type]
    return Site(app, engine, url, own, other, ids)


def csrf_of(client: TestClient, path: str = "/login") -> str:
    """Given a client, return the CSRF token of its session (read from a page's form)."""
    html = client.get(path).text
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    """Given a client, log it in as ``name`` and return it."""
    token = csrf_of(client)
    r = client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": token, "next": "/tables"},
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:500]
    return client


def api_token(client: TestClient, name: str) -> dict[str, str]:
    """Given a client and a user name, return the Authorization header of a fresh token."""
    r = client.post("/api/token", data={"username": name, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def filed_by(table: object, unit: str, amount: str = "999") -> object:
    """Given a stored table's content, return the same project filed by ``unit`` with another amount."""
    from decimal import Decimal

    money = Decimal(amount)
    t = table  # a TargetTable
    return replace(
        t,  # type: ignore[type-var]
        project=replace(t.project, implementing_unit=unit),  # type: ignore[attr-defined]
        funds=replace(t.funds, total=money, fiscal=money),  # type: ignore[attr-defined]
        goals=("另作他用的目标",),
    )


def xlsx_bytes(tables: list) -> bytes:
    """Given tables, return them written as one xlsx file (what a unit would upload)."""
    import tempfile
    from pathlib import Path

    from jixiao.export import write

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.xlsx"
        write(tables, "xlsx", path)
        return path.read_bytes()


def stored_content(site: Site, table_id: int) -> object:
    """Given a table id, return its current stored content (read as the store sees it)."""
    from jixiao.store.queries import get_table

    with session_scope(site.engine) as session:
        return get_table(session=session, table_id=table_id)


def seed_adjusting(engine: object, ids: dict[str, dict[str, int]]) -> None:
    """Given a seeded engine, add to ``ids`` per side a table in adjustment ("adjusting").

    Its version 1 is a draft from before the approval, version 2 the approved one (in
    force) and version 3 a pending adjustment: one table with every kind of version.
    """
    from jixiao.store import actions
    from jixiao.store.auth import resolve_actor
    from jixiao.store.listing import Scope, summaries_for
    from jixiao.store.load import save_table

    for side, tables in (("own", read_path(EXAMPLE_PATH).tables), ("other", other_unit_tables())):
        table = tables[2]
        with session_scope(engine) as session:
            (found,) = summaries_for(session=session, tables=[table], scope=Scope())
            admin = resolve_actor(session=session, name="admin")
            save_table(session=session, table=replace(table, goals=("批复的目标",)), actor=admin)
            common = {"session": session, "table_id": found.id, "actor": "admin"}
            actions.submit(**common)
            actions.review(**common, approve=True)
            actions.grade(**common, grade="优")
            actions.approve(**common)
            adjusted = replace(table, goals=("待审批的调整目标",))
            actions.request_adjustment(**common, table=adjusted, reason="资金调减")
        ids[side]["adjusting"] = found.id
