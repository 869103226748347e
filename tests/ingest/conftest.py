"""Fixtures for the ingest tests."""

from ingest_support import example_text  # noqa: F401  (re-exported fixture)
