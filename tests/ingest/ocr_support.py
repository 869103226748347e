"""Scans made for the OCR tests: the six example tables printed, degraded and scanned back.

The project's own PDF exporter prints the tables (ruled, one per page); the pages
are rasterised in grey like a scanner would, turned a little, speckled, stamped,
JPEG-compressed and written back as a PDF that holds only the images.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from jixiao.export.formats import FORMATS
from jixiao.model.project import TargetTable

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@dataclass(frozen=True)
class Scan:
    """How a printed page is scanned back."""

    dpi: int = 150
    angle: float = 0.6
    speckles: float = 0.001  # share of pixels flipped
    jpeg: int = 75
    seal: bool = False
    quarter_turn: bool = False
    half_turn: bool = False
    #: A phone photo of the form on a desk: turned by ``angle``, seen a little from
    #: below (the page a trapezoid), lit from one side, with desk around the page.
    photo: bool = False


#: A phone photo of a printed form: 150 dpi-equivalent, 7° off, mild perspective,
#: a shadow across the page, JPEG at a phone's quality 60, no scanner speckles.
PHOTO = Scan(dpi=150, angle=7.0, speckles=0.0, jpeg=60, photo=True)


def printed_pages(tables: Sequence[TargetTable], pdf: Path, dpi: int) -> list[Image.Image]:
    """Given tables, print them with the PDF exporter and return the pages in grey at ``dpi``."""
    import pypdfium2 as pdfium

    FORMATS["pdf"].write(tables, pdf)
    document = pdfium.PdfDocument(pdf)
    try:
        return [
            page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in document
        ]
    finally:
        document.close()


def degrade(page: Image.Image, scan: Scan, seed: int) -> Image.Image:
    """Given a clean page, return it as the scanner gives it back."""
    if scan.photo:
        return photograph(page, scan.angle, seed)
    out = page.rotate(scan.angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = np.asarray(out).copy()
    rng = np.random.default_rng(seed)
    flip = rng.random(pixels.shape) < scan.speckles
    pixels[flip] = np.where(pixels[flip] > 128, 0, 255)
    out = Image.fromarray(pixels)
    if scan.seal:
        out = stamp(out)
    if scan.quarter_turn:
        out = out.rotate(90, expand=True, fillcolor=255)
    if scan.half_turn:
        out = out.rotate(180, fillcolor=255)
    return out


def photograph(
    page: Image.Image,
    angle: float,
    seed: int,
    tilt: float = 0.04,
    shadow: float = 0.4,
    desk: bool = True,
) -> Image.Image:
    """Given a clean grey page, return it as a phone photographs it lying on a desk.

    The page is turned by ``angle`` degrees, its top edge drawn ``tilt`` of the
    width narrower than its bottom (the phone held below the page's centre), laid
    on a darker desk that shows around it, and lit so that the light falls off by
    ``shadow`` from one corner to the opposite one. Without ``desk`` the paper
    fills the frame (a photo taken close, or cropped to the page).
    """
    import cv2

    grey = np.asarray(page.convert("L"), dtype=np.float32)
    h, w = grey.shape
    margin = int(0.12 * w)
    cw, ch = w + 2 * margin, h + 2 * margin
    inset = tilt * w / 2
    quad = np.array(
        [[inset, 0], [w - inset, 0], [w, h], [0, h]], dtype=np.float32
    )  # tl, tr, br, bl
    turn = np.deg2rad(angle)
    rot = np.array([[np.cos(turn), np.sin(turn)], [-np.sin(turn), np.cos(turn)]])
    centre = np.array([w / 2, h / 2], dtype=np.float32)
    target = ((quad - centre) @ rot.T + centre + margin).astype(np.float32)
    source = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(source, target)
    paper = cv2.warpPerspective(grey, matrix, (cw, ch), flags=cv2.INTER_AREA, borderValue=-1)
    rng = np.random.default_rng(seed)
    around = 95 + rng.normal(0, 6, (ch, cw)).astype(np.float32) if desk else 255.0
    out = np.where(paper < 0, around, paper)
    yy, xx = np.mgrid[0:ch, 0:cw].astype(np.float32)
    light = 1.0 - shadow * (xx / cw + yy / ch) / 2
    return Image.fromarray(np.clip(out * light, 0, 255).astype(np.uint8))


def stamp(page: Image.Image) -> Image.Image:
    """Given a page, return it in colour with a red seal pressed over the table's upper cells."""
    dpi_scale = page.width / 1241
    colour = page.convert("RGB")
    layer = Image.new("RGBA", colour.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    cx, cy, r = int(page.width * 0.62), int(page.height * 0.16), int(160 * dpi_scale)
    red = (220, 30, 30, 150)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=int(8 * dpi_scale))
    font = ImageFont.truetype(str(FONT), int(36 * dpi_scale))
    draw.text((cx, cy - r // 3), "芜湖市财政局", fill=red, font=font, anchor="mm")
    draw.regular_polygon((cx, cy + r // 6, int(40 * dpi_scale)), 5, fill=red)
    draw.text((cx, cy + r // 2), "业务专用章", fill=red, font=font, anchor="mm")
    return Image.alpha_composite(colour.convert("RGBA"), layer).convert("RGB")


def scanned_pdf(pages: Sequence[Image.Image], scan: Scan, path: Path) -> Path:
    """Given clean pages, write them degraded as an image-only PDF and return its path."""
    images = []
    for k, page in enumerate(pages):
        buf = io.BytesIO()
        degrade(page, scan, seed=k).save(buf, "JPEG", quality=scan.jpeg)
        images.append(Image.open(io.BytesIO(buf.getvalue())))
    images[0].save(path, "PDF", resolution=scan.dpi, save_all=True, append_images=images[1:])
    return path


def exact_indicators(read: Sequence[TargetTable], truth: Sequence[TargetTable]) -> int:
    """Given tables read and the true ones, return how many indicators match in name and value."""
    found = 0
    for got, want in zip(read, truth, strict=False):
        have = [(i.name, i.value.raw) for i in got.indicators]
        found += sum(1 for i in want.indicators if (i.name, i.value.raw) in have)
    return found


def exact_headers(read: Sequence[TargetTable], truth: Sequence[TargetTable]) -> int:
    """Given tables read and the true ones, return how many have project name and total funds right."""
    return sum(
        1
        for got, want in zip(read, truth, strict=False)
        if (got.project.name, got.funds.total) == (want.project.name, want.funds.total)
    )
