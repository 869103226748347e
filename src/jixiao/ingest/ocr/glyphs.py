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
    level, _ = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    # JPEG blurs the narrow paper between the angle and the bar of a small "≥" into
    # grey that Otsu counts as ink (one stroke, like a digit); the strokes' cores
    # stay black, so darker cuts are tried when the first one finds no comparator.
    for cut in (level, level * 0.85, level * 0.7):
        mask = np.where(crop < cut, 255, 0).astype(np.uint8)
        sign = _comparator_shape(mask, crop.shape[0])
        if sign is not None:
            return sign
    return None


def _comparator_shape(mask: np.ndarray, height: int) -> str | None:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    parts = [k for k in range(1, count) if stats[k][4] >= 3]
    if not parts:
        return None
    # The first glyph: the leftmost stroke and the strokes that start in its first
    # half (a "≥" set tight against the next digit leaves no paper column between them).
    first = min(parts, key=lambda k: stats[k][0])
    fx, _, fw, _, _ = stats[first]
    glyph = sorted((k for k in parts if stats[k][0] < fx + fw / 2), key=lambda k: stats[k][1])
    if len(glyph) == 2:
        (ax, ay, aw, ah, _), (_, by, bw, bh, _) = (stats[k] for k in glyph)
        if by < ay + ah - 1:
            return None
        angle = labels[ay : ay + ah, ax : ax + aw] == glyph[0]
    elif len(glyph) == 1:
        split = _split_bar(labels, stats[glyph[0]], glyph[0])
        if split is None:
            return None
        angle, bh = split
        ah, aw = angle.shape
        bw = aw
    else:
        return None
    bar_flat = bh * 2.5 <= bw and bw >= aw * 0.6
    angle_tall = ah >= bh * 2 and ah >= height * 0.2
    if not (bar_flat and angle_tall):
        return None
    # Which way the angle opens: ">" has its ink at the left at the top and at the
    # right at mid-height, "<" the other way round, each a narrow stroke. The upper
    # part of a "2" is an arc whose top spans the glyph: neither.
    top = np.nonzero(angle[: max(1, ah // 5)].any(axis=0))[0]
    mid = np.nonzero(angle[ah * 2 // 5 : ah * 3 // 5 + 1].any(axis=0))[0]
    if len(top) == 0 or len(mid) == 0:
        return None
    if top[-1] - top[0] > aw * 0.5 or mid[-1] - mid[0] > aw * 0.5:
        return None
    top_at, mid_at = top.mean() / aw, mid.mean() / aw
    if top_at < 0.4 and mid_at > 0.6:
        return "≥"
    if top_at > 0.6 and mid_at < 0.4:
        return "≤"
    return None


def _split_bar(labels: np.ndarray, stat: np.ndarray, label: int) -> tuple[np.ndarray, int] | None:
    # One stroke that may be a comparator whose bar the print joined to the angle
    # (a small "≥" in some fonts, or blurred): the bar is the rows at the bottom
    # inked across most of the width, under a row where only the angle's tip is.
    x, y, w, h, _ = (int(v) for v in stat)
    sub = labels[y : y + h, x : x + w] == label
    widths = sub.sum(axis=1)
    row = h - 1
    while row >= 0 and widths[row] >= w * 0.6:
        row -= 1
    bar = h - 1 - row
    if bar == 0 or bar > h / 4 or row < 0 or widths[row] > w * 0.35:
        return None
    return sub[: row + 1], bar


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


def _ink_runs(crop: np.ndarray) -> list[tuple[int, int, int, int]]:
    # The line's columns of ink, left to right: (x0, x1, top, bottom) of each run.
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
    return runs


def _glyph_box(runs: list[tuple[int, int, int, int]]) -> tuple[float, float] | None:
    # The line's glyph box (top, height) by the median of its full-width glyphs:
    # a speck or a descender must not stretch it.
    widest = max((b - a for a, b, _, _ in runs), default=0)
    glyphs = [(t, u) for a, b, t, u in runs if b - a >= widest * 0.6]
    if not glyphs:
        return None
    return float(np.median([t for t, _ in glyphs])), float(np.median([u - t for t, u in glyphs]))


def low_mark_gaps(crop: np.ndarray) -> list[float]:
    """Given a grey text-line crop, return for each low, narrow mark the paper after it, in glyph heights."""
    runs = _ink_runs(crop)
    box = _glyph_box(runs)
    if box is None:
        return []
    top, height = box
    gaps = []
    for k, (a, b, t, _) in enumerate(runs):
        if t >= top + height * 0.5 and b - a <= height * 0.45:
            after = runs[k + 1][0] - b if k + 1 < len(runs) else 0
            gaps.append(after / height)
    return gaps


#: Marks the recogniser adds after the last glyph of a line from grey paper or a
#: speck: narrow, so the print must show a narrow mark last for them to be real.
END_MARKS = ":、,;"


def drop_phantom_end(text: str, crop: np.ndarray) -> str:
    """Given the text read from a line and its crop, return it without a last mark the print does not show.

    A colon, 、 or comma is narrower than half a glyph. When every stroke that reaches
    the right end of the line's ink is wider than that, the line ends in a glyph and
    the mark the recogniser put after it was read from grey paper or a speck. A
    glyph whose last stroke is narrow (心's dot) keeps the mark: dropping a real one
    would be worse than keeping a phantom.
    """
    if len(text) < 2 or text[-1] not in END_MARKS:
        return text
    box = _glyph_box(_ink_runs(crop))
    if box is None:
        return text
    height = box[1]
    _, mask = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    # A grey pixel left of a speck is no mark: a colon's dots are a tenth of a glyph wide.
    least = max(2, int((height * 0.1) ** 2))
    strokes = [stats[k] for k in range(1, count) if stats[k][4] >= least]
    if not strokes:
        return text
    right = max(int(x + w) for x, _, w, _, _ in strokes)
    last = [int(w) for x, _, w, _, _ in strokes if x + w >= right - 2]
    return text[:-1] if min(last) > height * 0.45 else text


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
