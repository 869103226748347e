"""`jixiao parse` as scripts call it: JSON contract, exit codes, bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from repo_files import EXAMPLE


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "jixiao", *args], input=stdin, capture_output=True, timeout=120
    )


def test_parse_json_contract() -> None:
    proc = run("parse", str(EXAMPLE), "--json")
    assert proc.returncode == 0, proc.stderr.decode()
    doc = json.loads(proc.stdout)
    assert doc["schema"] == "jixiao.parse/1"
    assert len(doc["tables"]) == 6
    first = doc["tables"][0]
    assert set(first) >= {
        "kind",
        "fiscal_year",
        "project",
        "funds",
        "goals",
        "indicators",
        "source",
    }
    assert first["funds"] == {
        "unit": "万元",
        "total": "74.5",
        "fiscal": "74.5",
        "carryover": None,
        "other": None,
    }
    ind = first["indicators"][0]
    assert ind["value"] == {
        "raw": "149人",
        "kind": "quantitative",
        "op": "=",
        "number": "149",
        "unit": "人",
    }
    assert ind["source"] == {"file": "wuhu-2024-targets.txt", "line": 16}


def test_json_is_written_table_by_table_with_the_same_text(tmp_path: Path) -> None:
    # parse --json streams the document; the text must be what one json.dumps gives,
    # with tables and problems, and with neither.
    from jixiao.ingest import read_path
    from jixiao.model.serialize import result_to_dict

    missing = tmp_path / "missing.txt"
    proc = run("parse", str(missing), str(EXAMPLE), "--json")
    whole = result_to_dict(read_path(missing) + read_path(EXAMPLE))
    assert proc.stdout.decode() == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
    empty = tmp_path / "empty.txt"
    empty.write_text("没有表格的文字\n", encoding="utf-8")
    proc = run("parse", str(empty), "--json")
    assert json.loads(proc.stdout)["tables"] == []
    assert proc.stdout.decode() == (
        json.dumps(result_to_dict(read_path(empty)), ensure_ascii=False, indent=2) + "\n"
    )


def test_parse_stdin_and_human_view() -> None:
    proc = run("parse", "-", "--json", stdin=EXAMPLE.read_bytes())
    assert len(json.loads(proc.stdout)["tables"]) == 6
    view = run("parse", str(EXAMPLE))
    text = view.stdout.decode()
    assert view.returncode == 0 and "芜湖市劳模综合服务资金" in text and "共 6 张表" in text


def test_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = run("parse", str(missing), str(empty), str(EXAMPLE), "--json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert len(doc["tables"]) == 6
    codes = {(p["source"]["file"], p["code"]) for p in doc["problems"]}
    assert ("missing.txt", "parse.unreadable") in codes


def test_usage_error_exits_2() -> None:
    assert run("parse", "--no-such-option").returncode == 2


def test_folder_is_read_with_progress_and_summary(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(EXAMPLE.read_bytes())
    (folder / "sub" / "b.txt").write_bytes(EXAMPLE.read_bytes().replace(b"2024", b"2025"))
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    proc = run("parse", str(folder), "--json", "--jobs", "2")
    doc = json.loads(proc.stdout)
    assert len(doc["tables"]) == 12
    assert sorted({t["fiscal_year"] for t in doc["tables"]}) == [2024, 2025]
    assert any(p["source"]["file"] == "broken.xlsx" for p in doc["problems"])
    assert proc.returncode == 1
    summary = proc.stderr.decode()
    assert "文件 3 个" in summary and "表 12 张" in summary
