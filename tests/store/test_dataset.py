"""Open data (issue 19): the Parquet files read back by DuckDB, pandas and polars.

On a SQLite file and on a real PostgreSQL server: the six real Wuhu tables and a
self-evaluation, some of them approved (one with an adjustment still pending), then
exported whole and for the public. The counts must equal ``jixiao db counts``, the
money must come back exact, and the public files must hold nothing the public may
not see.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pytest
from storehelp import EXAMPLE, session_for
from typer.testing import CliRunner

from jixiao.app import intake
from jixiao.app.dataset import SCHEMA, export_dataset, schema_markdown
from jixiao.cli import app
from jixiao.ingest import read_path
from jixiao.store import analysis, repo
from jixiao.store.visibility import Scope
from jixiao.web.authz import scope_for
from repo_files import REPO_ROOT

SELFEVAL = REPO_ROOT / "tests" / "fixtures" / "inputs" / "selfeval-anhui-tab.txt"
PUBLISHED = ("已批复", "调整申请中")


def _approve(s, table_id: int, grade: str) -> None:
    repo.submit(session=s, table_id=table_id, actor="admin")
    repo.review(session=s, table_id=table_id, actor="admin", approve=True)
    repo.grade(session=s, table_id=table_id, actor="admin", grade=grade)
    repo.approve(session=s, table_id=table_id, actor="admin")


def _database(url: str) -> dict[str, int]:
    """Load the tables, approve two (one then files an adjustment), return ids by role."""
    with session_for(url) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE, SELFEVAL], actor="admin"))
        ids = [t.id for t in repo.list_tables(session=s, kind="target")]
        _approve(s, ids[0], "良")
        _approve(s, ids[1], "优")
        adjusted = replace(read_path(EXAMPLE).tables[1], goals=("调整后的目标",))
        repo.request_adjustment(
            session=s, table_id=ids[1], actor="admin", table=adjusted, reason="资金调减"
        )
        repo.submit(session=s, table_id=ids[2], actor="admin")  # pending: not published
        (evaluation,) = [t.id for t in repo.list_tables(session=s, kind="self_evaluation")]
        _approve(s, evaluation, "良")
    return {
        "approved": ids[0],
        "adjusting": ids[1],
        "submitted": ids[2],
        "evaluation": evaluation,
    }


def _read(folder: Path, name: str) -> duckdb.DuckDBPyRelation:
    return duckdb.sql(f"SELECT * FROM read_parquet('{folder / name}')")


def test_dataset_reads_back_and_counts_equal_db_counts(db_url: str, tmp_path: Path) -> None:
    _database(db_url)
    out = tmp_path / "ds"
    with session_for(db_url) as s:
        report = export_dataset(session=s, out=out, scope=Scope())
        counts = {by: dict(repo.counts(session=s, by=by)) for by in ("status", "year", "grade")}
        by_dept = dict(repo.counts(session=s, by="department"))
        listed = {t.id: t for t in repo.list_tables(session=s)}
    manifest = json.loads((out / "dataset.json").read_text(encoding="utf-8"))
    assert manifest["schema"] == "jixiao.dataset/1" and manifest["public"] is False
    assert {n: f["rows"] for n, f in manifest["files"].items()} == report.rows

    # DuckDB: the same counts as `jixiao db counts`, by every dimension.
    con = duckdb.connect()
    t = f"read_parquet('{out / 'tables.parquet'}')"
    assert (
        dict(con.sql(f"SELECT status, count(*) FROM {t} GROUP BY 1").fetchall())
        == (counts["status"])
    )
    assert {
        str(k): v
        for k, v in con.sql(f"SELECT fiscal_year, count(*) FROM {t} GROUP BY 1").fetchall()
    } == counts["year"]
    graded = con.sql(
        f"SELECT coalesce(review_grade, check_grade, '未评级'), count(*) FROM {t} GROUP BY 1"
    ).fetchall()
    assert dict(graded) == counts["grade"]
    assert dict(con.sql(f"SELECT department_code, count(*) FROM {t} GROUP BY 1").fetchall()) == (
        by_dept
    )
    assert report.rows["tables.parquet"] == sum(counts["status"].values()) == len(listed)

    # pandas: money comes back as exact Decimals in 万元, equal to what the store holds.
    tables = pd.read_parquet(out / "tables.parquet")
    for row in tables.itertuples():
        stored = listed[row.table_id].funds_total
        assert (row.funds_total is None and stored is None) or row.funds_total == Decimal(stored)
    assert isinstance(tables.funds_total.dropna().iloc[0], Decimal)

    # polars: indicators join their tables; the counts in tables.parquet agree.
    inds = pl.read_parquet(out / "indicators.parquet")
    per_table = dict(inds.group_by("table_id").len().iter_rows())
    assert per_table == {r.table_id: r.indicators for r in tables.itertuples() if r.indicators}
    assert inds.schema["number"] == pl.Decimal(38, 6)
    assert inds.filter(pl.col("kind") == "self_evaluation")["reported_score"].sum() == (
        Decimal("86.6")  # 9.6 + 10 + 10 + 20 + 27 + 10, as the 自评表 writes them
    )

    # findings carry their rule's Chinese title; their count per table is in tables.
    found = _read(out, "findings.parquet").select("code, title").fetchall()
    assert found and all(title != code for code, title in found)
    assert ("values.vague", "指标值只是笼统的形容词") in found
    assert len(found) == int(tables.findings.sum())

    # The self-evaluation's scores: the unit's own and jixiao's recomputation.
    scores = pl.read_parquet(out / "selfeval_scores.parquet")
    assert scores["item"].to_list()[0] == "execution" and scores.height == 7
    assert scores["reported_total"].unique().to_list() == [Decimal("96.1")]

    # Workflow: every step of the approvals is an event with its statuses.
    events = _read(out, "workflow_events.parquet")
    actions = [a for (a,) in events.select("action").fetchall()]
    assert actions.count("approve") == 3 and "request-adjustment" in actions


def test_public_dataset_holds_only_what_the_public_sees(db_url: str, tmp_path: Path) -> None:
    ids = _database(db_url)
    out = tmp_path / "public"
    with session_for(db_url) as s:
        report = export_dataset(session=s, out=out, scope=scope_for(None), review=False)
        status = dict(repo.counts(session=s, by="status"))
    tables = pd.read_parquet(out / "tables.parquet")
    published = [ids["approved"], ids["adjusting"], ids["evaluation"]]
    assert sorted(tables.table_id) == sorted(published)
    assert len(tables) == sum(n for k, n in status.items() if k in PUBLISHED)
    # The version in force, never the adjustment waiting for approval.
    assert set(tables.version) == {1}
    # The review of a published table is public; only the workflow history stays internal.
    assert tables["check_grade"].notna().all() and tables["findings"].notna().all()
    assert report.rows["workflow_events.parquet"] == 0
    found = duckdb.sql(f"SELECT DISTINCT table_id FROM '{out / 'findings.parquet'}'").fetchall()
    assert {t for (t,) in found} <= set(published) and report.rows["findings.parquet"] > 0
    inds = pl.read_parquet(out / "indicators.parquet")
    assert set(inds["table_id"].unique()) == set(tables.table_id)
    goals = duckdb.sql(f"SELECT DISTINCT table_id FROM '{out / 'indicators.parquet'}'").fetchall()
    assert {g for (g,) in goals} == set(tables.table_id)
    assert json.loads((out / "dataset.json").read_text(encoding="utf-8"))["public"] is True
    # A published self-evaluation: the unit's own scores and jixiao's recomputation.
    scores = pl.read_parquet(out / "selfeval_scores.parquet")
    assert scores.height == 7 and scores["reported_total"].unique().to_list() == [Decimal("96.1")]
    assert scores["score"].null_count() == 0 and scores["scheme"].null_count() == 0


def test_year_and_scope_narrow_the_dataset(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'j.sqlite'}"
    _database(url)
    with session_for(url) as s:
        by_year = dict(repo.counts(session=s, by="status", year=2024))
        export_dataset(session=s, out=tmp_path / "y", scope=Scope(), year=2024)
        export_dataset(session=s, out=tmp_path / "d", scope=Scope(department_code="508"))
    years = pl.read_parquet(tmp_path / "y" / "tables.parquet")
    assert years.height == sum(by_year.values()) and set(years["fiscal_year"]) == {2024}
    assert set(pl.read_parquet(tmp_path / "d" / "tables.parquet")["department_code"]) == {"508"}


def test_cli_dataset_twin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'j.sqlite'}"
    _database(url)
    runner = CliRunner()
    done = runner.invoke(app, ["export", "--dataset", str(tmp_path / "o"), "--db", url])
    assert done.exit_code == 0, done.output
    assert all((tmp_path / "o" / f.name).exists() for f in SCHEMA)
    # The very output of `jixiao db counts`, against the file.
    for by, column in (("status", "status"), ("department", "department_code")):
        shown = runner.invoke(app, ["db", "counts", "--by", by, "--db", url])
        assert shown.exit_code == 0, shown.output
        read = duckdb.sql(
            f"SELECT {column}, count(*) FROM '{tmp_path / 'o' / 'tables.parquet'}' GROUP BY 1"
        ).fetchall()
        assert dict(read) == json.loads(shown.output)
    public = runner.invoke(
        app, ["export", "--dataset", str(tmp_path / "p"), "--public", "--db", url]
    )
    assert public.exit_code == 0 and "公开" in public.output
    assert pl.read_parquet(tmp_path / "p" / "tables.parquet").height == 3
    assert runner.invoke(app, ["export", "--public", "--db", url]).exit_code == 2


@pytest.mark.parametrize("text", ["12.3456789", "1e40", "abc", "", None])
def test_amounts_that_do_not_fit_never_stop_an_export(text: str | None) -> None:
    from jixiao.app.dataset import exact

    got = exact(text)
    assert got is None or got == Decimal("12.345679")


def test_a_column_arrow_refuses_goes_value_by_value() -> None:
    from jixiao.app.dataset import _decimals

    fast = _decimals(["74.5", None, Decimal("0.000001")]).to_pylist()
    assert fast == [Decimal("74.5"), None, Decimal("0.000001")]
    slow = _decimals(["1.1234567", "abc", None, "5"]).to_pylist()
    assert slow == [Decimal("1.123457"), None, None, Decimal(5)]


def test_docs_list_every_column() -> None:
    docs = (REPO_ROOT / "docs" / "dataset.md").read_text(encoding="utf-8")
    assert schema_markdown() in docs, "docs/dataset.md is stale: paste schema_markdown()"
    assert tuple(c.name for c in SCHEMA[0].columns) == analysis.TABLE_COLUMNS
    assert tuple(c.name for c in SCHEMA[1].columns) == analysis.INDICATOR_COLUMNS
    assert tuple(c.name for c in SCHEMA[4].columns) == analysis.EVENT_COLUMNS
