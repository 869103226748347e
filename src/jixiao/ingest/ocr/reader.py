"""Scanned pages → grid rows: ruled cells read cell by cell, other text line by line.

Each page is straightened (a photo's page cut from the desk and squared, uneven
light evened, skew, quarter and half turns), its ruled tables become grid
rows with the same spans and page/row/column sources as a text PDF's, and text
outside them becomes rows of its own at their place, split into cells at wide gaps
(so an unruled scan is read by its text-line positions). Pages are then joined like
a text PDF's pages, so a table running over a page break continues.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import cv2
import numpy as np

from jixiao.ingest.cellutil import join_lines, trim
from jixiao.ingest.grid import Cell, Grid, GridRow, ReadOutcome
from jixiao.ingest.ocr import engine
from jixiao.ingest.ocr.glyphs import drop_phantom_end, fix_commas, fix_comparator
from jixiao.ingest.ocr.lines import (
    Box,
    Table,
    chunks,
    clean,
    crop_paper,
    despeckle,
    dpi_of,
    even_light,
    find_tables,
    rotate,
    skew_angle,
    square_table,
    text_bands,
    to_grey,
)
from jixiao.ingest.ocr.words import fix_look_alikes
from jixiao.model.location import Location
from jixiao.model.problems import Problem

#: Pages of an image-only PDF are rendered at this resolution for reading.
RENDER_DPI = 200
#: A cell read with less confidence than this is flagged for a person to check.
UNCERTAIN = 0.8
#: CPU seconds one file may take before its remaining pages are given up. CPU time
#: of the reading thread (the recogniser runs on it, one thread), not the wall
#: clock: on a busy server the wall clock also counts waiting for a core, and a
#: file must not lose pages because other work shared the machine.
TIME_LIMIT = 120.0
#: Text lines narrower than this many heights (median) mean the page lies on its side.
SIDEWAYS_SHAPE = 1.8
#: Text-line pieces further apart than this (inches) are separate cells.
CELL_GAP_INCHES = 0.3
#: Skews smaller than this (degrees) are not worth a resampling of the page.
MIN_SKEW = 0.05
#: How many of a page's longest text lines are read to tell whether it is upside down.
UPSIDE_DOWN_SAMPLE = 3
#: Below this mean confidence on the sample the half-turned page is read too
#: (printed text read upright scores ≥ 0.9; upside down about 0.5).
UPSIDE_DOWN_DOUBT = 0.85


@dataclass(frozen=True, slots=True)
class UncertainCell:
    """A cell read with low confidence: where it is, what was read, and its image (PNG)."""

    where: Location
    text: str
    confidence: float
    png: bytes


_KEPT: ContextVar[list[UncertainCell] | None] = ContextVar("ocr_kept_crops", default=None)


@contextmanager
def keeping_crops() -> Iterator[list[UncertainCell]]:
    """Within this block, OCR reads keep each uncertain cell's image in the list given.

    ``--explain`` shows them beside the text read; a normal read keeps no images.
    """
    kept: list[UncertainCell] = []
    token = _KEPT.set(kept)
    try:
        yield kept
    finally:
        _KEPT.reset(token)


@dataclass(slots=True)
class _Line:
    """One text line to read: its crop, and which cell it belongs to."""

    crop: np.ndarray
    key: tuple[int, ...]
    #: What the recogniser gave, once read (a sample read to choose the page's turn
    #: is not read again).
    read: tuple[str, float] | None = None


def read_image(data: bytes, name: str) -> ReadOutcome:
    """Given a PNG, JPEG or (multi-page) TIFF, return its grid read by OCR."""
    from PIL import Image, ImageSequence

    try:
        image = Image.open(io.BytesIO(data))
        pages = [_array(frame) for frame in ImageSequence.Iterator(image)]
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types for bad files
        message = f"图片文件已损坏, 无法打开: {exc}"
        return ReadOutcome(problems=(Problem("parse.corrupt", "error", message, Location(name)),))
    return read_pages(pages, name)


def read_scanned_pdf(data: bytes, name: str) -> ReadOutcome:
    """Given an image-only PDF, return its grid read by OCR from its rendered pages.

    pdfium is stricter than the text reader that found no text layer: a file it
    cannot load is reported as damaged, and a page it cannot load or render is
    skipped with a warning naming it, the other pages still read.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = f"PDF 文件已损坏, 无法打开页面图像: {exc}"
        return ReadOutcome(problems=(Problem("parse.corrupt", "error", message, Location(name)),))
    pages: list[np.ndarray] = []
    numbers: list[int] = []
    skipped: list[Problem] = []
    try:
        for index in range(len(document)):
            try:
                page = document[index]
                try:
                    # In colour, so that a red seal can be told from the print (see to_grey).
                    image = page.render(scale=RENDER_DPI / 72).to_pil().convert("RGB")
                finally:
                    page.close()
            except pdfium.PdfiumError as exc:
                message = f"第{index + 1}页已损坏, 无法载入页面图像({exc}), 已跳过该页"
                where = Location(name, page=index + 1)
                skipped.append(Problem("parse.corrupt", "warning", message, where))
                continue
            pages.append(np.asarray(image))
            numbers.append(index + 1)
    finally:
        document.close()
    if not pages and skipped:
        message = "PDF 文件已损坏: 没有一页能载入页面图像, 无法识别"
        problem = Problem("parse.corrupt", "error", message, Location(name))
        return ReadOutcome(problems=(*skipped, problem))
    outcome = read_pages(pages, name, numbers)
    return ReadOutcome(outcome.grids, (*skipped, *outcome.problems))


