"""A finance reviewer's region: a department code, covering every department below it.

The seeded site has 芜湖市总工会 (department 508) and 芜湖市文化馆 (department 600).
Here 508 is put two levels below a new department 500 (500 → 550 → 508), so a
finance reviewer of region 500, 550 or 508 sees 508's tables and, like any other
role, gets 404 on 600's; one of region 600 sees the opposite; one without a region
sees everything. Runs on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from webhelp import PASSWORD, Site, api_token, build_site, csrf_of, login

from jixiao.store.auth import add_user
from jixiao.store.db import session_scope
from jixiao.store.tables import Department

REGIONS = {"fin500": "500", "fin550": "550", "fin508": "508", "fin600": "600", "finx": "999"}


@pytest.fixture
def region_site(db_url: str) -> Site:
    """Return the seeded site with 500 → 550 → 508 and finance reviewers of several regions."""
    site = build_site(db_url)
    with session_scope(site.engine) as session:
        top = Department(code="500", name="芜湖市财政局")
        session.add(top)
        session.flush()
        middle = Department(code="550", name="芜湖市群团工作部", parent_id=top.id)
        session.add(middle)
        session.flush()
        own = session.scalar(select(Department).where(Department.code == "508"))
        assert own is not None
        own.parent_id = middle.id
        for name, region in REGIONS.items():
            add_user(
                session=session,
                name=name,
                role="finance-reviewer",
                password=PASSWORD,
                region=region,
            )
    return site


def _expected(site: Site, name: str) -> tuple[set[int], set[int]]:
    """Given a finance reviewer, return (ids they must see, ids they must not)."""
    own, other = set(site.own_ids), set(site.other_ids)
    return {
        "finance": (own | other, set()),
        "fin500": (own, other),
        "fin550": (own, other),
        "fin508": (own, other),
        "fin600": (other, own),
        "finx": (set(), own | other),
    }[name]


@pytest.mark.parametrize("name", ["finance", *REGIONS])
def test_region_scopes_every_route(region_site: Site, name: str) -> None:
    seen, hidden = _expected(region_site, name)
    assert region_site.own_ids and region_site.other_ids
    with region_site.client() as client:
        headers = api_token(client, name)
        listed = {t["id"] for t in client.get("/api/tables", headers=headers).json()}
        assert listed == seen
        login(client, name)
        page = client.get("/tables")
        assert page.status_code == 200
        linked = {int(i) for i in re.findall(r'href="/tables/(\d+)"', page.text)}
        assert linked == seen
        for table_id in sorted(seen | hidden):
            want = 200 if table_id in seen else 404
            for path in (f"/tables/{table_id}", f"/tables/{table_id}/export/xlsx"):
                assert client.get(path).status_code == want, (name, path)
            for path in (f"/api/tables/{table_id}", f"/api/tables/{table_id}/history"):
                assert client.get(path, headers=headers).status_code == want, (name, path)
        board = client.get("/api/dashboard", headers=headers).json()
        assert board["tables"] == len(seen)
        assert client.get("/dashboard").status_code == 200


def test_region_dashboard_and_filters_match_the_department(region_site: Site) -> None:
    with region_site.client() as client:
        by_region = client.get("/api/dashboard", headers=api_token(client, "fin500")).json()
        by_dept = client.get("/api/dashboard", headers=api_token(client, "dept")).json()
        assert by_region == by_dept  # 500 holds only 508's tables, as its reviewer sees them
        everything = client.get("/api/dashboard", headers=api_token(client, "finance")).json()
        admin = client.get("/api/dashboard", headers=api_token(client, "admin")).json()
        assert everything == admin
        login(client, "fin500")
        options = client.get("/tables").text
        assert 'value="508"' in options and 'value="600"' not in options


def test_admin_form_sets_a_region(region_site: Site) -> None:
    with region_site.client() as admin:
        login(admin, "admin")
        token = csrf_of(admin, "/admin")
        form = {
            "csrf_token": token,
            "name": "财政甲",
            "role": "finance-reviewer",
            "password": PASSWORD,
            "region": "600",
        }
        assert admin.post("/admin/users", data=form, follow_redirects=False).status_code == 303
    with TestClient(region_site.app) as client:  # type: ignore[arg-type]
        headers = api_token(client, "财政甲")
        assert client.get("/api/me", headers=headers).json()["region"] == "600"
        listed = {t["id"] for t in client.get("/api/tables", headers=headers).json()}
        assert listed == set(region_site.other_ids)
