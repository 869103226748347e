"""A table read only in part shows 无法评级 with its reason, in the page and in the API."""

from __future__ import annotations

from dataclasses import replace

from webhelp import EXAMPLE_PATH, Site, api_token, login

from jixiao.ingest import read_path
from jixiao.store.auth import resolve_actor
from jixiao.store.db import session_scope
from jixiao.store.load import save_table


def _fragment(site: Site) -> int:
    # The first example table with only two of its rows: too little read to grade.
    table = read_path(EXAMPLE_PATH).tables[0]
    table = replace(
        table,
        project=replace(table.project, name="只读到两行的表"),
        indicators=table.indicators[:2],
    )
    with session_scope(site.engine) as session:
        admin = resolve_actor(session=session, name="admin")
        _, table_id = save_table(session=session, table=table, actor=admin)
    return table_id


def test_ungraded_table_page_and_api(site: Site) -> None:
    table_id = _fragment(site)
    admin = login(site.client(), "admin")
    page = admin.get(f"/tables/{table_id}")
    assert page.status_code == 200
    assert "无法评级" in page.text and "None" not in page.text.split("审核建议")[1][:80]
    report = admin.get(f"/api/tables/{table_id}/check", headers=api_token(admin, "admin")).json()[
        "tables"
    ][0]
    assert report["grade"] is None and report["grade_reason"].startswith("无法评级")