def _array(frame: object) -> np.ndarray:
    from PIL import Image

    assert isinstance(frame, Image.Image)
    # Colour is kept so that a red seal can be told from the black print.
    mode = "RGB" if frame.mode not in ("1", "L", "I;16", "I") else "L"
    return np.asarray(frame.convert(mode))


def read_pages(pages: list[np.ndarray], name: str, numbers: list[int] | None = None) -> ReadOutcome:
    """Given page images (numbered 1, 2, … unless ``numbers`` says), return one grid and the problems met."""
    from jixiao.ingest.pdf_pagecut import drop_repeated_header, join_continuation

    if not engine.available():
        message = "扫描件需要 OCR 组件: 请安装 jixiao[ocr] (rapidocr_onnxruntime)"
        return ReadOutcome(
            problems=(Problem("parse.scanned-pdf", "error", message, Location(name)),)
        )
    start = time.thread_time()
    rows: list[GridRow] = []
    problems: list[Problem] = []
    for number, page in zip(numbers or range(1, len(pages) + 1), pages, strict=True):
        if time.thread_time() - start > TIME_LIMIT:
            message = f"识别超时(计算时间超过{TIME_LIMIT:.0f}秒), 第{number}页起未读取"
            problems.append(
                Problem("parse.ocr-timeout", "error", message, Location(name, page=number))
            )
            break
        found, uncertain = read_page(page, name, number)
        rows.extend(join_continuation(rows, drop_repeated_header(found, rows)))
        problems.extend(uncertain)
    if not any(cell.text for row in rows for cell in row.cells):
        # A blank form, a photo of something else, or a page too blurred to read.
        message = "扫描件中没有识别出文字(可能是空白表、非表格图片或图像过于模糊)"
        problems.append(Problem("parse.scanned-pdf", "error", message, Location(name)))
        return ReadOutcome(problems=tuple(problems))
    return ReadOutcome((Grid(tuple(rows), Location(name)),), tuple(problems))


def read_page(image: np.ndarray, name: str, number: int) -> tuple[list[GridRow], list[Problem]]:
    """Given one page image, return its grid rows and its uncertain cells."""
    grey = straighten(to_grey(image))
    lines, items = _layout(grey)
    if _line_shape(lines) < SIDEWAYS_SHAPE:
        # Lines of single glyphs: the text runs down the page. Which of the two
        # quarter turns is right, the recogniser's confidence tells. A quarter turn
        # keeps the page straight, so the skew is undone once, before it.
        turns = [np.ascontiguousarray(np.rot90(grey, k)) for k in (1, 3)]
        laid = [(turn, *_layout(turn)) for turn in turns]
        grey, lines, items = max(laid, key=lambda page: _confidence(page[1], 6))
    else:
        # Upside down, a page keeps its lines' shape; the recogniser reads a few of
        # them with low confidence. Only then is the half turn read and compared,
        # so an upright page costs the few sample lines.
        upright = _confidence(lines, UPSIDE_DOWN_SAMPLE)
        if upright < UPSIDE_DOWN_DOUBT:
            flipped = np.ascontiguousarray(np.rot90(grey, 2))
            turned_lines, turned_items = _layout(flipped)
            if _confidence(turned_lines, UPSIDE_DOWN_SAMPLE) > upright:
                grey, lines, items = flipped, turned_lines, turned_items
    return _page_rows(grey, lines, items, name, number)


