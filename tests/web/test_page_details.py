"""Details of the pages a tester tripped over: icon, labels, sorting, kept input, passwords."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from webhelp import Site, login


def test_the_site_icon_is_served(client: TestClient) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00"  # an ICO header
    linked = re.search(r'rel="icon" href="([^"]+)"', client.get("/login").text)
    assert linked and client.get(linked.group(1)).status_code == 200


def test_finding_filters_and_charts_name_rules_in_chinese(site: Site) -> None:
    finance = login(site.client(), "finance")
    page = finance.get("/tables").text
    select = page[page.index('name="finding"') :]
    select = select[: select.index("</select>")]
    options = re.findall(r'<option value="([^"]+)" title="([^"]+)"\s*>([^<]+)</option>', select)
    assert options, select[:300]
    for value, hover, label in options:
        assert hover == value and label != value and re.search(r"[\u4e00-\u9fff]", label)
    dashboard = finance.get("/dashboard").text
    chart = dashboard[dashboard.index("最常见的问题") :]
    chart = chart[: chart.index("</svg>")]
    bars = re.findall(r'<g class="bar" data-hint="([^"]+)"><title>[^<]+</title>\s*<text[^>]*>([^<]+)</text>', chart)
    assert bars
    codes = {value for value, _, _ in options}
    for hint, label in bars:
        code = hint[hint.rindex("(") + 1 : -1]
        assert code in codes and code not in label and re.search(r"[\u4e00-\u9fff]", label)
