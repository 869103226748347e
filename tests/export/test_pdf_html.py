"""PDF text is selectable with an embedded CJK font; HTML escapes every cell."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from export_helpers import example_tables
from export_synthetic import synthetic_batch

from jixiao.export import write

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils not installed"
)


def _text(pdf: Path, page: int) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@needs_poppler
def test_pdf_text_is_selectable_and_the_font_embedded(tmp_path: Path) -> None:
    """pdftotext finds the Chinese text; pdffonts lists the WenQuanYi subset as embedded."""
    out = tmp_path / "wuhu.pdf"
    write(example_tables(), "pdf", out)
    first = _text(out, 1)
    for words in (
        "项目支出绩效目标表",
        "(2024年度)",
        "2023年劳模表彰大会经费",
        "指标1:表彰劳模和先进工作者",
        "74.5",
    ):
        assert words in first
    assert "芜湖市劳模综合服务资金" in _text(out, 2)
    fonts = subprocess.run(
        ["pdffonts", str(out)], check=True, capture_output=True, text=True
    ).stdout
    line = next(x for x in fonts.splitlines() if "WenQuanYiMicroHei" in x)
    assert line.split()[-5:-3] == ["yes", "yes"]  # emb, sub


@needs_poppler
def test_pdf_long_table_repeats_the_indicator_header_on_each_page(tmp_path: Path) -> None:
    """A table with 120 indicators runs over pages; each page starts with the header row."""
    table = synthetic_batch(seed=1, count=1)[0]
    long = replace(table, indicators=table.indicators * (120 // len(table.indicators) + 1))
    out = tmp_path / "long.pdf"
    write([long], "pdf", out)
    pages = int(
        next(
            x
            for x in subprocess.run(
                ["pdfinfo", str(out)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if x.startswith("Pages")
        ).split()[1]
    )
    assert pages >= 3
    for page in range(2, pages + 1):
        assert "三级指标" in _text(out, page)


def test_html_escapes_markup_in_every_cell(tmp_path: Path) -> None:
    """A <script> in a name and <p> in a goal are shown as text, never run."""
    table = example_tables()[0]
    hostile = replace(
        table,
        goals=("<p>目标</p>",),
        indicators=(
            replace(table.indicators[0], name="<script>alert(1)</script>"),
            *table.indicators[1:],
        ),
    )
    out = tmp_path / "t.html"
    write([hostile], "html", out)
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;p&gt;目标&lt;/p&gt;" in page
    assert 'rowspan="11"' in page  # 绩效指标 over the header and ten indicators
    assert "<link" not in page and "src=" not in page  # self-contained
