"""Issue 17: phone photos of forms — a page on a desk, turned, at a slant, in a shadow, upside down.

Each rule is tested on the example's first table printed by jixiao's PDF exporter
and photographed in the test (tests/ingest/ocr_support.photograph). The geometry
tests need no recogniser and compare the ruled lattice found with the clean
print's (19 slot rows, 5 slot columns, 58 cells); one page is read end to end.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from ocr_support import PHOTO, Scan, exact_headers, exact_indicators, photograph, printed_pages
from PIL import Image

from jixiao.ingest import read_bytes
from jixiao.ingest.ocr import lines, reader
from jixiao.model.project import TargetTable


@pytest.fixture(scope="module")
def first(text_tables: list[TargetTable]) -> TargetTable:
    return text_tables[0]


@pytest.fixture(scope="module")
def page(first: TargetTable, tmp_path_factory: pytest.TempPathFactory) -> Image.Image:
    return printed_pages([first], tmp_path_factory.mktemp("print") / "one.pdf", 150)[0]


def _lattice(grey: np.ndarray) -> list[tuple[int, int, int]]:
    return [(t.rows, t.cols, len(t.cells)) for t in lines.find_tables(grey)[0]]


def test_clean_print_lattice(page: Image.Image) -> None:
    # The reference the photos are compared with; straightening a scan changes nothing.
    grey = np.asarray(page)
    assert _lattice(grey) == [(19, 5, 58)]
    assert reader.straighten(grey).shape == grey.shape


@pytest.mark.parametrize("angle", [7.0, -9.5, 4.0])
def test_skew_up_to_ten_degrees_is_found_by_projection(page: Image.Image, angle: float) -> None:
    # A phone photo 4–10° off: the ruling lines are steps too short for the line
    # fit; the projection finds the angle, one turn makes the lattice whole.
    photo = np.asarray(photograph(page, angle, 0, tilt=0.0, shadow=0.0, desk=False))
    assert abs(lines.skew_angle(photo) + angle) < 0.1
    assert _lattice(reader.straighten(photo)) == [(19, 5, 58)]


def test_table_seen_at_a_slant_is_warped_square(page: Image.Image) -> None:
    # The top edge 8 % narrower than the bottom: no turn squares the lattice.
    photo = np.asarray(photograph(page, 0.0, 0, tilt=0.08, shadow=0.0, desk=False))
    assert _lattice(photo) != [(19, 5, 58)]
    assert _lattice(lines.square_table(photo)) == [(19, 5, 58)]


def test_square_table_leaves_a_rectangle_alone(page: Image.Image) -> None:
    grey = np.asarray(page)
    assert lines.square_table(grey) is grey


def test_shadow_across_the_page_is_evened_out(page: Image.Image) -> None:
    # Light falling off by 60 % corner to corner: one Otsu cut takes the dark
    # corner's paper for ink; divided by its own background the page is even.
    photo = np.asarray(photograph(page, 0.0, 0, tilt=0.0, shadow=0.6, desk=False))
    assert lines.ink(photo)[-300:, -300:].mean() > 200  # the dark corner all "ink"
    assert _lattice(photo) == []
    flat = lines.even_light(photo)
    assert lines.ink(flat)[-300:, -300:].mean() < 10
    assert _lattice(flat) == [(19, 5, 58)]


def test_even_light_leaves_a_scan_alone(page: Image.Image) -> None:
    grey = np.asarray(page)
    assert lines.even_light(grey) is grey


def test_page_on_a_desk_is_cut_out_and_squared(page: Image.Image) -> None:
    photo = np.asarray(photograph(page, 7.0, 0, tilt=0.04, shadow=0.4, desk=True))
    paper = lines.crop_paper(photo)
    # The page alone, A4's proportions, its size back near the print's.
    assert abs(paper.shape[0] / paper.shape[1] - page.height / page.width) < 0.02
    assert abs(paper.shape[1] - page.width) < page.width * 0.03
    assert _lattice(reader.straighten(photo)) == [(19, 5, 58)]


def test_crop_paper_leaves_a_scan_alone(page: Image.Image) -> None:
    grey = np.asarray(page)
    assert lines.crop_paper(grey) is grey


def test_upside_down_crop_is_read_the_right_way_up(page: Image.Image) -> None:
    # The table's upper part (title, header cells), scanned upside down.
    pytest.importorskip("rapidocr_onnxruntime")
    top = page.crop((0, 0, page.width, int(page.height * 0.3))).rotate(180)
    rows, _ = reader.read_page(np.asarray(top), "flip.png", 1)
    texts = {c.text for r in rows for c in r.cells}
    assert "项目名称" in texts and "实施单位" in texts


def test_photo_of_a_form_reads_like_the_scan(page: Image.Image, first: TargetTable) -> None:
    # The bench's 'photo' condition on one page, as a phone's JPEG file: desk
    # margin, 7°, a trapezoid, a shadow, quality 60.
    pytest.importorskip("rapidocr_onnxruntime")
    from ocr_support import degrade

    buf = io.BytesIO()
    degrade(page, PHOTO, 0).save(buf, "JPEG", quality=PHOTO.jpeg)
    result = read_bytes(buf.getvalue(), "photo.jpg")
    read = list(result.tables)
    assert exact_headers(read, [first]) == 1
    assert exact_indicators(read, [first]) >= len(first.indicators) - 1


def test_half_turn_scan_condition_turns_the_page(page: Image.Image, tmp_path: Path) -> None:
    from ocr_support import degrade

    turned = np.asarray(degrade(page, Scan(angle=0.0, speckles=0.0, half_turn=True), 0))
    assert np.array_equal(turned, np.asarray(page)[::-1, ::-1])
