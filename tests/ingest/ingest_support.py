"""Paths and fixtures shared by the ingest tests (imported, not a conftest)."""

from __future__ import annotations

import pytest

from repo_files import CORPUS, CORPUS_FILES, EXAMPLE

__all__ = ["CORPUS", "CORPUS_FILES", "EXAMPLE", "example_text"]


@pytest.fixture(scope="session")
def example_text() -> str:
    """The bundled example, as text."""
    return EXAMPLE.read_text(encoding="utf-8")
