"""Issue 17: ``jixiao parse --explain`` shows each uncertain OCR cell's image beside the text read."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
from ocr_support import FONT
from PIL import Image, ImageDraw, ImageFont
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.ingest.explain import explain_html
from jixiao.ingest.ocr import reader

pytest.importorskip("rapidocr_onnxruntime")

CELLS = [["项目名称", "劳模服务"], ["年度资金总额", "150"]]


def _photo(path: Path) -> Path:
    # An A4 page at 150 dpi holding a small ruled table of two rows.
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), 22)
    xs, ys = [100, 500, 1100], [150, 230, 310]
    for y in ys:
        draw.line((xs[0], y, xs[-1], y), fill=0, width=2)
    for x in xs:
        draw.line((x, ys[0], x, ys[-1]), fill=0, width=2)
    for r, row in enumerate(CELLS):
        for c, text in enumerate(row):
            draw.text((xs[c] + 20, ys[r] + 25), text, fill=0, font=font)
    page.save(path)
    return path


def _images(html: str) -> list[Image.Image]:
    found = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", html)
    return [Image.open(io.BytesIO(base64.b64decode(data))) for data in found]


def test_uncertain_cells_are_shown_with_their_scan_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the bar above any confidence, every cell read is uncertain.
    monkeypatch.setattr(reader, "UNCERTAIN", 1.01)
    html = explain_html(_photo(tmp_path / "photo.png"))
    assert "识别把握不足的单元格" in html
    section = html.split("<table class='unsure'>")[1].split("</table>")[0]
    rows = re.findall(r"<tr class='ocr-unsure'>(.*?)</tr>", section)
    assert len(rows) == 4
    for row, want in zip(rows, [t for r in CELLS for t in r], strict=True):
        # The cell's place, its image, then the text read beside it.
        assert "第1页" in row and f"<td class='read'>{want}</td>" in row
    crops = _images(section)
    assert len(crops) == 4
    # Each image is its cell as the page shows it: 400 or 600 px wide, 80 high.
    assert sorted({(c.width // 10, c.height // 10) for c in crops}) == [(40, 8), (60, 8)]
    # The grid marks the same cells, with the image in the cell.
    assert html.count("<td class='ocr-unsure'") + html.count("class='ocr-unsure' title=") >= 4


def test_confident_scan_shows_no_images(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "UNCERTAIN", 0.0)
    html = explain_html(_photo(tmp_path / "photo.png"))
    assert "识别把握不足" not in html and not _images(html)
    assert "劳模服务" in html


def test_parse_explain_writes_the_page_with_the_images(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "UNCERTAIN", 1.01)
    out = tmp_path / "explain.html"
    result = CliRunner().invoke(
        app, ["parse", str(_photo(tmp_path / "photo.png")), "--explain", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(_images(out.read_text(encoding="utf-8"))) >= 4
