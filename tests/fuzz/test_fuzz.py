"""The fuzz harness in the normal suite: a short fixed-seed run, and every input it ever found.

``FUZZ_SECONDS`` (default 40) bounds the run; ``make fuzz`` runs longer with a new seed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import fuzz_harness
import pytest

from jixiao.ingest import read_bytes, read_bytes_strict

FUZZ_SECONDS = float(os.environ.get("FUZZ_SECONDS", "40"))
FIXED_SEED = 20
#: Seconds one input may take in the suite: the harness reports over 5 s, but the
#: suite shares two cores with other jobs, so the bound here leaves room for load.
SUITE_SLOW_LIMIT = 20.0
#: Peak memory growth over a run that stays sane (a leak or a blow-up would not).
SUITE_MEMORY_MB = 1500.0
REGRESSIONS = sorted(p for p in fuzz_harness.REGRESSIONS.iterdir() if p.is_file())


def test_fixed_seed_run_finds_no_exception(tmp_path: Path) -> None:
    report = fuzz_harness.run(FUZZ_SECONDS, FIXED_SEED, save=tmp_path)
    summary = "\n".join(report.lines())
    # Every format and every kind of mutation was really tried.
    assert set(report.by_ext) == {"txt", "xls", "ods", *fuzz_harness.EXPORT_FORMATS}, summary
    assert set(report.by_mutation) >= {
        *fuzz_harness.GENERIC,
        "zip-header",
        "zip-parts",
        "pdf-structure",
        "ole-header",
    }
    assert report.inputs >= 100, summary
    # What raised is kept in tmp_path: copy it to tests/fuzz/regressions with a fix.
    assert not report.escapes, summary
    assert not report.raises, f"{summary}\ninputs kept in {tmp_path}"
    assert not report.hangs, summary
    assert report.slowest < SUITE_SLOW_LIMIT, summary
    assert report.rss_growth_mb < SUITE_MEMORY_MB, summary


def test_regression_folder_is_not_empty() -> None:
    # The crafted zip versions at least; a lost folder would pass silently.
    names = [p.name for p in REGRESSIONS]
    assert any(re.search(r"zip-version-(70|80|97)", n) for n in names)
    assert len(names) >= 6


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_regression_is_a_coded_problem(path: Path) -> None:
    data = path.read_bytes()
    result = read_bytes_strict(data, path.name)  # no reader lets an exception out
    assert result == read_bytes(data, path.name)
    assert result.problems, "a hostile input must be reported, not read silently"
    for problem in result.problems:
        assert re.fullmatch(r"parse\.[a-z0-9-]+", problem.code)
        assert problem.source.file == path.name
        assert re.search(r"[\u4e00-\u9fff]", problem.message)


def test_harness_replays_an_input_exactly(tmp_path: Path) -> None:
    # A finding is reported by seed and number; replaying it must give the same bytes.
    # Input 15 mutates a committed text (formats are taken in turn): exported seeds carry
    # their export time, so for those the file --save kept is the reproducer.
    first = fuzz_harness.replay(FIXED_SEED, 15, tmp_path / "a")
    again = fuzz_harness.replay(FIXED_SEED, 15, tmp_path / "b")
    assert first.suffix == ".txt"
    assert first.name == again.name and first.read_bytes() == again.read_bytes()
