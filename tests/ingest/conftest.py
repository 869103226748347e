"""Fixtures for the ingest tests."""

from formats_support import made, text_tables  # noqa: F401  (re-exported fixtures: real files per format)
from ingest_support import example_text  # noqa: F401  (re-exported fixture)
