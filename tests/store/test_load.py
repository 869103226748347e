"""Loading the real example: idempotent, versioned, one transaction per file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from storehelp import EXAMPLE, example_text, session_for
from typer.testing import CliRunner

from jixiao.app import intake
from jixiao.cli import app
from jixiao.ingest import read_path
from jixiao.store import repo
from jixiao.store.tables import IndicatorRow, SourceFile, TableVersion


def test_loading_the_example_twice_gives_six_tables(db_url: str) -> None:
    with session_for(db_url) as session:
        first = list(intake.load_paths(session=session, paths=[EXAMPLE]))
        second = list(intake.load_paths(session=session, paths=[EXAMPLE]))
        tables = repo.list_tables(session=session)
        indicators = session.scalar(select(func.count()).select_from(IndicatorRow))
        files = session.scalar(select(func.count()).select_from(SourceFile))
    assert (first[0].added, second[0].added, second[0].unchanged) == (6, 0, 6)
    assert len(tables) == 6
    assert indicators == 59
    assert files == 1
    assert {t.version for t in tables} == {1}
    assert sorted(t.funds_total for t in tables) == sorted(["74.5", "104", "150", "120", "5", "80"])


def test_edited_value_adds_a_second_version_with_audit(db_url: str, tmp_path: Path) -> None:
    edited = tmp_path / "wuhu-2024-targets.txt"
    edited.write_text(example_text().replace("149人", "150人", 1), encoding="utf-8")
    with session_for(db_url) as session:
        list(intake.load_paths(session=session, paths=[EXAMPLE]))
        (report,) = intake.load_paths(session=session, paths=[edited], actor="clerk")
        tables = repo.list_tables(session=session)
        changed = [t for t in tables if t.version == 2]
        assert (report.versions, report.unchanged, len(tables)) == (1, 5, 6)
        assert [t.project_name for t in changed] == ["2023年劳模表彰大会经费"]
        table_id = changed[0].id
        now = repo.get_table(session=session, table_id=table_id).table
        before = repo.get_table(session=session, table_id=table_id, version=1).table
        entries = repo.history(session=session, table_id=table_id)
    assert [i.value.raw for i in now.indicators if i.name == "表彰劳模和先进工作者"] == ["150人"]
    assert [i.value.raw for i in before.indicators if i.name == "表彰劳模和先进工作者"] == ["149人"]
    assert [(e["action"], e["version"], e["actor"]) for e in entries] == [
        ("load", 1, "system"),
        ("revise", 2, "clerk"),
    ]


def test_stored_table_reads_back_as_parsed(db_url: str) -> None:
    parsed = read_path(EXAMPLE).tables
    with session_for(db_url) as session:
        list(intake.load_paths(session=session, paths=[EXAMPLE], check=False))
        stored = [
            repo.get_table(session=session, table_id=t.id).table
            for t in repo.list_tables(session=session)
        ]
    assert [t.without_sources() for t in stored] == [t.without_sources() for t in parsed]


def test_a_failing_file_leaves_nothing_half_written(db_url: str) -> None:
    tables = read_path(EXAMPLE).tables
    calls = []

    def checker_that_breaks_on_the_fourth(table, **_):  # a rule engine crash mid-file
        calls.append(table)
        if len(calls) == 4:
            raise RuntimeError("rule engine crashed")
        return [], None

    with pytest.raises(RuntimeError), session_for(db_url) as session:
        repo.load_tables(
            session=session,
            tables=tables,
            data=b"x",
            name="x.txt",
            checker=checker_that_breaks_on_the_fourth,
        )
    with session_for(db_url) as session:
        assert repo.list_tables(session=session) == []
        assert session.scalar(select(func.count()).select_from(TableVersion)) == 0


def test_cli_load_and_list_json(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    loaded = runner.invoke(app, ["db", "load", str(EXAMPLE), "--db", db_url])
    listed = runner.invoke(app, ["db", "list", "--json", "--db", db_url, "--year", "2024"])
    assert loaded.exit_code == 0, loaded.output
    rows = json.loads(listed.stdout)
    assert len(rows) == 6
    assert {
        "id",
        "project_name",
        "department_code",
        "fiscal_year",
        "version",
        "status",
        "grade",
        "funds_total",
    } <= set(rows[0])
    assert {(r["department_code"], r["fiscal_year"], r["status"]) for r in rows} == {
        ("508", 2024, "草稿")
    }
    assert all(isinstance(r["funds_total"], str) for r in rows)
