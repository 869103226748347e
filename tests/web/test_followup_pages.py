"""A saved monitoring or self-evaluation table shows what was entered, on its official form."""

from __future__ import annotations

import re

from webhelp import Site, csrf_of, login

from jixiao.store import actions
from jixiao.store.db import session_scope


def _cells(html: str) -> list[str]:
    form = html[html.index('id="official-form"') :]
    form = form[: form.index("</table>")]
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", form, re.S)
    ]


def _row(html: str, index: int) -> str:
    found = re.search(rf'<tr class="ind[^"]*" id="row-{index}">(.*?)</tr>', html, re.S)
    assert found, f"no indicator row {index}"
    return found.group(1)


def test_saved_monitoring_table_shows_every_entry_and_its_warnings(site: Site) -> None:
    table = site.ids["own"]["approved"]
    clerk = login(site.client(), "clerk")
    token = csrf_of(clerk, f"/tables/{table}/monitor")
    data = {
        "csrf_token": token,
        "budget_adjusted": "80",
        "executed": "12.5",
        "p-0": "60人",
        "e-0": "90人",
        "l-0": "不可能",
        "r-0": "经费保障:资金下达晚",
        "m-0": "下半年集中组织体检",
    }
    r = clerk.post(f"/tables/{table}/monitor", data=data, follow_redirects=False)
    page = clerk.get(r.headers["location"]).text
    cells = _cells(page)
    for entered in (
        "80",
        "12.5",
        "60人",
        "90人",
        "不可能",
        "经费保障:资金下达晚",
        "下半年集中组织体检",
    ):
        assert entered in cells, entered
    assert "执行数(B)" in cells and "改进措施" in cells and "执行率(B/A)" in cells
    assert "15.63%" in cells or "15.62%" in cells or "15.625%" in cells
    row = _row(page, 0)
    assert "60人" in row and 'data-code="monitoring.target-unlikely"' in row


def test_saved_self_evaluation_shows_actuals_reasons_and_total(site: Site) -> None:
    table = site.ids["own"]["approved"]
    clerk = login(site.client(), "clerk")
    token = csrf_of(clerk, f"/tables/{table}/selfeval")
    data = {
        "csrf_token": token,
        "budget_adjusted": "104",
        "executed": "98.8",
        "act-0": "149人",
        "w-0": "20",
        "s-0": "20",
        "act-1": "20人",
        "w-1": "15",
        "s-1": "12",
        "r-1": "困难劳模申请人数少于预期",
    }
    r = clerk.post(f"/tables/{table}/selfeval", data=data, follow_redirects=False)
    page = clerk.get(r.headers["location"]).text
    cells = _cells(page)
    for entered in (
        "98.8",
        "149人",
        "20人",
        "困难劳模申请人数少于预期",
        "实际完成值",
        "全年执行数(B)",
    ):
        assert entered in cells, entered
    assert "95%" in cells  # 执行率(B/A) = 98.8 / 104
    total = cells.index("总分")
    assert cells[total + 1 : total + 3] == ["35", "32"]  # the entered 分值 and 得分, summed
    assert "困难劳模申请人数少于预期" in _row(page, 1)
    # Rows left without an actual value carry the scoring's finding on the row itself.
    assert 'data-code="selfeval.actual-missing"' in _row(page, 2)
    assert re.search(r'id="score-total">[\d.]+<', page)


def test_a_published_self_evaluation_shows_its_form_without_findings(site: Site) -> None:
    table = site.ids["own"]["selfeval"]
    with session_scope(site.engine) as session:  # type: ignore[arg-type]
        common = {"session": session, "table_id": table, "actor": "admin"}
        actions.submit(**common)
        actions.review(**common, approve=True)
        actions.grade(**common, grade="优")
        actions.approve(**common)
    page = site.client().get(f"/public/{table}").text
    cells = _cells(page)
    assert "项目支出绩效自评表" in page and "实际完成值" in cells and "149人" in cells
    assert "70" in cells  # 全年执行数
    assert 'class="finding' not in page  # findings are the review's internal work
