"""A table read only in part shows 无法评级 with its reason, in the page and in the API."""

from __future__ import annotations

from dataclasses import replace

from webhelp import EXAMPLE_PATH, Site, api_token, login

from jixiao.ingest import read_path
from jixiao.model.values import parse_value
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


def test_capped_grade_reason_on_the_table_page_and_in_the_api(site: Site) -> None:
    # A made-up variant of an example table: six of its rows say only "效果显著", one
    # habit (one deduction), yet most targets cannot be measured: the cap and its reason.
    table = read_path(EXAMPLE_PATH).tables[1]
    rows = [i for i in table.indicators if not i.not_applicable]
    vague = {id(i) for i in rows[: (len(rows) * 3 + 3) // 4]}
    table = replace(
        table,
        project=replace(table.project, name="多数指标笼统的表"),
        indicators=tuple(
            replace(i, value=parse_value("效果显著")) if id(i) in vague else i
            for i in table.indicators
        ),
    )
    with session_scope(site.engine) as session:
        admin_actor = resolve_actor(session=session, name="admin")
        _, table_id = save_table(session=session, table=table, actor=admin_actor)
    admin = login(site.client(), "admin")
    report = admin.get(f"/api/tables/{table_id}/check", headers=api_token(admin, "admin")).json()[
        "tables"
    ][0]
    assert report["grade"] == "差" and "评级最高为差" in report["grade_cap"]
    page = admin.get(f"/tables/{table_id}")
    assert page.status_code == 200
    assert "评级上限: " + report["grade_cap"] in page.text
