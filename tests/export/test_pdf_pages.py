"""PDF pages: rows taller than a page are continued, and the bundle's contents page is right.

pdftotext (poppler-utils, installed by scripts/system-deps.sh) reads the pages back.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

from export_helpers import example_tables

from jixiao.export import write, write_bundle
from jixiao.export.form import Box, Form
from jixiao.export.form_split import cut_text, split_row
from jixiao.ingest import read_path

PHRASE = "目标很长的一段文字,"


def _text(pdf: Path, first: int = 1, last: int | None = None) -> str:
    args = ["pdftotext", "-f", str(first), "-l", str(last or first), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]


def _long_goals():
    table = example_tables()[0]
    return replace(table, goals=(PHRASE * 400,))


def test_goals_taller_than_a_page_continue_on_the_next_page(tmp_path: Path) -> None:
    """4,000 characters of goals: reportlab stopped with LayoutError; now every character prints."""
    out = tmp_path / "long.pdf"
    write([_long_goals()], "pdf", out)
    pages = _pages(out)
    assert pages >= 2
    text = re.sub(r"\s", "", _text(out, 1, pages))
    assert text.count(PHRASE) == 400
    # The indicators still follow, all of them, and read back.
    (back,) = read_path(out).tables
    assert len(back.indicators) == len(example_tables()[0].indicators)
    assert "".join(back.goals) == PHRASE * 400


def test_bundle_contents_give_the_page_each_form_starts_on(tmp_path: Path) -> None:
    """Predicted page numbers hold with a multi-page form and an over-tall row in the bundle."""
    tables = list(example_tables())
    long = replace(tables[2], indicators=tables[2].indicators * 14)  # four pages or so
    bundle = [tables[0], long, _long_goals(), tables[3], tables[5]]
    bundle = [
        replace(t, project=replace(t.project, name=f"第{n}号项目")) for n, t in enumerate(bundle)
    ]
    out = tmp_path / "bundle.pdf"
    write_bundle(bundle, "pdf", out)
    entries = re.findall(r"^(\d+)\. (第\d号项目)\s*$", _text(out, 1), flags=re.M)
    numbers = [int(n) for n in re.findall(r"^(\d+)\s*$", _text(out, 1), flags=re.M)]
    assert [name for _, name in entries] == [f"第{n}号项目" for n in range(5)]
    starts = numbers[-5:]
    assert starts == sorted(starts) and starts[1] - starts[0] == 1 and starts[2] - starts[1] >= 3
    for (_, name), page in zip(entries, starts, strict=True):
        assert name in _text(out, page), (name, page)
        if page > starts[0]:  # the page before the first form is the summary, listing all
            assert name not in _text(out, page - 1), (name, page)
    assert _pages(out) >= starts[-1]


def test_cut_text_keeps_every_character_in_order() -> None:
    text = "甲" * 25 + "\n" + "乙" * 3 + "\n" + "丙" * 4
    parts = cut_text(text, 3)
    assert len(parts) >= 3 and all(len(p) <= 12 for p in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")
    assert cut_text("短", 4) == ["短"] and cut_text("", 2) == [""]


def test_split_row_gives_the_other_boxes_on_the_row_the_new_rows() -> None:
    form = Form(
        title="t",
        subtitle="s",
        sheet_name="x",
        widths=(4, 10),
        boxes=(
            Box(0, 0, "块", rowspan=2),
            Box(0, 1, "上"),
            Box(1, 1, "长" * 30),
            Box(2, 0, "表头", role="head"),
            Box(2, 1, "下"),
        ),
        repeat_from=2,
    )
    out = split_row(form, 1, 1, 3)
    boxes = {(b.row, b.col): b for b in out.boxes}
    assert boxes[(0, 0)].rowspan == 4  # the spanning label now covers the pieces
    assert [boxes[(r, 1)].text for r in (1, 2, 3)] == ["长" * 10] * 3
    assert boxes[(4, 0)].text == "表头" and out.repeat_from == 4
    assert split_row(form, 0, 0, 3) == form  # a box spanning rows is left alone


def test_a_wrong_prediction_is_corrected_by_a_second_pass(tmp_path: Path, monkeypatch) -> None:
    """If a form lands elsewhere than predicted, the contents still give the real pages."""
    from jixiao.export.bundle import pdf as bundle_pdf

    real = bundle_pdf._front_pages
    monkeypatch.setattr(
        bundle_pdf, "_front_pages", lambda *a: (real(*a)[0], real(*a)[1] + 5)
    )  # predicts every form five pages late
    tables = list(example_tables())[:3]
    out = tmp_path / "b.pdf"
    write_bundle(tables, "pdf", out)
    starts = [int(n) for n in re.findall(r"^(\d+)\s*$", _text(out, 1), flags=re.M)][-3:]
    assert starts == [3, 4, 5]
    assert tables[2].project.name in _text(out, 5)


def test_an_indicator_taller_than_a_page_continues_under_a_repeated_header(tmp_path: Path) -> None:
    table = example_tables()[0]
    first = replace(table.indicators[0], name="说明" * 1500)
    out = tmp_path / "tall.pdf"
    write([replace(table, indicators=(first, *table.indicators[1:]))], "pdf", out)
    pages = _pages(out)
    assert pages >= 3
    assert (
        re.sub(r"\s", "", _text(out, 1, pages)).count("说") == 1500
    )  # cuts may fall inside "说明"
    assert all("三级指标" in _text(out, p) for p in range(2, pages + 1))
