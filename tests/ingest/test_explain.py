"""The --explain page: the grid as read, rows coloured by role, indicators marked."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from jixiao.ingest import read_path
from jixiao.ingest.explain import explain_html


def test_explain_shows_merges_roles_and_indicators(made: dict[str, Path]) -> None:
    page = explain_html(made["xlsx"])
    roles = Counter(re.findall(r"data-role='(\w+)'", page))
    assert (roles["title"], roles["block"], roles["indicator"], roles["funds"]) == (6, 6, 59, 24)
    assert "rowspan='4' colspan='2'>项目资金" in page
    paths = [i.path for t in read_path(made["xlsx"]).tables for i in t.indicators]
    assert all(p in page for p in paths)
    assert "识别出 6 张表, 59 个三级指标" in page


def test_explain_shows_why_nothing_was_read(made: dict[str, Path], tmp_path: Path) -> None:
    assert "parse.scanned-pdf" in explain_html(made["scanned"])
    junk = tmp_path / "photo.png"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert "parse.corrupt" in explain_html(junk)  # an image (for OCR) that cannot be opened
