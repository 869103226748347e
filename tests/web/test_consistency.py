"""What one request wrote is what the next request reads, whichever process serves it.

A browser follows a redirect the moment it arrives, so a step must be committed
before the answer leaves; and a list count or dashboard cached by one worker process
must not outlive a write made through another.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from webhelp import Site, build_site, csrf_of, login

from jixiao.store.db import session_scope
from jixiao.store.tables import TableRecord


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
