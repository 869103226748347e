"""A synthetic corpus loads completely and its dashboard counts add up."""

from __future__ import annotations

from pathlib import Path

from storehelp import session_for

from jixiao.app import intake
from jixiao.store import repo
from jixiao.synth import generate, write_corpus


def test_synthetic_corpus_loads_and_counts(db_url: str, tmp_path: Path) -> None:
    made = generate(120, seed=4)
    write_corpus(made, tmp_path / "corpus")
    with session_for(db_url) as s:
        reports = list(intake.load_paths(session=s, paths=[tmp_path / "corpus"]))
        again = list(intake.load_paths(session=s, paths=[tmp_path / "corpus"]))
        by = {
            dim: dict(repo.counts(session=s, by=dim))
            for dim in ("department", "year", "status", "grade")
        }
        listed = repo.list_tables(session=s, year=2022)
    assert sum(r.added for r in reports) == 120 and not any(r.error for r in reports)
    assert sum(r.unchanged for r in again) == 120
    assert all(sum(c.values()) == 120 for c in by.values())
    assert by["status"] == {"草稿": 120}
    assert by["year"] == {
        str(y): sum(1 for s in made if s.table.fiscal_year == y) for y in (2021, 2022, 2023, 2024)
    }
    assert len(listed) == by["year"]["2022"]
    assert set(by["grade"]) <= {"优", "良", "中", "差"}
