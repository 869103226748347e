"""Paths and fixtures shared by the ingest tests (imported, not a conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
EXAMPLE = REPO / "src" / "jixiao" / "data" / "examples" / "wuhu-2024-targets.txt"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def example_text() -> str:
    """The bundled example, as text."""
    return EXAMPLE.read_text(encoding="utf-8")
