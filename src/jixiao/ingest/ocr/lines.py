"""A page image → its tables' cells (with merges) and the text lines outside them.

Ruling lines are found by morphology: an opening with a long thin kernel keeps only
strokes longer than any glyph, horizontal or vertical. The distinct line positions
give a lattice of slots; two neighbouring slots belong to one merged cell when no
line separates them. The skew of a scan is measured on the long horizontal lines
(a photo's larger one by projection) and turned back first, so the lattice is
square to the page; a photo is first cut from the desk, evened in light, and a
table seen at a slant warped square.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

#: An A4 page is 8.27 in wide: the page's dpi is guessed from its narrow side.
A4_INCHES = 8.27
#: Skews up to this (degrees) are fitted on the long ruling lines; a larger one
#: breaks the lines into steps too short for the line opening (see wide_skew).
MAX_SKEW = 3.0
#: A phone photo is often 5–10° off: skews up to this are found by projection.
MAX_PHOTO_SKEW = 10.0
#: The paper's light varies more than this (grey levels, 5th to 95th percentile of
#: the background) → it is evened out before the ink is told from the paper.
UNEVEN_LIGHT = 25
#: A quadrilateral whose corners are further than this (share of its size) from
#: its bounding rectangle's is a page seen in perspective, and is warped.
NOT_RECTANGLE = 0.006


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in page pixels (x1, y1 exclusive)."""

    x0: int
    y0: int
    x1: int
    y1: int


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell of a ruled table: its slot, spans and box on the page."""

    row: int
    col: int
    rowspan: int
    colspan: int
    box: Box


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled table found on a page: its cells and its outline."""

    rows: int
    cols: int
    cells: tuple[TableCell, ...]
    box: Box


def dpi_of(grey: np.ndarray) -> float:
    """Given a page image, return its resolution guessed from an A4 page's width."""
    return float(min(grey.shape[:2])) / A4_INCHES


def to_grey(image: np.ndarray) -> np.ndarray:
    """Given a page in colour or grey, return it grey with red ink (seals) dropped.

    A seal is red: in the red channel it is as light as the paper while black print
    stays black, so the red channel reads the print through the stamp.
    """
    if image.ndim == 2:
        return image
    rgb = image[..., :3].astype(np.int16)
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    marked = ((red - np.maximum(green, blue)) > 25).astype(np.uint8)
    # JPEG smears colour over a few pixels (chroma is stored at half resolution):
    # the seal's fringe is grey, so the red area is widened before it is taken.
    reddish = cv2.dilate(marked, np.ones((5, 5), np.uint8)) > 0
    grey = cv2.cvtColor(np.ascontiguousarray(image[..., :3]), cv2.COLOR_RGB2GRAY)
    return np.where(reddish, red, grey).astype(np.uint8)


def ink(grey: np.ndarray) -> np.ndarray:
    """Given a grey page, return its ink mask (255 = ink)."""
    # No smoothing here: a median filter would erase the one-pixel ruling lines of
    # a 150 dpi scan. Speckles do not survive the line openings, and text drops
    # them by size (see despeckle).
    _, mask = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return mask


def despeckle(mask: np.ndarray, dpi: float) -> np.ndarray:
    """Given an ink mask, return it without specks smaller than a full stop."""
    smallest = max(2, int((dpi / 150) ** 2 * 3))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= smallest
    keep[0] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def clean(crop: np.ndarray, dpi: float) -> np.ndarray:
    """Given a grey text-line crop, return it with specks too small for a full stop turned to paper.

    A speck on a glyph's edge changes the glyph the recogniser sees (a dot over 目
    reads as 自's tick) and adds a mark the shape tests count (a dot beside ≥ makes
    it three strokes, a dot after a comma a second low mark). Only the specks' ink
    goes: whitening all the paper around the glyphs was measured to make the
    recogniser add marks after the last glyph.
    """
    _, mask = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    specks = cv2.bitwise_and(mask, cv2.bitwise_not(despeckle(mask, dpi)))
    out = crop.copy()
    out[specks > 0] = 255
    return out


