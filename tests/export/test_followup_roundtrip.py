"""Round trips of self-evaluation and monitoring tables (自评表, 运行监控表)."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_helpers import differences, form_to_grid
from export_synthetic import synthetic_batch

from jixiao.export import write
from jixiao.export.layouts import form_of
from jixiao.ingest import read_path
from jixiao.ingest.layout import grids_to_result

KINDS = ("self_evaluation", "monitoring")


@pytest.mark.parametrize("kind", KINDS)
def test_layout_reads_back_as_a_grid(kind: str) -> None:
    """The 自评表 / 监控表 layout parses back to the same tables."""
    tables = synthetic_batch(seed=3, count=6, kind=kind)  # type: ignore[arg-type]
    got = grids_to_result((form_to_grid([form_of(t) for t in tables]),)).tables
    assert differences(got, tables) == []


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf", "html"])
@pytest.mark.parametrize("kind", KINDS)
def test_file_round_trip(kind: str, fmt: str, tmp_path: Path) -> None:
    """parse(export(t)) == t for generated 自评表 and 监控表 in every grid format."""
    tables = synthetic_batch(seed=5, count=3, kind=kind)  # type: ignore[arg-type]
    out = tmp_path / f"{kind}.{fmt}"
    write(tables, fmt, out)
    assert differences(read_path(out).tables, tables) == []
