"""The rule-set admin page: the choice is stored, audited, and every web check follows it."""

from __future__ import annotations

import re
from dataclasses import replace

from fastapi.testclient import TestClient
from sqlalchemy import select
from webhelp import EXAMPLE_PATH, Site, api_token, csrf_of, login

from jixiao.app.settings import rule_choice
from jixiao.ingest import read_path
from jixiao.rules import REGISTRY
from jixiao.store.auth import resolve_actor
from jixiao.store.db import session_scope
from jixiao.store.load import save_table
from jixiao.store.tables import AuditEntry

ALL = [rule.code for rule in REGISTRY]


def _choose(admin: TestClient, ruleset: str, off: tuple[str, ...] = ()) -> None:
    token = csrf_of(admin, "/admin/rules")
    enabled = [c for c in ALL if c not in off]
    data = {"csrf_token": token, "ruleset": ruleset, "enabled": enabled}
    r = admin.post("/admin/rules", data=data, follow_redirects=False)
    assert r.status_code == 303, r.text[:400]


def _codes(client: TestClient, headers: dict[str, str], table_id: int) -> dict[str, str]:
    r = client.get(f"/api/tables/{table_id}/check", headers=headers)
    assert r.status_code == 200, r.text
    report = r.json()["tables"][0]
    return {f["code"]: f["severity"] for f in report["findings"]} | {
        "grade": report["grade"],
        "score": report["score"],
    }


def _draft_without_cost(site: Site) -> int:
    # 工人文化宫公益性活动 without its 成本指标 row: 101号 makes cost a required level.
    table = next(t for t in read_path(EXAMPLE_PATH).tables if t.title == "工人文化宫公益性活动")
    rows = tuple(i for i in table.indicators if "成本" not in (i.level2 or ""))
    table = replace(table, project=replace(table.project, name="无成本指标的活动"), indicators=rows)
    with session_scope(site.engine) as session:
        admin = resolve_actor(session=session, name="admin")
        _, table_id = save_table(session=session, table=table, actor=admin)
    return table_id


def test_rule_set_choice_changes_the_findings_of_a_rechecked_table(site: Site) -> None:
    table_id = _draft_without_cost(site)
    admin = login(site.client(), "admin")
    headers = api_token(admin, "admin")
    page = admin.get("/admin/rules").text
    assert 'value="legacy" checked' in page and "财预〔2021〕101号" in page
    before = _codes(admin, headers, table_id)
    # Three warnings of substance (not quantified, a vague benefit, no cost): 100 - 3 × 8 = 76 → 中.
    assert before["cost.missing"] == "warning" and before["grade"] == "中"
    _choose(admin, "central-2021")
    after = _codes(admin, headers, table_id)
    # The error costs more points (100 - 2 × 8 - 16 = 68) and caps the grade at 中.
    assert after["cost.missing"] == "error" and after["grade"] == "中"
    assert after["score"] < before["score"]
    assert 'value="central-2021" checked' in admin.get("/admin/rules").text
    # The table page re-checks with the same configuration.
    assert "cost.missing" in admin.get(f"/tables/{table_id}").text


def test_disabling_a_rule_removes_its_findings_from_checks_and_uploads(site: Site) -> None:
    admin = login(site.client(), "admin")
    headers = api_token(admin, "admin")
    table_id = next(i for i in site.own_ids if "values.vague" in _codes(admin, headers, i))
    example = [("file", ("wuhu.txt", EXAMPLE_PATH.read_bytes(), "text/plain"))]
    checked = admin.post("/api/check", files=example, headers=headers).json()
    assert "values.vague" in str(checked["tables"])
    _choose(admin, "legacy", off=("values.vague",))
    box = re.search(r'<input[^>]*value="values.vague"[^>]*>', admin.get("/admin/rules").text)
    assert box and "checked" not in box.group(0)
    assert "values.vague" not in _codes(admin, headers, table_id)
    checked = admin.post("/api/check", files=example, headers=headers).json()
    assert "values.vague" not in str(checked["tables"])
    assert "values.not-quantified" in str(checked["tables"])
    with session_scope(site.engine) as session:
        assert rule_choice(session=session) == ("legacy", frozenset({"values.vague"}))
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "settings.rules")
        ).all()
    assert [e.actor for e in entries] == ["admin"]
    assert entries[0].detail["after"] == {"ruleset": "legacy", "disabled": ["values.vague"]}


def test_only_known_rule_sets_are_accepted(site: Site) -> None:
    admin = login(site.client(), "admin")
    token = csrf_of(admin, "/admin/rules")
    r = admin.post("/admin/rules", data={"csrf_token": token, "ruleset": "<script>"})
    assert r.status_code == 400 and "<script>" not in r.text
    no_token = admin.post("/admin/rules", data={"ruleset": "legacy"}, follow_redirects=False)
    assert no_token.status_code == 403
    with session_scope(site.engine) as session:
        assert rule_choice(session=session) == ("legacy", frozenset())


def test_docs_load_only_local_scripts(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    urls = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", page.text)
    assert "/static/swagger/swagger-ui-bundle.js" in urls
    assert all(u.startswith("/") for u in urls), urls
    assert "http" not in page.text.replace("http-equiv", "")
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/swagger/swagger-ui.css").status_code == 200
    assert client.get("/redoc").status_code == 404


def test_disabling_a_selfeval_rule_removes_it_from_the_scores(site: Site) -> None:
    # The score API builds its findings outside the rule engine: the switch must hold there too.
    admin = login(site.client(), "admin")
    headers = api_token(admin, "admin")
    url = f"/api/tables/{site.ids['own']['selfeval']}/scores"

    def codes() -> set[str]:
        out = admin.get(url, headers=headers).json()
        return {f["code"] for t in out["tables"] for f in t["findings"]}

    before = codes()
    assert before, "the seeded self-evaluation has findings to switch off"
    off = sorted(before)[0]
    total = admin.get(url, headers=headers).json()["tables"][0]["total"]
    _choose(admin, "legacy", off=(off,))
    assert codes() == before - {off}
    # the scores are not findings: the total stays as computed
    assert admin.get(url, headers=headers).json()["tables"][0]["total"] == total