def straighten(grey: np.ndarray) -> np.ndarray:
    """Given a grey page (a scan or a photo), return it upright, square and evenly lit.

    A photo of a page on a desk is cut to the paper and warped to a rectangle; an
    uneven light is evened out; the skew is undone (the long ruling lines, or a
    projection for a photo's larger turn); a table seen at a slant is squared.
    """
    # The long ruling lines give the angle whether the page is upright or lies on
    # its side; the layout is found once, on the straightened page.
    grey = even_light(crop_paper(grey))
    angle = skew_angle(grey)
    grey = rotate(grey, angle) if abs(angle) >= MIN_SKEW else grey
    return square_table(grey)


def _line_shape(lines: list[_Line]) -> float:
    # The median width/height of the page's text lines: long on an upright page,
    # about one glyph square on a page turned by a quarter.
    if not lines:
        return float("inf")
    return float(np.median([line.crop.shape[1] / line.crop.shape[0] for line in lines]))


def _confidence(lines: list[_Line], size: int) -> float:
    # The mean confidence of a few of the longest text lines: sideways or
    # upside-down text reads as low-confidence noise. The lines keep what was read.
    if not lines:
        return 0.0
    longest = sorted(lines, key=lambda line: -line.crop.shape[1])[:size]
    _recognise(longest)
    return float(np.mean([line.read[1] for line in longest if line.read is not None]))


def _recognise(lines: list[_Line]) -> None:
    # Read the lines not read yet (one crop per run: a crop's text does not depend
    # on what else is read with it, so a sample read earlier stands).
    todo = [line for line in lines if line.read is None]
    for line, result in zip(todo, engine.recognise([line.crop for line in todo]), strict=True):
        line.read = result


def _layout(grey: np.ndarray) -> tuple[list[_Line], list[tuple[int, object]]]:
    # The page's text lines to read, and its rows in order of height: tables and
    # free lines, each with its top edge.
    tables, mask, rules = find_tables(grey)
    dpi = dpi_of(grey)
    text = despeckle(
        cv2.bitwise_and(mask, cv2.bitwise_not(cv2.dilate(rules, np.ones((3, 3), np.uint8)))), dpi
    )
    lines: list[_Line] = []
    items: list[tuple[int, object]] = []
    free = text.copy()
    inset = max(2, int(dpi * 0.02))
    for t_index, table in enumerate(tables):
        b = table.box
        free[max(0, b.y0 - inset) : b.y1 + inset, max(0, b.x0 - inset) : b.x1 + inset] = 0
        for c_index, cell in enumerate(table.cells):
            box = Box(
                cell.box.x0 + inset, cell.box.y0 + inset, cell.box.x1 - inset, cell.box.y1 - inset
            )
            for l_index, crop in enumerate(_cell_lines(grey, text, box, dpi)):
                lines.append(_Line(crop, (t_index, c_index, l_index)))
        items.append((b.y0, table))
    gap = int(dpi * CELL_GAP_INCHES)
    for y0, y1 in text_bands(free, dpi):
        pieces = chunks(free[y0:y1], gap, dpi)
        key = len(items)
        for p_index, (x0, x1) in enumerate(pieces):
            lines.append(_Line(_crop(grey, Box(x0, y0, x1, y1), dpi), (-1, key, p_index)))
        items.append((y0, len(pieces)))
    items.sort(key=lambda item: item[0])
    return lines, items


def _cell_lines(grey: np.ndarray, text: np.ndarray, box: Box, dpi: float) -> list[np.ndarray]:
    if box.x1 <= box.x0 or box.y1 <= box.y0:
        return []
    sub = text[box.y0 : box.y1, box.x0 : box.x1]
    crops = []
    gap = int(dpi * CELL_GAP_INCHES)
    for y0, y1 in text_bands(sub, dpi):
        pieces = chunks(sub[y0:y1], gap, dpi)
        if not pieces:
            continue
        inner = Box(box.x0 + pieces[0][0], box.y0 + y0, box.x0 + pieces[-1][1], box.y0 + y1)
        crops.append(_crop(grey, inner, dpi, limit=box))
    return crops


