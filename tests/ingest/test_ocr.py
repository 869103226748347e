"""Issue 17: scanned PDFs and photos of tables read by OCR into the same grid.

The scans are made here: the project's PDF exporter prints the example tables, and
the pages are rasterised, turned, speckled, stamped and JPEG-compressed like a real
scan (tests/ingest/ocr_support.py). The full six-table run is bench/bench_ocr.py.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from ocr_support import FONT, Scan, exact_headers, exact_indicators, printed_pages, scanned_pdf
from PIL import Image, ImageDraw, ImageFont

from jixiao.ingest import read_bytes, read_path
from jixiao.ingest.ocr import lines, reader
from jixiao.ingest.ocr.glyphs import comparator, fix_commas
from jixiao.model.project import TargetTable

pytest.importorskip("rapidocr_onnxruntime")


@pytest.fixture(scope="module")
def first_two(
    text_tables: list[TargetTable], tmp_path_factory: pytest.TempPathFactory
) -> list[TargetTable]:
    return text_tables[:2]


@pytest.fixture(scope="module")
def pages(
    first_two: list[TargetTable], tmp_path_factory: pytest.TempPathFactory
) -> list[Image.Image]:
    return printed_pages(first_two, tmp_path_factory.mktemp("print") / "two.pdf", 150)


def _score(path: Path, truth: list[TargetTable]) -> tuple[int, int, int]:
    result = read_path(path)
    read = list(result.tables)
    return len(read), exact_indicators(read, truth), exact_headers(read, truth)


def test_degraded_scan_reads_like_the_printed_tables(
    pages: list[Image.Image], first_two: list[TargetTable], tmp_path: Path
) -> None:
    # 150 dpi grey, turned by 0.6°, speckled, JPEG at quality 75, image-only PDF.
    path = scanned_pdf(pages, Scan(), tmp_path / "scan.pdf")
    total = sum(len(t.indicators) for t in first_two)
    tables, exact, headers = _score(path, first_two)
    assert (tables, headers) == (2, 2)
    # Measured: 20 of 20 (docs/ocr.md, accuracy reached); one is left for the
    # recogniser's batch-dependent answers on another machine's onnxruntime.
    assert exact >= total - 1, f"{exact}/{total}"


def test_page_scanned_a_quarter_turned_is_read_upright(
    pages: list[Image.Image], first_two: list[TargetTable], tmp_path: Path
) -> None:
    path = scanned_pdf(pages[:1], Scan(quarter_turn=True), tmp_path / "turned.pdf")
    tables, exact, headers = _score(path, first_two[:1])
    assert (tables, headers) == (1, 1)
    assert exact >= len(first_two[0].indicators) - 1


def test_red_seal_over_cells_does_not_hide_them(
    pages: list[Image.Image], first_two: list[TargetTable], tmp_path: Path
) -> None:
    # The seal sits over the project name and the funds rows, as 盖章版 scans have it.
    path = scanned_pdf(pages[:1], Scan(seal=True), tmp_path / "sealed.pdf")
    tables, exact, headers = _score(path, first_two[:1])
    assert (tables, headers) == (1, 1)
    assert exact >= len(first_two[0].indicators) - 1


def test_multipage_tiff_keeps_pages_spans_and_cells(
    pages: list[Image.Image], first_two: list[TargetTable]
) -> None:
    buf = io.BytesIO()
    pages[0].save(buf, "TIFF", save_all=True, append_images=[pages[1]], compression="tiff_lzw")
    result = read_bytes(buf.getvalue(), "scan.tif")
    assert [t.project.name for t in result.tables] == [t.project.name for t in first_two]
    last = result.tables[1].indicators[-1].source
    assert last is not None and (last.file, last.page) == ("scan.tif", 2)
    grid = reader.read_image(buf.getvalue(), "scan.tif").grids[0]
    label = next(c for r in grid.rows for c in r.cells if c.text == "绩效指标")
    assert label.rowspan > 5 and label.source is not None and label.source.column == 1


def test_png_is_read_by_content_not_name(
    pages: list[Image.Image], first_two: list[TargetTable]
) -> None:
    buf = io.BytesIO()
    pages[0].save(buf, "PNG")
    result = read_bytes(buf.getvalue(), "照片.dat")
    assert [t.funds.total for t in result.tables] == [first_two[0].funds.total]


def test_cells_below_the_threshold_are_flagged_with_page_and_cell(
    pages: list[Image.Image], monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the bar above any confidence, every cell read is reported where it is.
    monkeypatch.setattr(reader, "UNCERTAIN", 1.01)
    outcome = reader.read_pages([np.asarray(pages[0])], "scan.png")
    flagged = [p for p in outcome.problems if p.code == "parse.ocr-uncertain"]
    assert flagged and all(p.severity == "warning" for p in flagged)
    assert all(p.source.page == 1 and p.source.row and p.source.column for p in flagged)
    assert any("项目名称" in p.message for p in flagged)


def test_time_limit_stops_a_long_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "TIME_LIMIT", -1.0)
    blank = np.full((200, 300), 255, np.uint8)
    outcome = reader.read_pages([blank, blank], "slow.pdf")
    assert [p.code for p in outcome.problems][0] == "parse.ocr-timeout"


def test_time_limit_counts_work_not_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    # On a busy server a page may wait for a core far longer than it computes: the
    # limit is on the reading thread's CPU time, so waiting costs no pages.
    import time

    def waiting_page(image: np.ndarray, name: str, number: int) -> tuple[list, list]:
        time.sleep(0.2)
        return [], []

    monkeypatch.setattr(reader, "TIME_LIMIT", 0.1)
    monkeypatch.setattr(reader, "read_page", waiting_page)
    blank = np.full((200, 300), 255, np.uint8)
    outcome = reader.read_pages([blank, blank, blank], "busy.pdf")
    assert "parse.ocr-timeout" not in [p.code for p in outcome.problems]


def _grid_image(skew: float = 0.0) -> np.ndarray:
    # A 3×3 lattice at 150 dpi whose top row is one cell merged across.
    img = Image.new("L", (1240, 600), 255)
    draw = ImageDraw.Draw(img)
    xs, ys = [100, 400, 700, 1100], [100, 200, 300, 400]
    for y in ys:
        draw.line((xs[0], y, xs[-1], y), fill=0, width=2)
    for k, x in enumerate(xs):
        top = ys[0] if k in (0, len(xs) - 1) else ys[1]
        draw.line((x, top, x, ys[-1]), fill=0, width=2)
    return np.asarray(img.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255))


def test_lattice_gives_cells_with_spans() -> None:
    tables, _, _ = lines.find_tables(_grid_image())
    (table,) = tables
    assert (table.rows, table.cols) == (3, 3)
    spans = sorted((c.row, c.col, c.rowspan, c.colspan) for c in table.cells)
    assert spans[0] == (0, 0, 1, 3) and len(spans) == 7


@pytest.mark.parametrize("angle", [0.6, -0.6, 0.3])
def test_skew_is_measured_on_the_ruling_lines(angle: float) -> None:
    assert abs(lines.skew_angle(_grid_image(angle)) + angle) < 0.1


@pytest.mark.parametrize(
    ("text", "sign"), [("≥95%", "≥"), ("≤1年", "≤"), ("295%", None), ("95%", None)]
)
def test_comparator_is_told_from_a_digit_by_its_shape(text: str, sign: str | None) -> None:
    img = Image.new("L", (300, 60), 255)
    ImageDraw.Draw(img).text((10, 10), text, fill=0, font=ImageFont.truetype(str(FONT), 32))
    assert comparator(np.asarray(img)) == sign


def test_red_ink_is_dropped_from_the_grey_page() -> None:
    page = np.full((50, 50, 3), 255, np.uint8)
    page[10:20, 10:20] = (220, 40, 40)  # seal
    page[30:40, 30:40] = (20, 20, 20)  # print
    grey = lines.to_grey(page)
    assert grey[15, 15] > 200 and grey[35, 35] < 60


@pytest.mark.parametrize(
    ("read", "folded"),
    [
        ("指标1：项目（万元）", "指标1:项目(万元)"),
        ("74.5.", "74.5"),
        ("子女助学.", "子女助学"),
        ("奖金。", "奖金。"),
    ],
)
def test_recognised_text_is_folded_and_trailing_specks_dropped(read: str, folded: str) -> None:
    from jixiao.ingest.ocr.engine import fold

    assert fold(read) == folded


@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("作用, 营造", "作用,营造"),
        ("作用,营造", "作用,营造"),
        ("关心、关怀, 激发", "关心、关怀,激发"),
    ],
)
def test_space_after_a_comma_is_read_from_the_paper_after_it(printed: str, read: str) -> None:
    img = Image.new("L", (400, 48), 255)
    ImageDraw.Draw(img).text((8, 8), printed, fill=0, font=ImageFont.truetype(str(FONT), 24))
    assert fix_commas(read, np.asarray(img)) == printed
