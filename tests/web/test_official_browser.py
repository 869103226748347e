"""In a real browser: the table page shows the official form with each finding marked on its row.

Every finding of the table that names one of its indicators is drawn, visibly, inside that
indicator's row of the printed form; the others are listed under 整表问题; the public page
shows the same form without marks.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from test_browser import CHROMIUM, _login, _serve, browser  # noqa: F401 - fixture
from webhelp import Site, build_site, stored_content

from jixiao.rules import check_table

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="apt-get install -y chromium"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Site]]:
    folder = tmp_path_factory.mktemp("browser-official")
    site = build_site(f"sqlite:///{folder / 'o.sqlite'}")
    for base in _serve(site):
        yield base, site


def _table_with_loose_and_row_findings(site: Site) -> tuple[int, object]:
    for table_id in site.own_ids:
        table = stored_content(site, table_id).table  # type: ignore[attr-defined]
        findings = check_table(table).findings
        names = {i.name for i in table.indicators}
        if any(f.indicator in names for f in findings) and any(
            f.indicator is None for f in findings
        ):
            return table_id, table
    raise AssertionError("the example has a table with both kinds of finding")


def test_the_table_page_marks_findings_on_the_official_form(
    served: tuple[str, Site],
    browser,  # noqa: ANN001, F811 - playwright Browser
) -> None:
    base, site = served
    table_id, table = _table_with_loose_and_row_findings(site)
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page.set_default_timeout(90_000)
    _login(page, base, "finance")
    page.goto(f"{base}/tables/{table_id}")
    form = page.locator("#official-form")
    assert form.is_visible()
    assert "项目支出绩效目标表" in form.locator("h2.form-title").inner_text()
    grid = form.locator("table.official").bounding_box()
    assert grid is not None
    findings = check_table(table).findings
    inds = table.indicators  # type: ignore[attr-defined]
    on_rows = 0
    for n, finding in enumerate(findings, start=1):
        rows = [i for i, ind in enumerate(inds) if ind.name == finding.indicator]
        if not rows:
            loose = page.locator(f'.table-findings .finding[data-code="{finding.code}"]')
            assert loose.count() >= 1, finding.code
            continue
        mark = page.locator(f'#row-{rows[0]} .finding[data-code="{finding.code}"]')
        assert mark.count() >= 1 and mark.first.is_visible(), finding.code
        box = mark.first.bounding_box()
        assert box is not None and grid["y"] <= box["y"] <= grid["y"] + grid["height"]
        assert f"[{n}]" in mark.first.inner_text() and finding.message in mark.first.inner_text()
        assert "has-finding" in (page.locator(f"#row-{rows[0]}").get_attribute("class") or "")
        on_rows += 1
    assert on_rows >= 1
    # A flagged row is coloured, so a reviewer sees it before reading the marks.
    flagged = page.locator("#official-form tr.has-finding td:not([rowspan])").first
    plain = page.locator("#official-form tr.ind:not(.has-finding) td:not([rowspan])").first
    colour = "el => getComputedStyle(el).backgroundColor"
    assert flagged.evaluate(colour) != plain.evaluate(colour)
    page.close()


def test_the_public_page_shows_the_form_without_marks(
    served: tuple[str, Site],
    browser,  # noqa: ANN001, F811 - playwright Browser
) -> None:
    base, site = served
    table_id = site.ids["own"]["approved"]
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    page.set_default_timeout(90_000)
    page.goto(f"{base}/public/{table_id}")
    form = page.locator("#official-form")
    assert form.is_visible()
    table = stored_content(site, table_id).table  # type: ignore[attr-defined]
    assert form.locator("tr.ind").count() == len(table.indicators)
    assert page.locator(".finding").count() == 0
    page.close()
