"""The real self-evaluation tables of the corpus: they score without crashing, and where the
unit wrote its own scores, the recomputed ones are compared and differences reported."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.ingest import read_path
from jixiao.scoring import score_table

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SELF_EVALS = sorted(CORPUS.glob("*selfeval*.txt"))


def test_the_corpus_has_its_five_self_evaluations() -> None:
    assert {"002", "005", "022", "027", "054"} <= {p.name[:3] for p in SELF_EVALS}


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_score_runs_on_every_corpus_file(path: Path) -> None:
    result = CliRunner().invoke(app, ["score", str(path), "--json"])
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.stdout)
    assert doc["schema"] == "jixiao.score/1"
    for table in doc["tables"]:
        assert table["grade"] in ("优", "良", "中", "差")


def _sheet(prefix: str):  # type: ignore[no-untyped-def]
    path = next(p for p in SELF_EVALS if p.name.startswith(prefix))
    (table,) = [t for t in read_path(path).tables if t.kind == "self_evaluation"]
    return score_table(table)


def test_suixi_2019_full_marks_for_missed_targets_are_recomputed() -> None:
    # The unit gave 5/5 for 4604 of ">=4754人" and 10/10 for 5830元 against "<=5300元/户".
    sheet = _sheet("027")
    mismatched = {
        f.indicator: f.message for f in sheet.findings if f.code == "selfeval.score-mismatch"
    }
    assert len(mismatched) == 2
    by_name = {s.indicator.name: s for s in sheet.indicators}
    special = next(n for n in mismatched if "特困人员救助供养人数" in n)
    ceiling = next(n for n in mismatched if "扶贫临时救助标准" in n)
    assert (by_name[special].reported_score, by_name[special].score) == (
        Decimal(5),
        Decimal("4.84"),
    )
    assert by_name[special].explain.endswith("5 × 4604/4754 = 4.84")
    assert by_name[ceiling].explain.endswith("10 × 5300/5830 = 9.09")


def test_tianchang_2022_reported_scores_stand() -> None:
    sheet = _sheet("054")
    assert [f.code for f in sheet.findings if f.code.startswith("selfeval.score")] == []
    assert (sheet.total, sheet.reported_total, sheet.grade) == (100, 100, "优")


def test_terminal_view_and_usage_errors() -> None:
    path = next(p for p in SELF_EVALS if p.name.startswith("027"))
    shown = CliRunner().invoke(app, ["score", str(path), "--scheme", "hubei"])
    assert shown.exit_code == 0, shown.output
    assert "总分" in shown.stdout and "selfeval.score-mismatch" in shown.stdout
    assert CliRunner().invoke(app, ["score", str(path), "--scheme", "nowhere"]).exit_code == 2
    missing = CliRunner().invoke(app, ["score", str(path.with_name("no-such-file.txt"))])
    assert missing.exit_code == 1
