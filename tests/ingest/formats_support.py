"""Fixtures for the format reader tests: every format written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from make_fixtures import EXAMPLE, write_all

from jixiao.ingest import read_path
from jixiao.model.project import TargetTable

COMMITTED = Path(__file__).resolve().parents[1] / "fixtures" / "inputs"


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every generated fixture file, by name (see make_fixtures.write_all)."""
    return write_all(tmp_path_factory.mktemp("formats"))


@pytest.fixture(scope="session")
def text_tables() -> list[TargetTable]:
    """The six example tables as the text reader gives them, without sources."""
    return [t.without_sources() for t in read_path(EXAMPLE).tables]
