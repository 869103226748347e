"""Glyphs the recogniser gets wrong, told apart by their shape on the page.

PP-OCR reads a small "≥" as "2" and sometimes drops "≤" altogether, which turns
"≥100人" into "2100人". A comparator is drawn as two strokes, an angle above a flat
bar, while a digit is one connected stroke: that shape is the same in every font,
so the first glyph of a line is checked before its text is trusted.
"""

from __future__ import annotations

import cv2
import numpy as np


def comparator(crop: np.ndarray) -> str | None:
    """Given a grey text-line crop, return "≥" or "≤" when its first glyph is one, else None."""
    _, mask = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    cols = (mask > 0).sum(axis=0)
    ink = np.nonzero(cols)[0]
    if len(ink) == 0:
        return None
    start = int(ink[0])
    end = start
    while end < len(cols) and cols[end]:
        end += 1
    glyph = mask[:, start:end]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(glyph, connectivity=8)
    parts = sorted((stats[k] for k in range(1, count) if stats[k][4] >= 3), key=lambda s: s[1])
    if len(parts) != 2:
        return None
    (ax, ay, aw, ah, _), (bx, by, bw, bh, _) = parts
    height = crop.shape[0]
    bar_flat = bh * 2.5 <= bw and by >= ay + ah - 1 and bw >= aw * 0.6
    angle_tall = ah >= bh * 2 and ah >= height * 0.2
    if not (bar_flat and angle_tall):
        return None
    # Which way the angle opens: ">" has its ink at the right at mid-height, "<" at the left.
    angle = glyph[ay : ay + ah, ax : ax + aw] > 0
    top = np.nonzero(angle[: max(1, ah // 5)].any(axis=0))[0]
    mid = np.nonzero(angle[ah * 2 // 5 : ah * 3 // 5 + 1].any(axis=0))[0]
    if len(top) == 0 or len(mid) == 0:
        return None
    return "≥" if mid.mean() > top.mean() else "≤"


def fix_comparator(text: str, crop: np.ndarray) -> str:
    """Given the text read from a line and its crop, return the text with a misread comparator set right."""
    if not text or text[0] in "≥≤<>=" or not (text[0].isdigit()):
        return text
    sign = comparator(crop)
    if sign is None:
        return text
    # A "2" standing where the comparator is drawn is the comparator misread;
    # any other digit means the comparator was dropped.
    return sign + (text[1:] if text[0] == "2" else text)
