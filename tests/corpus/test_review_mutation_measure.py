"""The review of the corpus texts mutated within their family (``review_mutations.py``): floors.

A rule that keys on how a table is laid out (full-width ％, traditional 災, one cell a line)
instead of what it says raises its finding on the original and loses it on the copy. Each
mutation is scored on the reviewed files it changes against the same reviewer labels; a copy
must agree with the reviewer as well as its original does, except where a floor below says
why not.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import review_measure  # noqa: E402
import review_mutations  # noqa: E402

#: Per mutation, how far the copies may fall short of their originals:
#: (must-flag hits lost, false alarms gained, grades exact lost, within one lost).
#: Measured on 2026-12-06. One cell a line (and one ``cell |`` a line) still loses 067: two
#: projects whose borders only the rows showed, which the reader joins into one. Rows run
#: together (glued) lose 067 too, 037's sentence targets, 042's and 072's rows whose name
#: and value the grammar cuts elsewhere (the reading floor of glued rows says the same).
SHORTFALL: dict[str, tuple[int, int, int, int]] = {
    variant: (0, 0, 0, 0) for variant in review_mutations.VARIANTS
} | {"cell-lines": (8, 0, 1, 1), "pipe-cells": (8, 0, 1, 1), "glued": (12, 0, 2, 1)}


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, review_mutations.Pair]:
    return review_mutations.measure(review_mutations.VARIANTS, tmp_path_factory.mktemp("mut"))


def test_every_mutation_keeps_the_review_of_its_original(
    measured: dict[str, review_mutations.Pair], capsys: pytest.CaptureFixture[str]
) -> None:
    with capsys.disabled():
        sys.stdout.write("\n" + review_mutations.report(measured) + "\n")
    assert set(measured) == set(SHORTFALL)
    worse = {}
    for variant, (base, mut) in measured.items():
        assert base.items == mut.items and base.items > 0, variant  # the same labels judged
        lost = (
            base.hits - mut.hits,
            mut.false - base.false,
            base.exact - mut.exact,
            base.within - mut.within,
        )
        if any(got > allowed for got, allowed in zip(lost, SHORTFALL[variant], strict=True)):
            worse[variant] = lost
    assert worse == {}, f"copies fall further behind their originals than {SHORTFALL}"


def test_names_are_relabelled_only_where_the_copy_rewrites_them() -> None:
    review = {
        "tables": [
            {
                "project_name": "乙项目",
                "clean": ["培训人数(≥**人)"],
                "must_flag": [{"indicator": "救助人次(≤**人)", "area": "values"}],
            }
        ]
    }
    half = review_mutations.relabelled(review, "halfwidth")["tables"][0]
    assert half["clean"] == ["培训人数(>=**人)"]
    assert half["must_flag"][0]["indicator"] == "救助人次(<=**人)"
    assert review_mutations.relabelled(review, "crlf") is review
    assert review_measure.norm("人次（≥**人）") == review_measure.norm("人次(≥**人)")
