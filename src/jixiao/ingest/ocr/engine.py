"""The OCR engine: RapidOCR on onnxruntime, recognition only, one text line per crop.

The PP-OCR models ship inside the ``rapidocr_onnxruntime`` wheel, so nothing is
fetched at run time. The page's text lines are cut by :mod:`.lines` (ruled cells,
then rows of ink), which is much cheaper than the engine's own text detector on a
whole A4 page (measured in docs/ocr.md), so only the recogniser runs here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

import numpy as np

_TRAILING_DOT = re.compile(r"(?<=[\d\u4e00-\u9fff])\.+$")


@lru_cache(maxsize=1)
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    # One thread: the per-page budget is measured on one core, and a server reading
    # several uploads at once gains more from one process per file.
    ocr = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    # One crop per run instead of batches of 6: every crop is padded to its batch's
    # widest, so a batch costs more (measured: half the CPU for a page's 61 crops)
    # and the text read from a crop depended on which crops shared its batch.
    ocr.text_rec.rec_batch_num = 1
    return ocr


@lru_cache(maxsize=1)
def _bare_engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    # The engine as it comes (its own batches), for the bench's side-by-side.
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)


def available() -> bool:
    """Return whether the OCR engine is installed (the optional extra ``ocr``)."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def recognise(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Given greyscale text-line crops, return each one's text and confidence (0..1)."""
    if not crops:
        return []
    images = [np.ascontiguousarray(np.stack([c, c, c], axis=-1)) for c in crops]
    results, _ = _engine().text_rec(images, False)
    return [(fold(str(text)), float(score)) for text, score in results]


def fold(text: str) -> str:
    """Given recognised text, return it with full-width ASCII forms folded to ASCII.

    The recogniser prefers full-width punctuation ("，：（）") whatever was printed, and
    a full-width comma looks in print much like ", ": the width is not read back from
    pixels. ASCII is what the rest of the layout compares (labels are NFKC-folded).
    """
    out = unicodedata.normalize("NFKC", text)
    # A speck after a number or a Chinese word reads as a full stop; Chinese ends
    # sentences with "。", so "74.5." is the number 74.5 and "子女助学." is 子女助学.
    return _TRAILING_DOT.sub("", out)


def detect_and_recognise(image: np.ndarray) -> list[tuple[list[list[float]], str, float]]:
    """Given a greyscale page, return the engine's own boxes and texts (the bare-engine bench)."""
    found, _ = _bare_engine()(np.stack([image, image, image], axis=-1))
    return [(box, str(text), float(score)) for box, text, score in found or []]
