"""The 推荐指标 panel of the editor: suggestions from the library, one click adds a row,
and the benchmark rules see the peers — over HTTP and in a real browser (chromium)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import ARGS, CHROMIUM, SHOTS, _login, _serve
from webhelp import Site, build_site, csrf_of, login

from jixiao.store.db import session_scope


def _with_library(site: Site) -> Site:
    from jixiao.app.library import build_library

    with session_scope(site.engine) as session:
        build_library(session=session, actor="admin", approved_only=False)
    return site


@pytest.fixture
def lib_site(db_url: str) -> Site:
    # The library's queries (peers, FTS ranking inputs) differ by back end: both are served.
    return _with_library(build_site(db_url))


def test_panel_lists_suggestions_and_similar_projects(lib_site: Site) -> None:
    draft = lib_site.ids["own"]["draft"]
    with lib_site.client() as c:
        login(c, "clerk")
        editor = c.get(f"/tables/{draft}/edit").text
        assert f'hx-get="/tables/{draft}/suggest"' in editor and "推荐指标" in editor
        panel = c.get(f"/tables/{draft}/suggest").text
    # the other unit's copy of the same project is the most similar one, never the table itself
    similar = re.findall(r"<li>(.*?) <span", panel.split('id="similar-projects"')[1])
    assert similar[0].startswith("文化馆") and len(similar) >= 3
    assert panel.count("<li data-key=") == 10
    # its own indicators are not offered again: ten others are
    assert "<b>奖励标准</b>" not in panel and "<b>劳模满意度</b>" not in panel
    assert "添加</button>" in panel


def test_add_row_returns_the_next_row_and_the_count(lib_site: Site) -> None:
    draft = lib_site.ids["own"]["draft"]
    with lib_site.client() as c:
        login(c, "clerk")
        token = csrf_of(c, f"/tables/{draft}/edit")
        data = {"rows": "13", "level1": "产出指标", "level2": "数量指标", "name": "培训人次",
                "value": "≥500人次"}  # fmt: skip
        r = c.post(f"/tables/{draft}/suggest/row", data=data, headers={"X-CSRF-Token": token})
        assert r.status_code == 200 and r.headers["HX-Trigger-After-Swap"] == "rowAdded"
        assert 'id="rows-count" type="hidden" name="rows" value="14"' in r.text
        assert 'name="ind-13-name" value="培训人次"' in r.text and "≥500人次" in r.text
        bad = c.post(f"/tables/{draft}/suggest/row", data={**data, "rows": "x"},
                     headers={"X-CSRF-Token": token})  # fmt: skip
        assert bad.status_code == 400
    with lib_site.client() as other:
        login(other, "clerk2")  # another unit's clerk may not edit this table
        token = csrf_of(other, "/tables")
        r = other.post(f"/tables/{draft}/suggest/row", data=data, headers={"X-CSRF-Token": token})
        assert r.status_code in (403, 404)


def test_without_a_library_the_panel_says_so(tmp_path: Path) -> None:
    site = build_site(f"sqlite:///{tmp_path / 'nolib.sqlite'}")
    draft = site.ids["own"]["draft"]
    with site.client() as c:
        login(c, "clerk")
        panel = c.get(f"/tables/{draft}/suggest").text
    assert "jixiao library build" in panel


@pytest.fixture(scope="module")
def lib_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Site]]:
    folder = tmp_path_factory.mktemp("browser-library")
    site = _with_library(build_site(f"sqlite:///{folder / 'l.sqlite'}"))
    for base in _serve(site):
        yield base, site


@pytest.mark.browser
@pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="apt-get install -y chromium")
def test_one_click_adds_the_row_and_saving_keeps_it(lib_server: tuple[str, Site]) -> None:
    from playwright.sync_api import sync_playwright

    from jixiao.store.queries import get_table

    base, site = lib_server
    draft = site.ids["own"]["draft"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = browser.new_page()
        _login(page, base, "clerk")
        page.goto(f"{base}/tables/{draft}/edit")
        page.wait_for_selector("#suggest #suggestions li")  # in its own place, not the live check's
        rows_before = int(page.input_value("#rows-count"))
        item = page.locator("#suggest #suggestions li:has(#suggest-add-1)")
        name = item.locator("b").inner_text()
        item.locator("#suggest-add-1").click()
        page.wait_for_selector(f"#edit-row-{rows_before}")
        assert page.input_value(f"input[name='ind-{rows_before}-name']") == name
        assert int(page.input_value("#rows-count")) == rows_before + 1
        assert page.locator("#suggest-add-1").inner_text() == "已添加"  # it cannot be added twice
        page.wait_for_load_state("networkidle")  # the live check ran again
        assert "建议评级" in page.inner_text("#live")
        assert page.locator("#suggest #suggestions li").count() == 10
        if SHOTS is not None:
            page.set_viewport_size({"width": 1400, "height": 900})
            page.locator("#suggest").scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / "editor-suggestions.png"), full_page=False)
        page.click("#save")
        page.wait_for_url(f"{base}/tables/{draft}")
        browser.close()
    with session_scope(site.engine) as session:
        stored = get_table(session=session, table_id=draft)
    assert name in [i.name for i in stored.table.indicators]
