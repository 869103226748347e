"""Issue 17: cells a scan was read from with low OCR confidence are marked for a person to check.

In a real browser: the table page lists the uncertain cells, the editor marks the
fields; the clerk corrects one value and confirms one name, and the save is a new
version with an audit entry, the marks gone from what was checked and kept on the rest.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace

import pytest
from test_browser import ARGS, CHROMIUM, _login, _serve
from webhelp import Site, build_site, stored_content

from jixiao.app.review import default_checker
from jixiao.ingest import read_path
from jixiao.store.db import session_scope
from jixiao.store.load import load_tables
from jixiao.store.queries import history
from jixiao.web.bootstrap import EXAMPLE_PATH

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="apt-get install -y chromium"),
]


def _scanned_table() -> object:
    # The example's first table as an OCR read would give it when three of its
    # cells were uncertain: the first indicator's value, the second's name, and
    # both fields of the third.
    table = read_path(EXAMPLE_PATH).tables[0]
    marks = {0: ("value",), 1: ("name",), 2: ("name", "value")}
    indicators = tuple(
        replace(ind, ocr_unsure=marks.get(k, ())) for k, ind in enumerate(table.indicators)
    )
    # ... and two header cells: the total funds and the goals.
    return replace(table, indicators=indicators, ocr_unsure=("funds_total", "goals"))


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Site, int]]:
    folder = tmp_path_factory.mktemp("ocr-unsure")
    site = build_site(f"sqlite:///{folder / 'o.sqlite'}", example=False)
    with session_scope(site.engine) as session:
        report = load_tables(
            session=session, tables=(_scanned_table(),), actor="admin", checker=default_checker()
        )
    (table_id,) = report.table_ids
    assert table_id is not None
    for base in _serve(site):
        yield base, site, table_id


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def test_clerk_corrects_and_confirms_uncertain_cells(
    scanned: tuple[str, Site, int],
    browser,  # noqa: ANN001 - playwright Browser
) -> None:
    base, site, table_id = scanned
    before = stored_content(site, table_id).table  # type: ignore[attr-defined]
    first, second, _ = before.indicators[:3]
    page = browser.new_page()  # type: ignore[attr-defined]
    _login(page, base, "clerk")
    page.goto(f"{base}/tables/{table_id}")
    notice = page.locator("#ocr-notice")
    assert notice.locator("b").inner_text() == "6"  # four fields in three rows, two header cells
    listed = notice.locator("ul.ocr-unsure-list li")
    assert listed.count() == 5
    assert [listed.nth(k).inner_text() for k in (0, 1)] == ["年度资金总额", "年度目标"]
    assert f"指标值“{first.value.raw}”" in listed.nth(2).inner_text()
    assert f"名称“{second.name}”" in listed.nth(3).inner_text()

    page.click("#ocr-check-link")
    page.wait_for_url(f"**/tables/{table_id}/edit")
    marked = page.locator("input[data-ocr-unsure], textarea[data-ocr-unsure]")
    assert marked.count() == 6
    assert page.locator('input[name="funds_total"]').get_attribute("data-ocr-unsure")
    assert page.locator('textarea[name="goals"]').get_attribute("data-ocr-unsure")
    assert page.locator('input[name="funds_fiscal"]').get_attribute("data-ocr-unsure") is None
    assert page.locator('input[name="ind-0-value"]').get_attribute("data-ocr-unsure") == "value"
    assert page.locator('input[name="ind-1-name"]').get_attribute("data-ocr-unsure") == "name"
    assert page.locator('input[name="ind-3-name"]').get_attribute("data-ocr-unsure") is None
    # The first value was misread: corrected. The second name is right: confirmed.
    # The third row is left for later.
    page.fill('input[name="ind-0-value"]', "≥150人")
    page.check('input[name="ind-1-confirm"]')
    page.check('input[name="confirm-funds_total"]')  # the total is right; the goals wait
    with page.expect_navigation():
        page.click("#save")
    assert "第 2 版" in page.inner_text(".meta")
    assert page.locator("#ocr-notice ul.ocr-unsure-list li").count() == 2
    page.close()

    after = stored_content(site, table_id).table  # type: ignore[attr-defined]
    got = after.indicators
    assert (got[0].value.raw, got[0].ocr_unsure) == ("≥150人", ())
    assert (got[1].name, got[1].ocr_unsure) == (second.name, ())
    assert got[2].ocr_unsure == ("name", "value")
    assert after.ocr_unsure == ("goals",)
    assert after.funds.total == before.funds.total
    with session_scope(site.engine) as session:
        entries = history(session=session, table_id=table_id)
    assert [(e["actor"], e["version"]) for e in entries][-1] == ("clerk", 2)
