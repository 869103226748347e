"""Uploads are bounded by what is really in them (issue 13.2 and 13.7).

A sheet that declares ``A1:E14`` and holds thousands of rows is read up to the
row limit and no further; a table's stored findings are bounded; one upload
carries at most ``max_files_per_upload`` files.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import select
from webhelp import EXAMPLE_PATH, api_token, build_site, csrf_of, login

from jixiao.store.db import session_scope
from jixiao.store.tables import FindingRow, TableVersion

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
from hostile import padded_rows, xlsx_bytes  # noqa: E402


def test_a_sheet_lying_about_its_size_is_read_to_the_limit_and_its_findings_bounded(
    tmp_path: Path,
) -> None:
    site = build_site(f"sqlite:///{tmp_path / 'w.sqlite'}", example=False, max_sheet_rows=300)
    client = site.client()
    data = xlsx_bytes(padded_rows(3000), declared="A1:E14")
    r = client.post(
        "/api/files", files={"file": ("谎报.xlsx", data)}, headers=api_token(client, "clerk")
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert any("300 行的读取上限" in p and "目标表" in p for p in body["problems"])
    with session_scope(site.engine) as s:  # type: ignore[arg-type]
        (version,) = s.scalars(select(TableVersion.id))
        codes = Counter(s.scalars(select(FindingRow.code).where(FindingRow.version_id == version)))
    assert codes, "the table was checked"
    assert max(n for code, n in codes.items()) <= 50
    assert codes["internal.findings-capped"] == 1


def test_the_check_api_reads_no_further_than_the_limit(tmp_path: Path) -> None:
    site = build_site(f"sqlite:///{tmp_path / 'w.sqlite'}", example=False, max_sheet_rows=300)
    client = site.client()
    data = xlsx_bytes(padded_rows(3000), declared="A1:E14")
    r = client.post(
        "/api/check", files={"file": ("谎报.xlsx", data)}, headers=api_token(client, "clerk")
    )
    assert r.status_code == 200
    stops = [p for p in r.json()["problems"] if p["code"] == "parse.row-limit"]
    assert stops and stops[0]["source"]["row"] == 301


def test_more_files_than_the_limit_in_one_upload_are_refused_in_chinese(tmp_path: Path) -> None:
    site = build_site(f"sqlite:///{tmp_path / 'w.sqlite'}", example=False, max_files_per_upload=3)
    client = login(site.client(), "clerk")
    token = csrf_of(client, "/upload")
    text = EXAMPLE_PATH.read_bytes()
    files = [("files", (f"f{n}.txt", text)) for n in range(4)]
    r = client.post("/upload", files=files, data={"csrf_token": token})
    assert r.status_code == 413
    assert "一次最多上传 3 个文件" in r.text
    with session_scope(site.engine) as s:  # type: ignore[arg-type]
        assert list(s.scalars(select(TableVersion.id))) == []  # nothing of it stored
    r = client.post("/upload", files=files[:3], data={"csrf_token": token})
    assert r.status_code == 200
