"""Self-evaluation and monitoring tables stored against their target version (issue 7).

Runs on SQLite and on the real PostgreSQL server of tests/conftest.py.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from typer.testing import CliRunner

import jixiao
from jixiao.app import followup as app_followup
from jixiao.app import intake
from jixiao.app import years as app_years
from jixiao.app.review import default_checker
from jixiao.cli import app
from jixiao.export.selfeval_template import write_selfeval_template
from jixiao.ingest import read_path
from jixiao.model.project import TargetTable
from jixiao.model.values import parse_value
from jixiao.store import repo
from jixiao.store.db import make_engine, session_scope

EXAMPLE = Path(jixiao.__file__).parent / "data" / "examples" / "wuhu-2024-targets.txt"
PROJECT = "2023年劳模表彰大会经费"
KEY = "508|2023年劳模表彰大会经费"
CODE = "consistency.target-changed"


def _target() -> TargetTable:
    return next(t for t in read_path(EXAMPLE).tables if t.project.name == PROJECT)


def _changed(table: TargetTable, raw: str) -> tuple[TargetTable, str]:
    """Given a table, return it with its first quantitative value replaced, and that name."""
    i, first = next(
        (i, x) for i, x in enumerate(table.indicators) if x.value.kind == "quantitative"
    )
    rows = list(table.indicators)
    rows[i] = replace(first, value=parse_value(raw))
    return replace(table, indicators=tuple(rows)), first.name


def _selfeval(target: TargetTable) -> TargetTable:
    """Given a target table, return its self-evaluation with every target met."""
    rows = tuple(replace(i, actual=i.value) for i in target.indicators)
    return replace(target, kind="self_evaluation", indicators=rows, source=None)


def _approve(session, table_id: int) -> None:
    repo.submit(session=session, table_id=table_id, actor="admin")
    repo.review(session=session, table_id=table_id, actor="admin", approve=True)
    repo.grade(session=session, table_id=table_id, actor="admin", grade="优")
    repo.approve(session=session, table_id=table_id, actor="admin")


def _stored(session, kind: str):
    return next(
        t for t in repo.list_tables(session=session, kind=kind) if t.project_name == PROJECT
    )


def _codes(session, table_id: int) -> list[str]:
    return [f["code"] for f in repo.get_table(session=session, table_id=table_id).findings]


def test_selfeval_links_to_approved_target_and_checks_it(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE], check=False))
        target_id = _stored(s, "target").id
        _approve(s, target_id)
        approved = repo.approved_target_for(session=s, project_key=KEY, year=2024)
    assert approved is not None
    faithful = _selfeval(approved)
    drifted, name = _changed(faithful, "≥999999人")
    with session_scope(engine) as s:
        report = repo.load_tables(session=s, tables=[drifted], checker=default_checker())
        assert report.added == 1 and not report.refused
        evaluation = _stored(s, "self_evaluation")
        link = repo.linked_target_id(session=s, table_id=evaluation.id)
        codes = _codes(s, evaluation.id)
        findings = repo.get_table(session=s, table_id=evaluation.id).findings
    assert link is not None
    assert CODE in codes
    assert any(f.get("indicator") == name for f in findings if f["code"] == CODE)
    # The faithful copy repeats the approved values: no consistency finding.
    with session_scope(engine) as s:
        repo.load_tables(session=s, tables=[faithful], checker=default_checker())
        assert CODE not in _codes(s, evaluation.id)
        assert repo.linked_target_id(session=s, table_id=evaluation.id) == link


def test_approved_adjustment_is_binding(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE], check=False))
        target_id = _stored(s, "target").id
        _approve(s, target_id)
        original = repo.approved_target_for(session=s, project_key=KEY, year=2024)
        assert original is not None
        adjusted, _ = _changed(original, "≥999999人")
        repo.request_adjustment(
            session=s, table_id=target_id, actor="admin", table=adjusted, reason="任务调增"
        )
        # A pending adjustment binds nothing yet: the new value is a change.
        (before,) = app_followup.score_with_db(session=s, tables=[_selfeval(adjusted)])
        repo.approve_adjustment(session=s, table_id=target_id, actor="admin")
        (after,) = app_followup.score_with_db(session=s, tables=[_selfeval(adjusted)])
        (stale,) = app_followup.score_with_db(session=s, tables=[_selfeval(original)])
        repo.load_tables(session=s, tables=[_selfeval(adjusted)], checker=default_checker())
        stored_codes = _codes(s, _stored(s, "self_evaluation").id)
    assert CODE in [f.code for f in before[0].findings]
    assert after[1] is not None and len(after[1].adjustments) == 1
    assert CODE not in [f.code for f in after[0].findings]
    assert CODE in [f.code for f in stale[0].findings]
    assert CODE not in stored_codes


def test_selfeval_without_approval_links_to_latest_target(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE], check=False))
        draft = _target()
        repo.load_tables(session=s, tables=[_selfeval(draft)], checker=default_checker())
        evaluation = _stored(s, "self_evaluation")
        assert repo.linked_target_id(session=s, table_id=evaluation.id) is not None
        (scored,) = app_followup.score_with_db(session=s, tables=[_selfeval(draft)])
    assert scored[1] is not None and not scored[1].approved
    assert CODE not in [f.code for f in scored[0].findings]


def test_monitoring_is_linked_and_checked(db_url: str) -> None:
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE], check=False))
        _approve(s, _stored(s, "target").id)
        approved = repo.approved_target_for(session=s, project_key=KEY, year=2024)
        assert approved is not None
        rows = tuple(replace(i, likelihood="有可能") for i in approved.indicators)
        monitoring = replace(approved, kind="monitoring", indicators=rows, source=None)
        repo.load_tables(session=s, tables=[monitoring], checker=default_checker())
        stored = _stored(s, "monitoring")
        link = repo.linked_target_id(session=s, table_id=stored.id)
        codes = _codes(s, stored.id)
    assert link is not None
    assert "monitoring.likelihood-no-cause" in codes
    assert CODE not in codes


def test_crossyear_over_stored_history(db_url: str) -> None:
    engine = make_engine(db_url)
    this_year = _target()
    value = next(i for i in this_year.indicators if i.value.kind == "quantitative").value
    assert value.number is not None
    last_year, _ = _changed(
        replace(this_year, fiscal_year=2023), f"{value.op}{value.number * 2}{value.unit or ''}"
    )
    assert this_year.funds.total is not None
    last_year = replace(last_year, funds=replace(this_year.funds, total=this_year.funds.total / 2))
    with session_scope(engine) as s:
        repo.load_tables(session=s, tables=[last_year, this_year])
        by_year = repo.project_tables(session=s, project_key=KEY)
        results = app_years.check_years(session=s, department="508")
    assert sorted(by_year) == [2023, 2024]
    (mine,) = [r for r in results if r.project_key == KEY]
    assert mine.years == (2023, 2024)
    assert "crossyear.target-lowered-funds-up" in [f.code for f in mine.findings]


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def _codes_of(output: str) -> list[str]:
    return [f["code"] for t in json.loads(output)["tables"] for f in t["findings"]]


def test_cli_score_db_uses_the_stored_target(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    with session_scope(engine) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE], check=False))
        target_id = _stored(s, "target").id
        _approve(s, target_id)
        approved = repo.approved_target_for(session=s, project_key=KEY, year=2024)
    assert approved is not None
    edited, _ = _changed(approved, "≥999999人")
    workbook = tmp_path / "selfeval.xlsx"
    write_selfeval_template([edited], workbook)
    code, out = _cli("score", str(workbook), "--db", "--db-url", db_url, "--json")
    assert code == 0, out
    assert CODE in _codes_of(out)
    # --target FILE keeps working and agrees with the database.
    code, by_file = _cli("score", str(workbook), "--target", str(EXAMPLE), "--json")
    assert code == 0 and CODE in _codes_of(by_file)
    with session_scope(engine) as s:
        repo.request_adjustment(
            session=s, table_id=target_id, actor="admin", table=edited, reason="任务调增"
        )
        repo.approve_adjustment(session=s, table_id=target_id, actor="admin")
    code, out = _cli("score", str(workbook), "--db", "--db-url", db_url, "--json")
    assert code == 0 and CODE not in _codes_of(out)


def test_cli_check_years(db_url: str) -> None:
    this_year = _target()
    last_year = replace(this_year, fiscal_year=2023)
    with session_scope(make_engine(db_url)) as s:
        repo.load_tables(session=s, tables=[last_year, this_year])
    code, out = _cli("db", "check-years", "--department", "508", "--json", "--db", db_url)
    assert code == 0, out
    (mine,) = [r for r in json.loads(out) if r["project_key"] == KEY]
    assert mine["years"] == [2023, 2024]


def test_cli_score_db_honours_the_administrators_switch(db_url: str, tmp_path: Path) -> None:
    from jixiao.app.settings import set_rule_choice

    engine = make_engine(db_url)
    with session_scope(engine) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE], check=False))
        target_id = _stored(s, "target").id
        _approve(s, target_id)
        approved = repo.approved_target_for(session=s, project_key=KEY, year=2024)
    assert approved is not None
    edited, _ = _changed(approved, "≥999999人")
    workbook = tmp_path / "selfeval.xlsx"
    write_selfeval_template([edited], workbook)
    code, out = _cli("score", str(workbook), "--db", "--db-url", db_url, "--json")
    assert code == 0 and CODE in _codes_of(out)
    with session_scope(engine) as s:
        set_rule_choice(session=s, actor="admin", ruleset="legacy", disabled={CODE})
    code, off = _cli("score", str(workbook), "--db", "--db-url", db_url, "--json")
    assert code == 0 and CODE not in _codes_of(off)
    # only that rule is silenced: the score itself is unchanged
    assert json.loads(off)["tables"][0]["total"] == json.loads(out)["tables"][0]["total"]
