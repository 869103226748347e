"""Issue 17: what the recogniser gets wrong on a 150 dpi scan, set right by general rules.

Each rule is tried on small synthetic line images (no OCR run): a glyph drawn with
the test font, then spoiled the way a scan spoils it (a speck, JPEG blur, tight
kerning). The whole-table effect is measured by bench/ocr_misses.py.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from ocr_support import FONT
from PIL import Image, ImageDraw, ImageFont

from jixiao.ingest.ocr.glyphs import comparator, drop_phantom_end, fix_comparator
from jixiao.ingest.ocr.lines import clean
from jixiao.ingest.ocr.words import fix_look_alikes, known_pairs


def _line(text: str, size: int = 28, width: int = 360, spacing: int = 0) -> np.ndarray:
    # A grey line crop as the reader cuts it: paper margin, glyphs at `size` px.
    img = Image.new("L", (width, size * 2), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), size)
    x = size // 3
    for ch in text:
        draw.text((x, size // 2), ch, fill=0, font=font)
        x += int(draw.textlength(ch, font=font)) + spacing
    return np.asarray(img).copy()


def _jpeg(grey: np.ndarray, quality: int = 60) -> np.ndarray:
    buf = io.BytesIO()
    Image.fromarray(grey).save(buf, "JPEG", quality=quality)
    return np.asarray(Image.open(io.BytesIO(buf.getvalue())).convert("L")).copy()


def _ink_rows(crop: np.ndarray) -> np.ndarray:
    _, mask = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return np.nonzero(mask.any(axis=1))[0]


# --- specks -----------------------------------------------------------------


def test_speck_over_a_glyph_is_turned_to_paper_and_marks_stay() -> None:
    crop = _line("项目:1.5")
    top = int(_ink_rows(crop)[0])
    crop[top - 3 : top - 1, 60:62] = 0  # a two-pixel speck just over the glyphs
    cleaned = clean(crop, 200)
    assert cleaned[top - 3 : top - 1, 60:62].min() == 255
    # The colon's dots and the decimal point are marks, not specks.
    _, before = cv2.threshold(_line("项目:1.5"), 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, after = cv2.threshold(cleaned, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    assert np.count_nonzero(after) >= np.count_nonzero(before) - 2


# --- comparators --------------------------------------------------------------


def _scanned(text: str, size: int, spacing: int = 0, blur: float = 0.0) -> np.ndarray:
    # Printed at 150 dpi (10 pt ≈ 20 px), JPEG-compressed, rendered at 200 dpi as
    # the reader renders an image-only PDF's pages.
    crop = _line(text, size=size, spacing=spacing)
    if blur:
        crop = cv2.GaussianBlur(crop, (0, 0), blur)
    return cv2.resize(_jpeg(crop, 75), None, fx=4 / 3, fy=4 / 3, interpolation=cv2.INTER_CUBIC)


SCANS = [(20, 0, 0.0), (22, 0, 0.6), (28, 0, 0.0), (28, -1, 0.0), (32, -1, 0.6)]


@pytest.mark.parametrize("text", ["≥40人", "≥150人", "≥100场", "≤5%", "≤3天", "≥95%"])
@pytest.mark.parametrize(("size", "spacing", "blur"), SCANS)
def test_comparator_is_found_on_a_scanned_line(
    text: str, size: int, spacing: int, blur: float
) -> None:
    # Set tight against the next digit (no paper column between them), or with the
    # bar joined to the angle by the blur: the first glyph is found by its strokes
    # and the bar by the row under the angle's tip.
    crop = _scanned(text, size, spacing, blur)
    assert comparator(crop) == text[0]
    assert fix_comparator("2" + text[1:], crop) == text


@pytest.mark.parametrize("text", ["250人", "295%", "2150人", "2%", "40人", "12", "<5", "Z2"])
@pytest.mark.parametrize(("size", "spacing", "blur"), SCANS)
def test_digits_are_not_taken_for_comparators(
    text: str, size: int, spacing: int, blur: float
) -> None:
    crop = _scanned(text, size, spacing, blur)
    assert comparator(crop) is None
    assert fix_comparator(text, crop) == text


def test_first_glyph_of_a_tight_line_has_no_paper_column_after_it() -> None:
    # The case the stroke grouping is for: the column projection runs on.
    crop = _scanned("≥40人", 28, -1)
    _, mask = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    cols = np.count_nonzero(mask, axis=0)
    start = int(np.nonzero(cols)[0][0])
    run = int(np.argmax(cols[start:] == 0))
    assert run > crop.shape[0] * 0.5  # wider than the "≥" alone


# --- phantom end marks --------------------------------------------------------


def test_mark_read_after_the_last_glyph_from_a_speck_is_dropped() -> None:
    crop = _line("走访工作")
    rows = _ink_rows(crop)
    last = int(np.nonzero((crop < 128).any(axis=0))[0][-1])
    crop[int(rows[-1]) - 2 : int(rows[-1]), last + 6 : last + 7] = 90  # a faint speck
    assert drop_phantom_end("走访工作:", crop) == "走访工作"
    assert drop_phantom_end("走访工作、", crop) == "走访工作"


@pytest.mark.parametrize(
    ("text", "tight"), [("项目名称:", -4), ("联系人:", -3), ("健康,", -2), ("宣传、", -2)]
)
def test_printed_end_mark_is_kept(text: str, tight: int) -> None:
    assert drop_phantom_end(text, _line(text)) == text
    # ... also when it touches the glyph before it (no paper column between them).
    crop = _line(text, spacing=tight)
    _, mask = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    cols = np.count_nonzero(mask, axis=0)
    end = int(np.nonzero(cols)[0][-1])
    assert cols[end - 12 : end].all()  # the mark's columns run on into the glyph's
    assert drop_phantom_end(text, crop) == text


# --- look-alike glyphs --------------------------------------------------------


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("指标1:项自完成时间", "指标1:项目完成时间"),
        ("年度自标", "年度目标"),
        ("自评得分", "自评得分"),  # 自评 is a word: stays
        ("自筹资金", "自筹资金"),  # neither 自筹 nor 目筹 is in the vocabulary: as read
        ("培训人数", "培训人数"),
    ],
)
def test_look_alike_glyph_is_set_right_by_the_forms_words(read: str, meant: str) -> None:
    assert fix_look_alikes(read) == meant


def test_vocabulary_is_the_forms_own_labels() -> None:
    pairs = known_pairs()
    assert {"项目", "目标", "自评", "指标"} <= pairs
    assert "项自" not in pairs
