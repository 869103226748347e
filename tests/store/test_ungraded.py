"""A table read only in part has no grade (null): the store, its listing and the exports keep working."""

from __future__ import annotations

import json
from pathlib import Path

from storehelp import EXAMPLE
from typer.testing import CliRunner

from jixiao.cli import app


def _fragment(tmp_path: Path) -> Path:
    # The first Wuhu table cut off after its first two indicator rows: a fragment.
    text = EXAMPLE.read_text("utf-8")
    first = text[: text.index("项目名称", text.index("项目名称") + 1)]
    lines = first.splitlines()
    row = next(n for n, line in enumerate(lines) if "数量指标" in line)
    path = tmp_path / "fragment.txt"
    path.write_text("\n".join(lines[: row + 2]) + "\n", "utf-8")
    return path


def test_fragment_is_not_graded_and_says_why(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(_fragment(tmp_path)), "--json"])
    (table,) = json.loads(result.stdout)["tables"]
    assert table["grade"] is None
    assert table["grade_reason"].startswith("无法评级")
    shown = CliRunner().invoke(app, ["check", str(_fragment(tmp_path))])
    assert "无法评级" in shown.stdout


def test_ungraded_table_loads_lists_and_exports(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    loaded = runner.invoke(app, ["db", "load", str(_fragment(tmp_path)), "--db", db_url])
    assert loaded.exit_code == 0, loaded.output
    listed = runner.invoke(app, ["db", "list", "--json", "--db", db_url, "--year", "2024"])
    assert listed.exit_code == 0, listed.output
    (row,) = json.loads(listed.stdout)
    assert row["grade"] is None
    out = tmp_path / "export"
    exported = runner.invoke(
        app, ["export", "--all", "--db", db_url, "--to", "xlsx", "-o", str(out)]
    )
    assert exported.exit_code == 0, exported.output
    assert any(p.stat().st_size > 0 for p in out.rglob("*.xlsx"))


def _cut_in_its_tail(tmp_path: Path) -> Path:
    # A made-up cut: the second Wuhu table ends on its satisfaction row, whose value
    # stops at the comparator ("≥"): outputs and effects read, the tail lost.
    text = EXAMPLE.read_text("utf-8")
    starts = [n for n in range(len(text)) if text.startswith("项目名称", n)]
    table = text[text.rindex("(2024年度)", 0, starts[1]) : starts[2]]
    tail = table.index("满意度指标\t满意度指标")
    row = table[tail : table.index("\n", tail)]
    path = tmp_path / "cut.txt"
    path.write_text(table[:tail] + row.replace("≥90%", "≥") + "\n", "utf-8")
    return path


def test_stored_paths_check_a_cut_table_as_check_does(db_url: str, tmp_path: Path) -> None:
    # db load and db recheck must pass the same "read in part" to the rules as
    # `jixiao check`: no 缺少满意度指标 blamed for what the file lost, the same grade.
    from sqlalchemy import select

    from jixiao.store.db import make_engine, session_scope
    from jixiao.store.tables import FindingRow, TableVersion

    path = _cut_in_its_tail(tmp_path)
    runner = CliRunner()
    (checked,) = json.loads(runner.invoke(app, ["check", str(path), "--json"]).stdout)["tables"]
    codes = {f["code"] for f in checked["findings"]}
    assert "internal.table-truncated" in codes and "completeness.missing-satisfaction" not in codes

    def stored() -> tuple[set[str], str | None]:
        with session_scope(make_engine(db_url)) as s:
            (version,) = s.scalars(select(TableVersion)).all()
            found = set(s.scalars(select(FindingRow.code)))
            return found, version.check_grade

    loaded = runner.invoke(app, ["db", "load", str(path), "--db", db_url])
    assert loaded.exit_code == 0, loaded.output
    assert stored() == (codes, checked["grade"])
    rechecked = runner.invoke(app, ["db", "recheck", "--db", db_url, "--json", "-u", "admin"])
    assert rechecked.exit_code == 0, rechecked.output
    assert json.loads(rechecked.stdout)["changed"] == 0
    assert stored() == (codes, checked["grade"])
