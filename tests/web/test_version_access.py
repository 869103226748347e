"""Which versions of a table each reader may read (issue 13.4).

A published table has a history the public must not see: the drafts before the
approval and a pending adjustment. The public reads the version in force; a logged-in
reader who may see the table reads every version of it (the unit filed them, the
reviewers judge them). A version the public may not read answers exactly like one
that does not exist.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from webhelp import Site, api_token, login, stored_content

from jixiao.store import actions
from jixiao.store.auth import resolve_actor
from jixiao.store.db import session_scope
from jixiao.store.load import save_table

DRAFT_GOAL, APPROVED_GOAL, PENDING_GOAL = "批复前的草稿目标", "批复的目标", "待审批的调整目标"


@pytest.fixture
def history(site: Site) -> int:
    """Return a table with v1-v2 (drafts), v3 (approved, in force) and v4 (pending adjustment)."""
    table_id = site.ids["own"]["draft"]
    table = stored_content(site, table_id).table
    with session_scope(site.engine) as s:
        admin = resolve_actor(session=s, name="admin")
        save_table(session=s, table=replace(table, goals=(DRAFT_GOAL,)), actor=admin)
    with session_scope(site.engine) as s:
        save_table(session=s, table=replace(table, goals=(APPROVED_GOAL,)), actor=admin)
        common = {"session": s, "table_id": table_id, "actor": "admin"}
        actions.submit(**common)
        actions.review(**common, approve=True)
        actions.grade(**common, grade="优")
        actions.approve(**common)
        actions.request_adjustment(
            **common, table=replace(table, goals=(PENDING_GOAL,)), reason="资金调减"
        )
    return table_id


def _goals(response) -> list[str]:  # noqa: ANN001 - httpx Response
    return list(response.json()["table"]["goals"])


def test_the_public_reads_only_the_version_in_force(site: Site, history: int) -> None:
    with site.client() as anon:
        current = anon.get(f"/api/tables/{history}")
        same = anon.get(f"/api/tables/{history}?version=3")
        drafts = [anon.get(f"/api/tables/{history}?version={n}") for n in (1, 2, 4, 99)]
    assert current.status_code == 200 and _goals(current) == [APPROVED_GOAL]
    assert current.json()["summary"]["status"] == "调整申请中"
    assert same.status_code == 200 and _goals(same) == [APPROVED_GOAL]
    # v1 and v2 (drafts before the approval), v4 (the pending adjustment), v99 (none):
    # one answer for all, nothing to tell them apart.
    assert [r.status_code for r in drafts] == [404] * 4
    assert len({r.text for r in drafts}) == 1


@pytest.mark.parametrize("user", ["clerk", "dept", "finance", "admin"])
def test_readers_of_the_table_read_every_version(site: Site, history: int, user: str) -> None:
    with site.client() as client:
        headers = api_token(client, user)
        goals = [
            _goals(client.get(f"/api/tables/{history}?version={n}", headers=headers))
            for n in (2, 3, 4)
        ]
    assert goals == [[DRAFT_GOAL], [APPROVED_GOAL], [PENDING_GOAL]]


def test_readers_outside_the_scope_read_no_version(site: Site, history: int) -> None:
    with site.client() as client:
        headers = api_token(client, "clerk2")
        codes = [
            client.get(f"/api/tables/{history}?version={n}", headers=headers).status_code
            for n in (1, 3, 4)
        ]
    assert codes == [404, 404, 404]


def test_the_public_page_shows_the_version_in_force(site: Site, history: int) -> None:
    with site.client() as anon:
        page = anon.get(f"/public/{history}?version=4").text
        table_page = anon.get(f"/tables/{history}?version=4", follow_redirects=False)
    assert APPROVED_GOAL in page and PENDING_GOAL not in page and DRAFT_GOAL not in page
    assert table_page.status_code == 303  # the full page with versions needs a login


def test_a_reviewer_page_shows_a_pending_version(site: Site, history: int) -> None:
    with site.client() as client:
        login(client, "finance")
        page = client.get(f"/tables/{history}?version=4").text
    assert PENDING_GOAL in page
