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


#: Marks that sit low on the line and are narrow: in the print they are told apart
#: from glyphs by shape, in the text by these characters, in the same order.
LOW_MARKS = ",、。."


def low_mark_gaps(crop: np.ndarray) -> list[float]:
    """Given a grey text-line crop, return for each low, narrow mark the paper after it, in glyph heights."""
    _, mask = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    cols = [bool(c) for c in np.count_nonzero(mask, axis=0).tolist()]
    runs: list[tuple[int, int, int, int]] = []
    x = 0
    while x < len(cols):
        if cols[x]:
            start = x
            while x < len(cols) and cols[x]:
                x += 1
            ink = np.nonzero((mask[:, start:x] > 0).any(axis=1))[0]
            runs.append((start, x, int(ink[0]), int(ink[-1]) + 1))
        x += 1
    widest = max((b - a for a, b, _, _ in runs), default=0)
    glyphs = [(t, u) for a, b, t, u in runs if b - a >= widest * 0.6]
    if not glyphs:
        return []
    # The line's glyph box by the median of its full-width glyphs: a speck or a
    # descender must not stretch it.
    top = float(np.median([t for t, _ in glyphs]))
    height = float(np.median([u - t for t, u in glyphs]))
    gaps = []
    for k, (a, b, t, _) in enumerate(runs):
        if t >= top + height * 0.5 and b - a <= height * 0.45:
            after = runs[k + 1][0] - b if k + 1 < len(runs) else 0
            gaps.append(after / height)
    return gaps


def fix_commas(text: str, crop: np.ndarray) -> str:
    """Given text read with bare commas, return it with a space after each comma the print spaces.

    A full-width comma prints like ", " and the recogniser gives "，" for both; what
    tells them from a typed "," is the paper after the mark (about half a glyph).
    """
    if "," not in text:
        return text
    gaps = low_mark_gaps(crop)
    marks = [ch for ch in text if ch in LOW_MARKS]
    if len(gaps) != len(marks):
        return text  # the marks cannot be paired with the print: leave the text as read
    out = ""
    gap = iter(gaps)
    for ch in text:
        out += ch
        if ch in LOW_MARKS:
            after = next(gap)
            if ch == "," and after > 0.3:
                out += " "
    return out.replace(",  ", ", ")
