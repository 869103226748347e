"""The store stores what the application's review computed (issues 14 and 18).

``db load`` and ``db recheck`` store, for every version, exactly the findings the rules
give on its content (and, for a follow-up table, its differences from the stored
target); once an indicator library is built, the benchmark rules are fed as in the
editor's live check, so a 10× unit cost is stored as ``cost.unit-outlier`` and its twin
is not. Without a library they stay silent, as before.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner

from jixiao.app.review import configured_checker
from jixiao.app.settings import rule_config
from jixiao.cli import app
from jixiao.ingest import read_path
from jixiao.model import parse_value
from jixiao.rules import check_table
from jixiao.scoring.consistency import target_changed
from jixiao.store import mapping
from jixiao.store.current import current_version_ids
from jixiao.store.db import make_engine, session_scope
from jixiao.store.load import load_tables
from jixiao.store.tables import FindingRow, TableVersion
from repo_files import EXAMPLE

Row = tuple[Any, ...]


def _row(f: dict[str, Any]) -> Row:
    location = json.dumps(f["location"], sort_keys=True, ensure_ascii=False)
    return (
        f["code"],
        f["severity"],
        f["message"],
        f["indicator"],
        f["path"],
        f["criterion"],
        location,
    )


def _stored(url: str) -> dict[str, list[Row]]:
    """Return the findings of every table's current version, keyed by content sha256."""
    engine = make_engine(url)
    out: dict[str, list[Row]] = {}
    with session_scope(engine) as s:
        for vid in s.scalars(current_version_ids()):
            version = s.get(TableVersion, vid)
            assert version is not None
            found = s.scalars(select(FindingRow).where(FindingRow.version_id == vid))
            out[version.sha256] = sorted(
                _row(
                    {
                        "code": f.code,
                        "severity": f.severity,
                        "message": f.message,
                        "indicator": f.indicator,
                        "path": f.path,
                        "criterion": f.criterion,
                        "location": f.location,
                    }
                )
                for f in found
            )
    engine.dispose()
    return out


def _expected(url: str, tables: Any) -> dict[str, list[Row]]:
    """The rules run directly on each table, with the database's rule configuration."""
    engine = make_engine(url)
    with session_scope(engine) as s:
        config = rule_config(session=s)
    engine.dispose()
    return {
        mapping.content_sha256(t): sorted(
            _row(f) for f in mapping.finding_rows(check_table(t, config).findings)
        )
        for t in tables
    }


def _codes(url: str, table: Any) -> set[str]:
    return {r[0] for r in _stored(url)[mapping.content_sha256(table)]}


def test_load_and_recheck_store_what_the_rules_say(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'review.sqlite'}"
    run = CliRunner()
    assert run.invoke(app, ["db", "load", str(EXAMPLE), "--db", url]).exit_code == 0
    tables = read_path(EXAMPLE).tables
    expected = _expected(url, tables)
    assert len(expected) == len(tables) == 6
    assert sum(len(v) for v in expected.values()) > 0  # the example has findings to compare
    assert _stored(url) == expected
    result = run.invoke(app, ["db", "recheck", "--db", url, "--user", "admin"])
    assert result.exit_code == 0, result.output
    assert _stored(url) == expected
    # A follow-up table: its own rules plus its differences from the stored target.
    target = tables[0]
    changed = replace(target.indicators[0], value=parse_value("≥99999场"))
    selfeval = replace(target, kind="self_evaluation", indicators=(changed, *target.indicators[1:]))
    engine = make_engine(url)
    with session_scope(engine) as s:
        load_tables(session=s, tables=[selfeval], checker=configured_checker(session=s))
    engine.dispose()
    (stored_target,) = [t for t in tables if t.project.name == selfeval.project.name]
    follow = mapping.finding_rows(target_changed(selfeval, stored_target, ()))
    assert follow, "a changed target value is a consistency finding"
    own = _expected(url, [selfeval])[mapping.content_sha256(selfeval)]
    assert _stored(url)[mapping.content_sha256(selfeval)] == sorted(
        [*own, *(_row(f) for f in follow)]
    )
    assert run.invoke(app, ["db", "recheck", "--db", url, "--user", "admin"]).exit_code == 0
    assert _stored(url)[mapping.content_sha256(selfeval)] == sorted(
        [*own, *(_row(f) for f in follow)]
    )


def _variant(folder: Path, n: int, *, cost: str = "5000元/人") -> Path:
    path = folder / f"dept-{900 + n}.txt"
    text = EXAMPLE.read_text("utf-8").replace("芜湖市总工会-508", f"某市总工会{n}-{900 + n}")
    path.write_text(text.replace("5000元/人", cost), "utf-8")
    return path


def _only(path: Path, project: str) -> Any:
    (found,) = [t for t in read_path(path).tables if t.project.name == project]
    return found


#: The example's project whose 奖励标准 (元/人) is the unit cost under test.
PROJECT = "2023年劳模表彰大会经费"


def test_no_library_no_benchmark_findings(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'none.sqlite'}"
    paths = [str(EXAMPLE), *(str(_variant(tmp_path, n)) for n in range(5))]
    outlier = _variant(tmp_path, 50, cost="50000元/人")
    result = CliRunner().invoke(app, ["db", "load", *paths, str(outlier), "--db", url])
    assert result.exit_code == 0, result.output
    codes = _codes(url, _only(outlier, PROJECT))
    assert "cost.arithmetic" in codes  # checked, but without peers
    assert "cost.unit-outlier" not in codes


def test_db_load_and_recheck_store_the_benchmark_findings(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bench.sqlite'}"
    run = CliRunner()
    peers = [EXAMPLE, *(_variant(tmp_path, n) for n in range(5))]
    assert run.invoke(app, ["db", "load", *map(str, peers), "--db", url]).exit_code == 0
    result = run.invoke(app, ["library", "build", "--all-tables", "--db", url])
    assert result.exit_code == 0, result.output
    # With the library: the 10× unit cost is stored flagged, its twin is not.
    outlier_file = _variant(tmp_path, 60, cost="50000元/人")
    twin_file = _variant(tmp_path, 61)
    loaded = run.invoke(app, ["db", "load", str(outlier_file), str(twin_file), "--db", url])
    assert loaded.exit_code == 0, loaded.output
    outlier, twin = _only(outlier_file, PROJECT), _only(twin_file, PROJECT)

    def check() -> None:
        stored = _stored(url)[mapping.content_sha256(outlier)]
        (finding,) = [r for r in stored if r[0] == "cost.unit-outlier"]
        assert finding[3] == "奖励标准" and f"{PROJECT}(5000元/人)" in finding[2]
        assert "cost.unit-outlier" not in _codes(url, twin)
        assert "values.target-outlier" not in _codes(url, twin)
        # Each peer against the five others (a table is not its own peer): no outlier.
        for path in peers:
            assert "cost.unit-outlier" not in _codes(url, _only(path, PROJECT))

    check()
    # A re-check feeds the same peers: the stored findings stay.
    assert run.invoke(app, ["db", "recheck", "--db", url, "--user", "admin"]).exit_code == 0
    check()
