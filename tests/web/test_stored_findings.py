"""A web upload and an editor save store what the rules say, as ``db load`` does (issue 14).

The application hands the store its checker; the findings stored for the uploaded
example, and for the version an editor save adds, are the rules' findings on that
content with the administrator's rule set (no library: no benchmark findings).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from webhelp import EXAMPLE_PATH, Site, build_site, csrf_of, login

from jixiao.ingest import read_bytes
from jixiao.store import mapping
from jixiao.store.db import session_scope
from jixiao.store.queries import get_table
from jixiao.store.tables import TableVersion

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_review_app import _expected, _stored  # noqa: E402


@pytest.fixture
def empty(tmp_path: Path) -> Site:
    return build_site(f"sqlite:///{tmp_path / 'e.sqlite'}", example=False)


def _editor_form(html: str) -> dict[str, str]:
    form = dict(re.findall(r'<input name="([^"]+)" value="([^"]*)"', html))
    form.update(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', html))
    goals = re.search(r'<textarea name="goals" rows="4">(.*?)</textarea>', html, re.S)
    form["goals"] = goals.group(1) if goals else ""
    return {
        k: v.replace("&gt;", ">").replace("&lt;", "<").replace("&#34;", '"')
        for k, v in form.items()
    }


def test_upload_and_editor_save_store_the_rules_findings(empty: Site) -> None:
    # The administrator: every table of the file is in scope (a clerk stores only its unit's).
    client = login(empty.client(), "admin")
    token = csrf_of(client, "/upload")
    r = client.post(
        "/upload",
        files=[("files", ("wuhu.txt", EXAMPLE_PATH.read_bytes(), "text/plain"))],
        data={"csrf_token": token},
    )
    assert r.text.count('class="found-table"') == 6
    # Read as the upload names it: the findings quote the file name.
    tables = read_bytes(EXAMPLE_PATH.read_bytes(), "wuhu.txt").tables
    expected = _expected(empty.url, tables)
    assert _stored(empty.url) == expected
    # An editor save: the new version's findings are the rules' on the edited content.
    table = int(re.findall(r'<a href="/tables/(\d+)">工人文化宫公益性活动</a>', r.text)[0])
    form = _editor_form(client.get(f"/tables/{table}/edit").text)
    field = next(k for k, v in form.items() if v == "开展系列活动")
    form[field] = "≥10场"
    assert (
        client.post(f"/tables/{table}/edit", data=form, follow_redirects=False).status_code == 303
    )
    with session_scope(empty.engine) as s:
        edited = get_table(session=s, table_id=table).table
        sha = s.scalar(
            select(TableVersion.sha256).where(
                TableVersion.table_id == table, TableVersion.version == 2
            )
        )
    stored = _stored(empty.url)
    assert stored[sha] == _expected(empty.url, [edited])[mapping.content_sha256(edited)]
    assert "values.not-quantified" not in {row[0] for row in stored[sha]}
    # The other five tables kept what the upload stored.
    assert sum(stored.get(k) == v for k, v in expected.items()) == 5
