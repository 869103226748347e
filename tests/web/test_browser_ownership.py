"""In a real browser: a clerk's upload reusing another unit's project name (issue 13.1).

The upload page once said "新版本 1 张" beside "未入库" while the other unit's draft
became version 2 of the clerk's content. Now the clerk sees their own new table,
linked, and the other unit's table is as it was.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from test_browser import CHROMIUM, _free_port, _login, browser  # noqa: F401 - fixture
from webhelp import OTHER_UNIT, Site, build_site, filed_by, stored_content, xlsx_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="apt-get install -y chromium"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, str]]:
    folder = tmp_path_factory.mktemp("browser-ownership")
    site = build_site(f"sqlite:///{folder / 'b.sqlite'}")
    port = _free_port()
    config = uvicorn.Config(site.app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "server did not start"
    yield site, f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_upload_reusing_another_units_name_shows_the_clerks_own_table(
    served: tuple[Site, str],
    browser,  # noqa: ANN001, F811 - playwright Browser
    tmp_path: Path,
) -> None:
    site, base = served
    owner_id = site.ids["own"]["draft"]
    before = stored_content(site, owner_id)
    upload = tmp_path / "文化馆-2024.xlsx"
    upload.write_bytes(xlsx_bytes([filed_by(before.table, OTHER_UNIT)]))
    page = browser.new_page(locale="zh-CN")
    page.set_default_timeout(90_000)
    _login(page, base, "clerk2")
    page.goto(f"{base}/upload")
    page.set_input_files("#file-input", str(upload))
    page.wait_for_selector(".upload-result")
    message = page.inner_text(".upload-message")
    summary = page.inner_text(".found-table summary")
    link = page.locator(".found-table summary a").get_attribute("href")
    page.goto(f"{base}{link}")
    shown = page.inner_text("main")
    page.close()
    assert message.startswith("找到 1 张表: 新增 1 张,新版本 0 张")
    assert "未入库" not in summary and "v1" in summary
    assert link != f"/tables/{owner_id}"
    assert OTHER_UNIT in shown and "999" in shown
    assert stored_content(site, owner_id) == before
