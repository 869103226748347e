"""Round trips: what jixiao writes, jixiao reads back unchanged (issue 8 acceptance)."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from export_helpers import differences, example_tables, form_to_grid
from export_synthetic import synthetic_batch

from jixiao.export import write
from jixiao.export.layouts import form_of
from jixiao.ingest import read_path
from jixiao.ingest.layout import grids_to_result
from jixiao.model.project import Funds
from jixiao.model.serialize import result_from_dict
from jixiao.model.values import TargetValue

GRID_FORMATS = ("xlsx", "docx", "pdf", "html")


def read_back(path: Path, fmt: str) -> list:
    """Given an exported file, return the tables jixiao reads from it."""
    if fmt == "json":
        return list(result_from_dict(json.loads(path.read_text(encoding="utf-8"))).tables)
    return list(read_path(path).tables)


def test_layout_reads_back_as_a_grid() -> None:
    """The printed layout itself (before any file format) parses back to the same tables."""
    tables = example_tables()
    got = grids_to_result((form_to_grid([form_of(t) for t in tables]),)).tables
    assert differences(got, tables) == []


@pytest.mark.parametrize("fmt", [*GRID_FORMATS, "json"])
def test_examples_round_trip(fmt: str, tmp_path: Path) -> None:
    """parse(export(t)) == t for the six Wuhu tables, all in one output file."""
    tables = example_tables()
    assert len(tables) == 6
    out = tmp_path / f"wuhu.{fmt}"
    write(tables, fmt, out)
    assert differences(read_back(out, fmt), tables) == []


@pytest.mark.parametrize("fmt", [*GRID_FORMATS, "json"])
def test_synthetic_batch_round_trip(fmt: str, tmp_path: Path) -> None:
    """parse(export(t)) == t for a seeded batch of generated target tables."""
    tables = synthetic_batch(seed=8, count=12)
    out = tmp_path / f"batch.{fmt}"
    write(tables, fmt, out)
    assert differences(read_back(out, fmt), tables) == []


@pytest.mark.parametrize("fmt", [*GRID_FORMATS, "json"])
def test_target_table_with_indicator_weights_round_trips(fmt: str, tmp_path: Path) -> None:
    """A 目标表 whose indicators carry a 权重 keeps the weights (a 分值 column, a JSON key)."""
    tables = [
        replace(
            t,
            indicators=tuple(
                replace(i, weight=Decimal(10 + k % 3)) for k, i in enumerate(t.indicators)
            ),
        )
        for t in synthetic_batch(seed=3, count=3)
        if t.kind == "target"
    ]
    assert tables and all(i.weight is not None for t in tables for i in t.indicators)
    out = tmp_path / f"weighted.{fmt}"
    write(tables, fmt, out)
    assert differences(read_back(out, fmt), tables) == []


@pytest.mark.parametrize("fmt", GRID_FORMATS)
def test_self_evaluation_row_with_only_an_actual_value_round_trips(
    fmt: str, tmp_path: Path
) -> None:
    """A self-evaluation row with an empty 年度指标值 but a 实际完成值 keeps both in place."""
    source = example_tables()[0]
    inds = [replace(i, actual=i.value) for i in source.indicators]
    inds[1] = replace(inds[1], value=TargetValue(raw="", kind="qualitative"))
    # Funds as a self-evaluation gives them (execution columns) are not this test's point.
    tables = [replace(source, kind="self_evaluation", funds=Funds(), indicators=tuple(inds))]
    out = tmp_path / f"actual_only.{fmt}"
    write(tables, fmt, out)
    assert differences(read_back(out, fmt), tables) == []
