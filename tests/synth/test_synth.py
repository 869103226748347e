"""The synthetic corpus: deterministic, in the real text layout, readable by the real parser."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.ingest import read_path, read_text
from jixiao.synth import generate, table_to_text, tables_to_text
from jixiao.synth.defects import DEFECTS
from repo_files import EXAMPLE


def test_text_form_reproduces_the_first_wuhu_table_byte_for_byte() -> None:
    original = EXAMPLE.read_text(encoding="utf-8")
    first_block = original.lstrip("\n").split("\n\n## ")[0]
    rendered = table_to_text(read_path(EXAMPLE).tables[0])
    # The published file titles its first table "# …" and the others "## …".
    assert rendered == "#" + first_block + "\n\n"


def test_same_seed_same_tables_other_seed_other_tables() -> None:
    assert generate(120, seed=5) == generate(120, seed=5)
    assert generate(120, seed=5) != generate(120, seed=6)


def test_parser_reads_back_every_generated_table() -> None:
    made = [s.table for s in generate(80, seed=11)]
    parsed = read_text(tables_to_text(made), "synth.txt")
    assert [p.without_sources() for p in parsed.tables] == made
    assert [p.code for p in parsed.problems if p.severity == "error"] == []


def test_projects_run_over_years_with_drifting_funds() -> None:
    made = [s.table for s in generate(400, seed=2, years=4)]
    by_project: dict[tuple[str | None, str | None], list] = {}
    for t in made:
        by_project.setdefault((t.project.department_code, t.project.name), []).append(t)
    full = [ts for ts in by_project.values() if len(ts) == 4]
    assert len(full) == 100
    assert all([t.fiscal_year for t in ts] == [2021, 2022, 2023, 2024] for ts in full)
    drifting = [ts for ts in full if len({t.funds.total for t in ts}) > 1]
    assert len(drifting) >= 90


def test_defect_share_is_controlled() -> None:
    made = generate(2000, seed=3, defect_share=0.2)
    labels = Counter(d for s in made for d in s.defects)
    defective = sum(1 for s in made if s.defects)
    assert 300 <= defective <= 500
    assert set(labels) == set(DEFECTS)
    assert not any(s.defects for s in generate(300, seed=3, defect_share=0.0))


def test_cli_writes_one_file_per_department_and_year(tmp_path: Path) -> None:
    labels = tmp_path / "labels.jsonl"
    result = CliRunner().invoke(
        app,
        [
            "synth",
            "--tables",
            "90",
            "-o",
            str(tmp_path / "c"),
            "--seed",
            "1",
            "--labels",
            str(labels),
        ],
    )
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "c").glob("*.txt"))
    tables = [t for f in files for t in read_path(f).tables]
    assert len(tables) == 90
    assert all(
        {t.project.department_code for t in read_path(f).tables} == {f.name.split("-")[0]}
        for f in files
    )
    assert len(labels.read_text(encoding="utf-8").splitlines()) == 90
