"""The app passes the library's peers to the benchmark rules: a 10× unit cost is flagged
against six departments' tables, its twin is not; without a library nothing changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from jixiao.app.library import benchmark_config, build_library
from jixiao.ingest import read_path
from jixiao.model import parse_value
from jixiao.rules import RuleConfig, check_table
from jixiao.store import repo
from jixiao.store.db import make_engine, session_scope
from repo_files import EXAMPLE


def _variants(folder: Path, count: int) -> list[Path]:
    text = EXAMPLE.read_text("utf-8")
    paths = []
    for n in range(count):
        path = folder / f"dept-{900 + n}.txt"
        path.write_text(text.replace("芜湖市总工会-508", f"某市总工会{n}-{900 + n}"), "utf-8")
        paths.append(path)
    return paths


def _codes(table, config: RuleConfig) -> set[str]:  # noqa: ANN001
    return {f.code for f in check_table(table, config).findings}


def test_unit_cost_outlier_against_the_stored_library(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    table = read_path(EXAMPLE).tables[0]
    mutated = replace(
        table,
        indicators=tuple(
            replace(i, value=parse_value("50000元/人")) if i.name == "奖励标准" else i
            for i in table.indicators
        ),
    )
    with session_scope(engine) as s:
        # an empty library: the rules stay silent, the configuration is unchanged
        assert benchmark_config(session=s, table=mutated, config=RuleConfig()) == RuleConfig()
        list(repo.load_paths(session=s, paths=[EXAMPLE, *_variants(tmp_path, 5)]))
    with session_scope(engine) as s:
        build_library(session=s, actor="admin", approved_only=False)
    with session_scope(engine) as s:
        config = benchmark_config(session=s, table=mutated, config=RuleConfig())
        peers = config.thresholds["benchmarks"]["奖励标准"]
        assert peers["count"] == 6 and peers["median"] == 5000 and len(peers["peers"]) == 5
        assert "cost.unit-outlier" in _codes(mutated, config)
        finding = next(
            f for f in check_table(mutated, config).findings if f.code == "cost.unit-outlier"
        )
        assert "2023年劳模表彰大会经费(5000元/人)" in finding.message
        twin = benchmark_config(session=s, table=table, config=RuleConfig())
        assert "cost.unit-outlier" not in _codes(table, twin)
        assert "values.target-outlier" not in _codes(table, twin)
    engine.dispose()


def test_library_check_command_quotes_the_peers(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from jixiao.cli import app

    url = f"sqlite:///{tmp_path / 'lib.sqlite'}"
    run = CliRunner()
    paths = [str(p) for p in (EXAMPLE, *_variants(tmp_path, 5))]
    assert run.invoke(app, ["db", "load", *paths, "--db", url]).exit_code == 0
    assert run.invoke(app, ["library", "build", "--all-tables", "--db", url]).exit_code == 0
    new = tmp_path / "new.txt"
    new.write_text(EXAMPLE.read_text("utf-8").replace("5000元/人", "50000元/人"), "utf-8")
    result = run.invoke(app, ["library", "check", str(new), "--benchmarks", "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    found = [f for r in json.loads(result.stdout) for f in r["findings"]]
    assert [f["code"] for f in found] == ["cost.unit-outlier"]
    assert (
        found[0]["indicator"] == "奖励标准" and "p10–p90 为 5000–5000元/人" in found[0]["message"]
    )
