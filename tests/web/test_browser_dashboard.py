"""The dashboard in a real browser (Debian's chromium): click down region → department →
unit → table, sort a column (htmx swaps the level, the address follows), and read the
findings by their Chinese titles with the rule's code on hover. Screenshots of the
dashboard go to docs/screenshots/ when JIXIAO_UPDATE_SCREENSHOTS=1.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from decimal import Decimal

import pytest
from dashhelp import REGION, drill_site
from test_browser import ARGS, CHROMIUM, _serve, _shot
from webhelp import PASSWORD

from jixiao.rules import REGISTRY
from jixiao.web.labels import finding_title

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="apt-get install -y chromium"),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser-dashboard")
    yield from _serve(drill_site(f"sqlite:///{folder / 'd.sqlite'}"))


@pytest.fixture(scope="module")
def page(base: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        tab = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        tab.set_default_timeout(60_000)
        tab.goto(f"{base}/login")
        tab.fill("input[name=username]", "finance")
        tab.fill("input[name=password]", PASSWORD)
        tab.click("button[type=submit]")
        tab.wait_for_url(f"{base}/tables")
        yield tab
        browser.close()


def _numbers(page, measure: str) -> list[Decimal | None]:  # noqa: ANN001
    texts = page.locator(f'#level-table td[data-measure="{measure}"]').evaluate_all(
        "tds => tds.map(td => td.firstChild ? td.firstChild.textContent.trim() : '')"
    )
    out: list[Decimal | None] = []
    for t in texts:
        t = t.replace(",", "").rstrip("%")
        out.append(None if t in ("—", "") else Decimal(t))
    return out


def test_click_down_sort_and_read_titles(base: str, page) -> None:  # noqa: ANN001
    page.goto(f"{base}/dashboard?year=2024")
    _shot(page, "09-dashboard-top.png")
    with page.expect_navigation():
        page.click("#level-table a.drill:text('芜湖市财政局')")
    assert f"department={REGION}" in page.url
    assert page.inner_text("#trail").split("›")[-1].strip().startswith("芜湖市财政局")

    # Sort by 问题数: htmx replaces the level, the page itself stays (no reload).
    page.evaluate("window.__stay = 1")
    page.click("#level-table th a[data-sort='findings']")
    page.wait_for_url(re.compile(r"sort=-findings"))
    page.wait_for_selector("#level-table th[aria-sort='descending'] a[data-sort='findings']")
    assert page.evaluate("window.__stay") == 1
    found = [v for v in _numbers(page, "findings") if v is not None]
    assert len(found) == 2 and found == sorted(found, reverse=True)
    page.click("#level-table th a[data-sort='findings']")
    page.wait_for_selector("#level-table th[aria-sort='ascending'] a[data-sort='findings']")
    found = [v for v in _numbers(page, "findings") if v is not None]
    assert found == sorted(found)
    _shot(page, "10-dashboard-region.png")

    with page.expect_navigation():
        page.click("#level-table a.drill:text('芜湖市总工会')")
    assert "department=508" in page.url
    units = page.locator("#level-table a.drill").all_inner_texts()
    assert sorted(units) == ["芜湖市总工会", "芜湖市职工服务中心"]
    with page.expect_navigation():
        page.click("#level-table a.drill:text-is('芜湖市总工会')")
    assert "unit=" in page.url

    # The unit's tables: each finding by its Chinese title, the rule's code on hover.
    titles = page.locator("#level-table .finding-title")
    assert titles.count() >= 3
    codes = {r.code for r in REGISTRY}
    for i in range(titles.count()):
        code = titles.nth(i).get_attribute("title")
        text = titles.nth(i).inner_text().split("×")[0]
        assert code in codes and text == finding_title(code) != code
    titles.first.hover()
    _shot(page, "11-dashboard-unit-tables.png")
    with page.expect_navigation():
        page.locator("#level-table a.drill").first.click()
    assert re.search(r"/tables/\d+$", page.url)


def test_department_ranking_and_year_comparison(base: str, page) -> None:  # noqa: ANN001
    page.goto(f"{base}/dashboard")
    with page.expect_navigation():
        page.click("#ranking-link")
    names = page.locator("#level-table a.drill").all_inner_texts()
    assert sorted(names) == ["芜湖市图书馆", "芜湖市总工会", "芜湖市文化馆"]
    rates = [v for v in _numbers(page, "quant") if v is not None]
    assert rates == sorted(rates, reverse=True)
    # Two years side by side: choosing 2024 compares with 2023 by default.
    page.select_option("#year-form select[name=year]", "2024")
    with page.expect_navigation():
        page.click("#year-form button")
    assert page.locator("#year-form select[name=compare]").input_value() == ""  # 上一年
    assert "2024 年与 2023 年对比" in page.inner_text("#level h2")
    assert page.locator("#level-table th a[data-sort='d_quant']").count() == 1
    _shot(page, "12-dashboard-ranking-2024-vs-2023.png")