def rule_masks(mask: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Given an ink mask, return the horizontal and the vertical ruling lines."""
    # Longer than a glyph stroke in a cell (≈ 0.12 in at 10 pt), shorter than the
    # lowest row; a scan's lines are broken here and there, so not much longer.
    length = max(12, int(dpi * 0.15))
    horiz = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    vert = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    return horiz, vert


def skew_angle(grey: np.ndarray) -> float:
    """Given a grey page, return the angle (degrees) its long horizontal lines are turned by.

    Up to ``MAX_SKEW`` the long lines are fitted; a page with none (turned further,
    or unruled) is measured by projection (``wide_skew``, up to ``MAX_PHOTO_SKEW``).
    """
    mask = ink(grey)
    dpi = dpi_of(grey)
    horiz, _ = rule_masks(mask, dpi)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(horiz, connectivity=8)
    angles: list[tuple[float, int]] = []
    for k in range(1, count):
        x, y, w, h, _ = stats[k]
        if w < dpi * 2 or h > w * 0.1:
            continue
        # Within the line's own box: comparing the whole page's labels for each
        # line cost more than the rest of the page's geometry.
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == k)
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angles.append((math.degrees(math.atan(slope)), int(w)))
    if not angles:
        # No long straight run: no ruling lines, or lines turned so far (a photo)
        # that the opening cut them into steps.
        return wide_skew(grey)
    angles.sort()
    total = sum(w for _, w in angles)
    acc = 0
    for angle, w in angles:  # the length-weighted median
        acc += w
        if acc * 2 >= total:
            return angle if abs(angle) <= MAX_SKEW else wide_skew(grey)
    return 0.0


def wide_skew(grey: np.ndarray) -> float:
    """Given a grey page turned by up to ``MAX_PHOTO_SKEW`` degrees, return its angle.

    A ruling line turned by 7° steps down a pixel every eight or so: the line
    opening of ``skew_angle`` sees only short steps. Here every ink pixel is
    projected onto the page's vertical at trial angles; at the page's own angle the
    ruling lines and text lines fall into the fewest rows, so the sum of squared
    row counts is highest. A coarse pass (0.25°) then a fine one (0.02°).
    """
    ys, xs = np.nonzero(ink(grey))
    if len(ys) < 100:
        return 0.0
    step = max(1, len(ys) // 80_000)  # a sample is enough, and keeps this cheap
    y, x = ys[::step].astype(np.float64), xs[::step].astype(np.float64)

    def sharpness(angle: float) -> float:
        t = math.radians(angle)
        rows = np.round(y * math.cos(t) - x * math.sin(t))
        counts = np.bincount((rows - rows.min()).astype(np.int64))
        return float((counts.astype(np.float64) ** 2).sum())

    coarse = np.arange(-MAX_PHOTO_SKEW, MAX_PHOTO_SKEW + 0.001, 0.25)
    best = max(coarse.tolist(), key=sharpness)
    fine = np.arange(best - 0.25, best + 0.251, 0.02)
    return float(max(fine.tolist(), key=sharpness))


def even_light(grey: np.ndarray) -> np.ndarray:
    """Given a grey page, return it with uneven light (a shadow, a lamp's falloff) evened out.

    The paper's brightness is estimated by a morphological closing on a reduced
    page (the ink, thinner than the kernel, is closed over) and the page divided by
    it, so paper becomes white wherever it lies and the ink keeps its contrast to
    it. A page lit evenly, as a scanner lights it, is returned as it is.
    """
    h, w = grey.shape[:2]
    factor = 4
    small = cv2.resize(
        grey, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA
    )
    size = max(3, int(dpi_of(grey) * 0.25 / factor) | 1)  # wider than a title's glyphs
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    background = cv2.GaussianBlur(background, (0, 0), size)
    low, high = np.percentile(background, [5, 95])
    if high - low <= UNEVEN_LIGHT:
        return grey
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)
    out = grey.astype(np.float32) * 255.0 / np.maximum(background.astype(np.float32), 1.0)
    return np.clip(out, 0, 255).astype(np.uint8)


def _corners(points: np.ndarray) -> np.ndarray:
    # The four corners of a roughly upright quadrilateral's points: top-left has the
    # least x + y, bottom-right the most, top-right the most x - y, bottom-left the least.
    pts = points.reshape(-1, 2).astype(np.float32)
    total, diff = pts.sum(axis=1), pts[:, 0] - pts[:, 1]
    return np.array(
        [pts[total.argmin()], pts[diff.argmax()], pts[total.argmax()], pts[diff.argmin()]],
        dtype=np.float32,
    )


def _to_rectangle(
    grey: np.ndarray, quad: np.ndarray, origin: tuple[float, float], size: tuple[int, int] | None
) -> np.ndarray:
    # Warp the quadrilateral (tl, tr, br, bl) onto an upright rectangle of its
    # longer side lengths whose top-left corner is at ``origin``; the image is
    # ``size`` (w, h), or the rectangle's own size.
    tl, tr, br, bl = quad
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    target += np.array(origin, dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    out = size or (int(width), int(height))
    return cv2.warpPerspective(grey, matrix, out, flags=cv2.INTER_CUBIC, borderValue=255)


def crop_paper(grey: np.ndarray) -> np.ndarray:
    """Given a photo of a page lying on a darker surface, return the page alone, upright.

    The paper is the largest bright region (Otsu on a reduced, blurred image); when
    it leaves a clear margin of desk in the photo, its outline's four corners are
    warped onto a rectangle, which also undoes the photo's turn and perspective.
    A scan (paper to the image's edges) is returned as it is.
    """
    h, w = grey.shape[:2]
    factor = max(1, max(h, w) // 600)
    small = cv2.resize(grey, (w // factor, h // factor), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(bright, connectivity=4)
    if count < 2:
        return grey
    k = 1 + int(stats[1:, cv2.CC_STAT_AREA].argmax())
    x, y, bw, bh, area = stats[k]
    sh, sw = small.shape
    touches = x <= 1 or y <= 1 or x + bw >= sw - 1 or y + bh >= sh - 1
    # Paper reaching the image's edges is a scan or a photo cropped to the page;
    # a bright region much smaller than the photo is not a page (a label, a glare).
    if touches or area < 0.3 * sw * sh:
        return grey
    contours, _ = cv2.findContours(
        (labels == k).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE
    )
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    quad = (_corners(hull) + 0.5) * factor
    return _to_rectangle(grey, quad, (0.0, 0.0), None)


def square_table(grey: np.ndarray) -> np.ndarray:
    """Given a straightened grey page, return it with its largest ruled table made rectangular.

    A page photographed at a slant is a trapezoid: the table's ruling lines
    converge and no single turn squares the lattice. The table's outer border is
    the outline of the largest connected piece of ink; when its four corners are
    clearly off a rectangle (``NOT_RECTANGLE``), the page is warped so that they
    make one. A square table (a scan) is left as it is.
    """
    mask = ink(grey)
    dpi = dpi_of(grey)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count < 2:
        return grey
    k = 1 + int((stats[1:, cv2.CC_STAT_WIDTH] * stats[1:, cv2.CC_STAT_HEIGHT]).argmax())
    x, y, bw, bh, _ = stats[k]
    if bw < dpi * 2 or bh < dpi * 1:
        return grey
    points = cv2.findNonZero((labels[y : y + bh, x : x + bw] == k).astype(np.uint8))
    hull = cv2.convexHull(points) + np.array([x, y], dtype=np.int32)
    quad = _corners(hull)
    tl, tr, br, bl = quad
    # The lines must make a quadrilateral (the hull fills it): a piece of ink of
    # another shape (a seal, a logo) is no table border to square.
    if cv2.contourArea(hull) < 0.97 * cv2.contourArea(quad.reshape(-1, 1, 2)):
        return grey
    off = max(abs(tl[0] - bl[0]), abs(tr[0] - br[0])) / bw
    off = max(off, abs(tl[1] - tr[1]) / bh, abs(bl[1] - br[1]) / bh)
    if off < NOT_RECTANGLE:
        return grey
    # The whole page goes through the same warp (its title above the table too),
    # the table's top-left corner staying where it is.
    h, w = grey.shape[:2]
    return _to_rectangle(grey, quad, (float(tl[0]), float(tl[1])), (w, h))


def rotate(grey: np.ndarray, angle: float) -> np.ndarray:
    """Given a grey page and an angle (degrees), return it turned back by that angle."""
    h, w = grey.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)


def _positions(mask: np.ndarray, axis: int, tol: int) -> list[int]:
    # Centres of the line runs along one axis: rows (axis 1) or columns (axis 0) with ink.
    profile = (mask > 0).sum(axis=axis)
    hits = np.nonzero(profile > 0)[0]
    found: list[list[int]] = []
    for p in hits.tolist():
        if found and p - found[-1][-1] <= tol:
            found[-1].append(p)
        else:
            found.append([p])
    return [int(sum(g) / len(g)) for g in found]


def _has_line(mask: np.ndarray, fixed: int, start: int, end: int, tol: int, across: bool) -> bool:
    # Whether a ruling line runs at `fixed` over the middle half of start..end.
    a, b = start + (end - start) // 4, end - (end - start) // 4
    if b <= a:
        return True
    if across:  # a horizontal line at row `fixed`, columns a..b
        band = mask[max(0, fixed - tol) : fixed + tol + 1, a:b]
    else:  # a vertical line at column `fixed`, rows a..b
        band = mask[a:b, max(0, fixed - tol) : fixed + tol + 1].T
    # A scanned line fades in places (JPEG, a light toner): most of it is enough.
    return bool(band.size) and float((band.max(axis=0) > 0).mean()) > 0.6


def find_tables(grey: np.ndarray) -> tuple[list[Table], np.ndarray, np.ndarray]:
    """Given a grey page, return its ruled tables, its ink mask and its ruling-line mask."""
    mask = ink(grey)
    dpi = dpi_of(grey)
    # Thin lines print lighter than text: a local threshold keeps them whole.
    block = int(dpi * 0.1) | 1
    local = cv2.adaptiveThreshold(
        grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15
    )
    # ... but only ink, not the pale trace a seal leaves behind (see to_grey).
    local[grey > 190] = 0
    horiz, vert = rule_masks(cv2.bitwise_or(mask, local), dpi)
    rules = cv2.bitwise_or(horiz, vert)
    grown = cv2.dilate(rules, np.ones((5, 5), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    tol = max(2, int(dpi * 0.02))
    tables: list[Table] = []
    for k in range(1, count):
        x, y, w, h, _ = stats[k]
        if w < dpi * 1.0 or h < dpi * 0.2:
            continue
        table = _table(horiz, vert, Box(int(x), int(y), int(x + w), int(y + h)), tol)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: (t.box.y0, t.box.x0))
    return tables, mask, rules


def _table(horiz: np.ndarray, vert: np.ndarray, box: Box, tol: int) -> Table | None:
    h_sub = horiz[box.y0 : box.y1, box.x0 : box.x1]
    v_sub = vert[box.y0 : box.y1, box.x0 : box.x1]
    ys = _positions(h_sub, 1, tol)
    xs = _positions(v_sub, 0, tol)
    if len(ys) < 2 or len(xs) < 2:
        return None
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _has_line(v_sub, xs[c + 1], ys[r], ys[r + 1], tol, False):
                union(r * cols + c, r * cols + c + 1)
            if r + 1 < rows and not _has_line(h_sub, ys[r + 1], xs[c], xs[c + 1], tol, True):
                union(r * cols + c, (r + 1) * cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(rows):
        for c in range(cols):
            groups.setdefault(find(r * cols + c), []).append((r, c))
    cells: list[TableCell] = []
    taken: set[tuple[int, int]] = set()
    for slots in sorted(groups.values()):
        r0 = min(r for r, _ in slots)
        c0 = min(c for _, c in slots)
        r1 = max(r for r, _ in slots)
        c1 = max(c for _, c in slots)
        if (r0, c0) in taken:
            continue
        taken.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
        page_box = Box(box.x0 + xs[c0], box.y0 + ys[r0], box.x0 + xs[c1 + 1], box.y0 + ys[r1 + 1])
        cells.append(TableCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, page_box))
    outline = Box(box.x0 + xs[0], box.y0 + ys[0], box.x0 + xs[-1], box.y0 + ys[-1])
    return Table(rows, cols, tuple(cells), outline)


def text_bands(mask: np.ndarray, dpi: float, min_gap: int = 1) -> list[tuple[int, int]]:
    """Given an ink mask, return the row ranges [y0, y1) of its text lines, top to bottom."""
    profile = (mask > 0).sum(axis=1)
    # Specks that JPEG blurred past the despeckle size make a faint band of their own.
    least_ink = (dpi / 150) ** 2 * 14
    bands: list[list[int]] = []
    gap = min_gap
    for y, count in enumerate(profile.tolist()):
        if count:
            if bands and y - bands[-1][1] < gap:
                bands[-1][1] = y + 1
            else:
                bands.append([y, y + 1])
    if not bands:
        return []
    tallest = max(b - a for a, b in bands)
    merged: list[list[int]] = [bands[0]]
    for a, b in bands[1:]:
        # A glyph such as 二 leaves a gap inside its own line: join bands that stay
        # within one line's height together.
        if (
            a - merged[-1][1] < tallest * 0.35
            and b - merged[-1][0] <= tallest * 1.25
            and (b - a < tallest * 0.6 or merged[-1][1] - merged[-1][0] < tallest * 0.6)
        ):
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged if b - a >= 3 and profile[a:b].sum() >= least_ink]


def chunks(mask: np.ndarray, gap: int, dpi: float) -> list[tuple[int, int]]:
    """Given one text line's ink mask, return its column ranges split at gaps wider than ``gap``.

    A piece with less ink than a small glyph is a speck, not text, and is left out.
    """
    counts = (mask > 0).sum(axis=0)
    cols = np.nonzero(counts)[0].tolist()
    out: list[list[int]] = []
    for x in cols:
        if out and x - out[-1][1] <= gap:
            out[-1][1] = x + 1
        else:
            out.append([x, x + 1])
    least_ink = (dpi / 150) ** 2 * 14
    return [(a, b) for a, b in out if counts[a:b].sum() >= least_ink]