def _crop(grey: np.ndarray, box: Box, dpi: float, limit: Box | None = None) -> np.ndarray:
    # A margin of paper around the line, as the recogniser was trained on; inside a
    # cell the margin stops at the cell's edge so that no ruling line comes in.
    pad = max(2, int(dpi * 0.03))
    x0, y0, x1, y1 = box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad
    if limit is not None:
        x0, y0, x1, y1 = max(x0, limit.x0), max(y0, limit.y0), min(x1, limit.x1), min(y1, limit.y1)
    h, w = grey.shape[:2]
    crop = clean(grey[max(0, y0) : min(h, y1), max(0, x0) : min(w, x1)], dpi)
    return cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=255)


def _page_rows(
    grey: np.ndarray,
    lines: list[_Line],
    items: list[tuple[int, object]],
    name: str,
    number: int,
) -> tuple[list[GridRow], list[Problem]]:
    _recognise(lines)
    results = [(_corrected(line.read[0], line.crop), line.read[1]) for line in lines if line.read]
    read: dict[tuple[int, int], list[tuple[str, float]]] = {}
    for line, result in zip(lines, results, strict=True):
        read.setdefault((line.key[0], line.key[1]), []).append(result)
    rows: list[GridRow] = []
    problems: list[Problem] = []
    tables = [item for _, item in items if isinstance(item, Table)]
    for index, (_, item) in enumerate(items):
        if isinstance(item, Table):
            t_index = tables.index(item)
            found, unsure = _table_rows(item, t_index, read, name, number, len(rows), grey)
            rows.extend(found)
            problems.extend(unsure)
        else:
            texts = [t for t, _ in read.get((-1, index), [])]
            if any(texts):
                where = Location(name, page=number, row=len(rows) + 1)
                rows.append(GridRow(tuple(Cell(t.strip(), source=where) for t in texts), where))
    return rows, problems


def _corrected(text: str, crop: np.ndarray) -> str:
    # What the recogniser gets wrong, set right by the print's shapes and the forms'
    # words (see glyphs and words): comparators, phantom end marks, comma spaces,
    # look-alike glyphs.
    text = drop_phantom_end(fix_comparator(text, crop), crop)
    return fix_look_alikes(fix_commas(text, crop))


def _table_rows(
    table: Table,
    t_index: int,
    read: dict[tuple[int, int], list[tuple[str, float]]],
    name: str,
    number: int,
    before: int,
    grey: np.ndarray,
) -> tuple[list[GridRow], list[Problem]]:
    slots: list[list[Cell]] = [[Cell("", covered=True)] * table.cols for _ in range(table.rows)]
    problems: list[Problem] = []
    for c_index, cell in enumerate(table.cells):
        parts = read.get((t_index, c_index), [])
        text = join_lines("\n".join(t for t, _ in parts))
        where = Location(name, page=number, row=before + cell.row + 1, column=cell.col + 1)
        slots[cell.row][cell.col] = Cell(text, cell.rowspan, cell.colspan, False, where)
        confidence = min((c for _, c in parts), default=1.0)
        if text and confidence < UNCERTAIN:
            message = (
                f"第{number}页第{where.row}行第{where.column}列识别把握不足"
                f"({confidence:.0%}): “{text}”, 请核对原件"
            )
            problems.append(Problem("parse.ocr-uncertain", "warning", message, where))
            kept = _KEPT.get()
            if kept is not None:
                kept.append(UncertainCell(where, text, confidence, _cell_png(grey, cell.box)))
    rows = [
        GridRow(trim(cells), Location(name, page=number, row=before + r + 1))
        for r, cells in enumerate(slots)
    ]
    return rows, problems


def _cell_png(grey: np.ndarray, box: Box) -> bytes:
    # The cell as the page shows it (straightened), ruling lines included so that
    # a person sees which cell it is; a large cell is shrunk to a readable width.
    h, w = grey.shape[:2]
    crop = grey[max(0, box.y0) : min(h, box.y1 + 1), max(0, box.x0) : min(w, box.x1 + 1)]
    if crop.shape[1] > 800:
        scale = 800 / crop.shape[1]
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ok, data = cv2.imencode(".png", crop)
    return data.tobytes() if ok else b""
