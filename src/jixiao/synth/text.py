"""Synthetic tables as text, for the corpora and for tests that read text back.

The tab-separated form (the text of a published PDF) is written by
:mod:`jixiao.export.text`, beside the other writers; synth writes its corpora
through it. Other text layouts that only synthetic inputs need belong here.
"""

from __future__ import annotations

from jixiao.export.text import TITLE, table_to_text, tables_to_text, write_text

__all__ = ["TITLE", "table_to_text", "tables_to_text", "write_text"]
