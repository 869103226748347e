"""What one request wrote is what the next request reads, whichever process serves it.

A browser follows a redirect the moment it arrives, so a step must be committed
before the answer leaves; and a list count or dashboard cached by one worker process
must not outlive a write made through another.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from webhelp import EXAMPLE_PATH, Site, build_site, csrf_of, login

from jixiao.store.db import make_engine, session_scope
from jixiao.store.listing import count_tables
from jixiao.store.queries import list_tables
from jixiao.store.tables import TableRecord
from jixiao.web.routes import tables as tables_route


def _status(engine: Any, table_id: int) -> str:
    with session_scope(engine) as s:
        return str(s.scalar(select(TableRecord.status).where(TableRecord.id == table_id)))


def test_a_workflow_step_is_committed_before_its_redirect_is_sent(site: Site) -> None:
    # The browser story once saw 草稿 after 提交: the redirect went out while the
    # route's transaction was still open, and the browser's next request read the
    # table before the commit. Record what another connection reads at the moment
    # the answer starts.
    table = site.ids["own"]["draft"]
    seen: list[tuple[int, str]] = []
    app: Any = site.app

    async def spy_app(scope: Any, receive: Any, send: Any) -> None:
        async def spy(message: Any) -> None:
            if message["type"] == "http.response.start" and scope["path"].endswith("/action"):
                seen.append((message["status"], _status(site.engine, table)))
            await send(message)

        await app(scope, receive, spy)

    with TestClient(spy_app) as client:  # type: ignore[arg-type]
        login(client, "clerk")
        token = csrf_of(client, f"/tables/{table}")
        r = client.post(
            f"/tables/{table}/action",
            data={"csrf_token": token, "action": "submit"},
            follow_redirects=False,
        )
    assert r.status_code == 303
    assert seen == [(303, "已提交")]


def _count(html: str) -> int:
    found = re.search(r"共 (\d+) 张表", html)
    assert found, html[:300]
    return int(found.group(1))


def _tile(html: str) -> int:
    found = re.search(r'id="tile-tables">(\d+)<', html)
    assert found, html[:300]
    return int(found.group(1))


def test_a_write_through_one_process_is_seen_by_another_at_once(tmp_path: Path) -> None:
    # Two application instances over one database stand for two worker processes:
    # each has its own cache, and a long cache time shows that no expiry is relied on.
    url = f"sqlite:///{tmp_path / 'two.sqlite'}"
    one = build_site(url, example=False, dashboard_cache_seconds=3600)
    two = build_site(url, engine=make_engine(url), dashboard_cache_seconds=3600)
    writer = login(one.client(), "admin")
    reader = login(two.client(), "finance")
    assert _count(reader.get("/tables").text) == 0
    assert _tile(reader.get("/dashboard").text) == 0
    assert _count(reader.get("/tables?status=已提交").text) == 0

    token = csrf_of(writer, "/upload")
    with EXAMPLE_PATH.open("rb") as fh:
        files = {"files": (EXAMPLE_PATH.name, fh.read(), "text/plain")}
    assert writer.post("/upload", data={"csrf_token": token}, files=files).status_code == 200
    with session_scope(one.engine) as s:
        stored = count_tables(session=s)
    assert stored > 0
    assert _count(reader.get("/tables").text) == stored
    assert _tile(reader.get("/dashboard").text) == stored

    first = min(s.id for s in list_tables(session=Session(one.engine)))
    token = csrf_of(writer, f"/tables/{first}")
    data = {"csrf_token": token, "action": "submit"}
    assert writer.post(f"/tables/{first}/action", data=data).status_code == 200
    assert _count(reader.get("/tables?status=已提交").text) == 1
    assert "已提交" in reader.get("/dashboard").text


def test_a_cached_figure_is_reused_while_nothing_is_written(site: Site) -> None:
    # The generation check must not turn the cache off: with no write in between,
    # the second list page does not count the tables again.
    counted: list[int] = []
    original = tables_route.count_tables_matching

    def counting(**kw: Any) -> int:
        counted.append(1)
        return original(**kw)

    clerk = login(site.client(), "clerk")
    tables_route.count_tables_matching = counting  # type: ignore[assignment]
    try:
        first, second = clerk.get("/tables").text, clerk.get("/tables").text
    finally:
        tables_route.count_tables_matching = original  # type: ignore[assignment]
    assert _count(first) == _count(second) > 0
    assert len(counted) == 1
