"""The JSON API's fixed points: token, file upload, table list in the shape of ``jixiao db list --json``."""

from __future__ import annotations

import json
import time

from typer.testing import CliRunner
from webhelp import EXAMPLE_PATH, SECRET, Site, api_token

from jixiao.cli import app as cli
from jixiao.web.auth import sign


def test_token_files_and_list_match_the_cli(empty_site: Site, tmp_path) -> None:
    client = empty_site.client()
    r = client.post("/api/token", data={"username": "clerk", "password": "correct-horse-9"})
    assert r.status_code == 200 and r.json()["token_type"] == "bearer"
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    up = client.post(
        "/api/files", files={"file": ("wuhu.txt", EXAMPLE_PATH.read_bytes())}, headers=headers
    )
    assert up.status_code == 201
    body = up.json()
    assert len(body["tables"]) == 5 and len(body["found"]) == 6 and len(body["refused"]) == 1
    listed = client.get("/api/tables", headers=headers).json()
    admin = client.get("/api/tables", headers=api_token(client, "admin")).json()
    out = CliRunner().invoke(cli, ["db", "list", "--json", "--db", empty_site.url])
    assert out.exit_code == 0, out.output
    cli_rows = json.loads(out.output)
    assert listed == [row for row in cli_rows if row["implementing_unit"] == "芜湖市总工会"]
    assert admin == cli_rows  # 财政/管理员: the whole region, same shape and values


def test_workflow_scores_and_exports_over_the_api(site: Site) -> None:
    client = site.client()
    clerk, dept = api_token(client, "clerk"), api_token(client, "dept")
    table = site.ids["own"]["draft"]
    r = client.post(f"/api/tables/{table}/actions/submit", headers=clerk, json={})
    assert r.status_code == 200 and r.json()["status"] == "已提交"
    r = client.post(f"/api/tables/{table}/actions/dept-return", headers=dept, json={})
    assert r.status_code == 409 and "意见" in r.json()["error"]
    r = client.post(
        f"/api/tables/{table}/actions/dept-return", headers=dept, json={"comment": "请补充依据"}
    )
    assert r.json()["status"] == "已退回"
    history = client.get(f"/api/tables/{table}/history", headers=clerk).json()["history"]
    assert [h["action"] for h in history][-2:] == ["submit", "dept-return"]
    check = client.get(f"/api/tables/{table}/check", headers=clerk).json()
    assert check["schema"] == "jixiao.check/1" and check["tables"][0]["grade"] in "优良中差"
    scores = client.get(f"/api/tables/{site.ids['own']['selfeval']}/scores", headers=clerk).json()
    assert scores["schema"] == "jixiao.score/1" and scores["tables"][0]["total"]
    pdf = client.get(f"/api/tables/{table}/export/pdf", headers=clerk)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_bad_expired_or_foreign_tokens_are_refused(site: Site) -> None:
    client = site.client()
    assert client.get("/api/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    old = sign({"t": "api", "u": "admin", "e": time.time() - 1}, SECRET)
    assert client.get("/api/me", headers={"Authorization": f"Bearer {old}"}).status_code == 401
    cookie_like = sign({"u": "admin", "c": "x", "e": time.time() + 60}, SECRET)
    assert (
        client.get("/api/me", headers={"Authorization": f"Bearer {cookie_like}"}).status_code == 401
    )
    me = client.get("/api/me", headers=api_token(client, "dept")).json()
    assert me == {
        "name": "dept",
        "role": "dept-reviewer",
        "unit": None,
        "department_code": "508",
        "region": None,
    }
