"""dump → restore into an empty PostgreSQL database reproduces ``list --json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from storehelp import EXAMPLE, example_text, session_for
from typer.testing import CliRunner

from jixiao.app import intake
from jixiao.cli import app


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.postgres
def test_dump_restore_into_empty_postgres(db_url: str, postgres_server, tmp_path: Path) -> None:
    postgres_url = postgres_server.create_database("restored")
    edited = tmp_path / "edited.txt"
    edited.write_text(example_text().replace("≥95%", "≥96%", 1), encoding="utf-8")
    _cli("db", "load", str(EXAMPLE), "--db", db_url)
    _cli("db", "load", str(edited), "--db", db_url)
    _cli("db", "submit", "2", "--db", db_url, "--user", "clerk")
    _cli("db", "review", "2", "--return", "--comment", "请补充成本测算", "--db", db_url)
    backup = tmp_path / "backup.jsonl"
    _cli("db", "dump", "-o", str(backup), "--db", db_url)
    _cli("db", "restore", str(backup), "--db", postgres_url)

    before = json.loads(_cli("db", "list", "--json", "--db", db_url))
    after = json.loads(_cli("db", "list", "--json", "--db", postgres_url))
    assert after == before
    assert sorted(r["version"] for r in after) == [1, 1, 1, 1, 1, 2]
    assert json.loads(_cli("db", "history", "2", "--json", "--db", postgres_url)) == json.loads(
        _cli("db", "history", "2", "--json", "--db", db_url)
    )
    assert json.loads(_cli("db", "show", "1", "--json", "--db", postgres_url)) == json.loads(
        _cli("db", "show", "1", "--json", "--db", db_url)
    )
    # The restored database keeps working: new rows do not collide with restored ids.
    again = tmp_path / "again.txt"
    again.write_text(example_text().replace("≥95%", "≥97%", 1), encoding="utf-8")
    with session_for(postgres_url) as s:
        (report,) = intake.load_paths(session=s, paths=[again], check=False)
        assert report.versions == 1 and report.error is None


def test_restore_refuses_a_non_empty_database(db_url: str, tmp_path: Path) -> None:
    _cli("db", "load", str(EXAMPLE), "--db", db_url)
    backup = tmp_path / "backup.jsonl"
    _cli("db", "dump", "-o", str(backup), "--db", db_url)
    result = CliRunner().invoke(app, ["db", "restore", str(backup), "--db", db_url])
    assert result.exit_code == 1
    assert "不是空的" in result.output
