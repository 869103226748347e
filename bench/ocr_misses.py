"""Which indicators the OCR loses, per scan condition (issue 17): a development aid, not a bench.

The six example tables are printed by jixiao's PDF exporter (or the LibreOffice
print among the fixtures) and scanned back as in bench/bench_ocr.py; for every
indicator that is not read exactly, the truth and the nearest row read are printed.

    python bench/ocr_misses.py [150 turned seal 300 libreoffice upside photo]
    (default: the first three; ``upside``: every page turned 180°; ``photo``: a phone
    photo on a desk, see ocr_support.PHOTO)

``--cache FILE`` keeps the recogniser's answers by crop content, so that a second
run after a change to the layout or the corrections costs only the crops that
changed (OCR is slow on a shared machine). The product never uses this cache.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "ingest")]

import numpy as np  # noqa: E402
from ocr_support import (  # noqa: E402
    PHOTO,
    Scan,
    exact_headers,
    exact_indicators,
    printed_pages,
    scanned_pdf,
)

from jixiao.ingest import read_path  # noqa: E402
from jixiao.ingest.ocr import engine  # noqa: E402
from jixiao.model.project import TargetTable  # noqa: E402
from repo_files import EXAMPLE  # noqa: E402

CONDITIONS = {
    "150": (Scan(dpi=150), "jixiao"),
    "turned": (Scan(dpi=150, quarter_turn=True), "jixiao"),
    "seal": (Scan(dpi=150, seal=True), "jixiao"),
    "300": (Scan(dpi=300), "jixiao"),
    "libreoffice": (Scan(dpi=150), "libreoffice"),
    "upside": (Scan(dpi=150, half_turn=True), "jixiao"),
    "photo": (PHOTO, "jixiao"),
}
LIBREOFFICE = ROOT / "tests" / "fixtures" / "inputs" / "wuhu-2024-libreoffice-calc.pdf"


def cached_engine(path: Path) -> None:
    """Make engine.recognise answer from (and fill) a cache keyed by crop content."""
    cache: dict[str, tuple[str, float]] = {}
    if path.exists():
        cache = pickle.loads(path.read_bytes())
    bare = engine.recognise

    def recognise(crops: list[np.ndarray]) -> list[tuple[str, float]]:
        keys = [hashlib.sha1(c.tobytes() + str(c.shape).encode()).hexdigest() for c in crops]
        todo = [(k, c) for k, c in zip(keys, crops, strict=True) if k not in cache]
        if todo:
            for (k, _), got in zip(todo, bare([c for _, c in todo]), strict=True):
                cache[k] = got
            path.write_bytes(pickle.dumps(cache))
        # The raw text is cached; fold() runs again so that its rules can change.
        return [(engine.fold(cache[k][0]), cache[k][1]) for k in keys]

    engine.recognise = recognise  # type: ignore[assignment]


def pages_of(producer: str, truth: list[TargetTable], folder: Path, dpi: int) -> list:
    import pypdfium2 as pdfium

    if producer == "jixiao":
        return printed_pages(truth, folder / f"print{dpi}.pdf", dpi)
    document = pdfium.PdfDocument(LIBREOFFICE)
    try:
        return [p.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for p in document]
    finally:
        document.close()


def misses(read: list[TargetTable], truth: list[TargetTable]) -> list[str]:
    out = []
    for t, (got, want) in enumerate(zip(read, truth, strict=False)):
        have = [(i.name, i.value.raw) for i in got.indicators]
        for ind in want.indicators:
            if (ind.name, ind.value.raw) in have:
                continue
            near = difflib.get_close_matches(
                f"{ind.name}|{ind.value.raw}", ["|".join(h) for h in have], 1, 0
            )
            out.append(
                f"  table {t + 1}: want {ind.name!r} = {ind.value.raw!r}\n"
                f"           got  {near[0] if near else '-'}"
            )
    if len(read) != len(truth):
        out.append(f"  tables read: {len(read)} of {len(truth)}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("conditions", nargs="*", default=["150", "turned", "seal"])
    parser.add_argument("--cache", type=Path)
    args = parser.parse_args()
    if args.cache:
        cached_engine(args.cache)
    truth = list(read_path(EXAMPLE).tables)
    total = sum(len(t.indicators) for t in truth)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in args.conditions:
            scan, producer = CONDITIONS[name]
            pages = pages_of(producer, truth, folder, scan.dpi)
            pdf = scanned_pdf(pages, scan, folder / f"scan-{name}.pdf")
            result = read_path(pdf)
            read = list(result.tables)
            lost = misses(read, truth)
            count = exact_indicators(read, truth)
            uncertain = sum(p.code == "parse.ocr-uncertain" for p in result.problems)
            print(
                f"== {name}: {count}/{total} indicators, headers {exact_headers(read, truth)}/6, "
                f"uncertain cells {uncertain}"
            )
            print("\n".join(lost))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
