"""Uploads cannot touch another unit's table, and what they answer reveals nothing of it.

Issue 13.1: a clerk of 芜湖市文化馆 uploaded a file reusing a 芜湖市总工会 project
name with their own unit and 999 万元; the owner's draft became version 2 and the
result said "新版本 1 张" beside "未入库". The rule: a table is its implementing
unit's; the same name filed by another unit is that unit's own table. The answer of
an upload is compared with the answer on a database where the owner's table does not
exist: equal, so nobody learns what others filed.
"""

from __future__ import annotations

from typing import Any

import pytest
from webhelp import (
    OTHER_UNIT,
    OWN_UNIT,
    Site,
    api_token,
    build_site,
    csrf_of,
    filed_by,
    login,
    stored_content,
    xlsx_bytes,
)


def _post_api(site: Site, user: str, data: bytes) -> dict[str, Any]:
    with site.client() as client:
        r = client.post(
            "/api/files",
            headers=api_token(client, user),
            files={"file": ("upload.xlsx", data, "application/octet-stream")},
        )
    assert r.status_code == 201, r.text
    return r.json()


def _anonymised(result: dict[str, Any]) -> dict[str, Any]:
    """Given an upload result, drop what differs between two databases anyway (ids)."""
    drop = {"id", "lock_version"}

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in drop}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return clean(result)


@pytest.mark.parametrize("state", ["draft", "approved"])
def test_api_upload_reusing_another_units_project_name_files_a_table_of_its_own(
    site: Site, state: str
) -> None:
    owner_id = site.ids["own"][state]
    before = stored_content(site, owner_id)
    theirs = filed_by(before.table, OTHER_UNIT)
    result = _post_api(site, "clerk2", xlsx_bytes([theirs]))
    after = stored_content(site, owner_id)
    assert after == before  # same version, amount, goals, unit and status
    assert result["message"].startswith("找到 1 张表: 新增 1 张,新版本 0 张")
    assert result["refused"] == []
    (stored,) = result["tables"]
    assert (stored["implementing_unit"], stored["funds_total"], stored["version"]) == (
        OTHER_UNIT,
        "999",
        1,
    )
    assert stored["id"] != owner_id
    assert [f["stored"]["id"] for f in result["found"]] == [stored["id"]]


@pytest.mark.parametrize("state", ["draft", "approved"])
@pytest.mark.parametrize("claim", ["own-unit", "owners-unit"])
def test_the_answer_is_the_same_whether_or_not_the_other_unit_filed_the_name(
    site: Site, tmp_path, state: str, claim: str
) -> None:
    # "owners-unit": the file claims the owner's unit outright and is refused; the
    # refusal must read the same when the owner's table exists (before: "未变 1 张",
    # or the owner's table name and status).
    owned = stored_content(site, site.ids["own"][state]).table
    table = filed_by(owned, OTHER_UNIT) if claim == "own-unit" else owned
    data = xlsx_bytes([table])
    fresh = build_site(f"sqlite:///{tmp_path / 'fresh.sqlite'}", example=False)
    here, there = _post_api(site, "clerk2", data), _post_api(fresh, "clerk2", data)
    assert _anonymised(here) == _anonymised(there)
    assert "草稿" not in str(here["refused"]) and "已批复" not in str(here["refused"])


def test_counts_agree_with_what_each_table_shows(site: Site) -> None:
    # One table of the uploader's unit and one claiming another unit: one stored, one
    # refused; every table the counts call stored links to it, the others say 未入库.
    owned = stored_content(site, site.ids["own"]["draft"]).table
    mine = filed_by(owned, OTHER_UNIT)
    result = _post_api(site, "clerk2", xlsx_bytes([mine, owned]))
    assert result["message"] == "找到 2 张表: 新增 1 张,新版本 0 张,未变 0 张,拒绝 1 张"
    assert [f["stored"] is not None for f in result["found"]] == [True, False]
    assert len(result["refused"]) == 1 and OTHER_UNIT in result["refused"][0]


def test_the_upload_page_shows_the_uploaders_table_stored(site: Site) -> None:
    owner_id = site.ids["own"]["draft"]
    before = stored_content(site, owner_id)
    with site.client() as client:
        login(client, "clerk2")
        token = csrf_of(client, "/upload")
        r = client.post(
            "/upload",
            data={"csrf_token": token},
            files={"files": ("upload.xlsx", xlsx_bytes([filed_by(before.table, OTHER_UNIT)]))},
        )
    assert r.status_code == 200
    assert "新增 1 张,新版本 0 张" in r.text
    assert "未入库" not in r.text
    assert stored_content(site, owner_id) == before


def test_the_owner_still_revises_their_own_table(site: Site) -> None:
    owner_id = site.ids["own"]["draft"]
    owned = stored_content(site, owner_id).table
    _post_api(site, "clerk2", xlsx_bytes([filed_by(owned, OTHER_UNIT)]))
    result = _post_api(site, "clerk", xlsx_bytes([filed_by(owned, OWN_UNIT, "80")]))
    assert result["message"].startswith("找到 1 张表: 新增 0 张,新版本 1 张")
    assert [t["id"] for t in result["tables"]] == [owner_id]
    assert stored_content(site, owner_id).summary.funds_total == "80"
