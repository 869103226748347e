"""Ingest speed, measured in one run on the same files (issue 5).

Prints:
  * a 1,000-file mixed folder read with ``parse_files`` on all cores, with a progress bar;
  * PDF ingest (``read_path``: grid with merged cells + layout) against bare pdfplumber
    ``extract_tables`` on the same PDFs (target ≤ 1.5×);
  * xlsx ingest against a bare openpyxl read of every cell of the same workbooks (target ≤ 1.5×);
  * text tables per second on one core.

Run: ``.venv/bin/python bench/bench_ingest.py [--files 1000] [--jobs 0]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "ingest"))

import make_fixtures as mf  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: E402

from jixiao.ingest import read_path  # noqa: E402
from jixiao.ingest.bulk import iter_table_files, parse_files  # noqa: E402

console = Console()
# Share of each kind in the mixed folder (the rest of 1.0 is unreadable files).
MIX = {"txt": 0.30, "xlsx": 0.18, "pdf": 0.15, "docx": 0.15, "html": 0.10, "csv": 0.05, "xls": 0.03}


def make_sources(out: Path) -> dict[str, list[Path]]:
    """Given a folder, write single- and multi-table files of every kind, grouped by kind."""
    tables = mf.example_tables()
    files = mf.write_all(out / "all")
    by_kind: dict[str, list[Path]] = {k: [] for k in (*MIX, "bad")}
    for i, t in enumerate(tables):
        one = [t]
        by_kind["xlsx"].append(mf.write_xlsx(one, out / f"t{i}.xlsx"))
        by_kind["pdf"].append(mf.write_pdf(one, out / f"t{i}.pdf"))
        by_kind["docx"].append(mf.write_docx(one, out / f"t{i}.docx"))
        by_kind["html"].append(
            mf.write_html(one, out / f"t{i}.html", "gb2312" if i % 2 else "utf-8")
        )
        by_kind["csv"].append(mf.write_csv(t, out / f"t{i}.csv"))
    by_kind["txt"] = [
        mf.EXAMPLE,
        *sorted((mf.REPO_ROOT / "tests" / "corpus").glob("[0-9]*_*.txt")),
    ]
    by_kind["xlsx"].append(files["xlsx"])
    by_kind["pdf"] += [files["pdf"], files["pdf-continued"], files["pdf-rotated"]]
    # Made by LibreOffice Calc: another producer's drawing of borders and page breaks.
    by_kind["pdf"].append(REPO / "tests" / "fixtures" / "inputs" / "wuhu-2024-libreoffice-calc.pdf")
    by_kind["docx"] += [files["docx"], files["docx-nested"]]
    by_kind["xls"] = [files["xls"]]
    by_kind["bad"] = [
        files[k]
        for k in ("scanned", "pdf-encrypted", "xlsx-encrypted", "corrupt-xlsx", "corrupt-pdf")
    ]
    return by_kind


def make_folder(root: Path, sources: dict[str, list[Path]], count: int) -> None:
    """Given sources by kind, fill root with count files in that mix, spread over subfolders."""
    plan = [k for k, share in MIX.items() for _ in range(round(share * count))]
    plan += ["bad"] * (count - len(plan))
    for n, kind in enumerate(plan[:count]):
        src = sources[kind][n % len(sources[kind])]
        sub = root / f"dept{n % 17:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, sub / f"{n:04d}-{src.name}")


def bulk_run(root: Path, jobs: int) -> None:
    """Given a folder, read it with a progress bar and print the summary."""
    files = iter_table_files([root])
    tables = indicators = 0
    problems: Counter[str] = Counter()
    columns = (
        TextColumn("解析"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("表 {task.fields[tables]} · 问题 {task.fields[problems]}"),
    )
    start = time.perf_counter()
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("files", total=len(files), tables=0, problems=0)
        for _path, result in parse_files(files, jobs=jobs):
            tables += len(result.tables)
            indicators += sum(len(t.indicators) for t in result.tables)
            problems.update(p.code for p in result.problems)
            bar.update(task, advance=1, tables=tables, problems=sum(problems.values()))
    took = time.perf_counter() - start
    cores = jobs or os.cpu_count() or 1
    console.print(
        f"bulk: {len(files)} files on {cores} cores in {took:.1f} s ({len(files) / took:.0f} files/s); "
        f"{tables} tables, {indicators} indicators; problems: {dict(problems)}"
    )


def timed(fn: Callable[[Path], object], files: list[Path]) -> float:
    """Given a function and files, return the seconds one pass over the files takes."""
    start = time.perf_counter()
    for f in files:
        fn(f)
    return time.perf_counter() - start


def bare_pdfplumber(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def bare_openpyxl(path: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass


def compare(label: str, files: list[Path], bare: Callable[[Path], object], rounds: int) -> None:
    """Given files and a bare library read, print jixiao's time against it."""
    # Interleaved rounds, best of each: other load on the machine hits both alike.
    ours = base = float("inf")
    for _ in range(rounds):
        ours = min(ours, timed(read_path, files))
        base = min(base, timed(bare, files))
    tables = sum(len(read_path(f).tables) for f in files)
    console.print(
        f"{label}: jixiao {ours * 1000:.0f} ms vs bare {base * 1000:.0f} ms on {len(files)} files "
        f"({tables} tables) → ratio {ours / base:.2f}× (target ≤ 1.5×)"
    )


def text_rate(seconds: float = 3.0) -> None:
    """Print how many text tables one core reads per second."""
    sources = [mf.EXAMPLE, *sorted((mf.REPO_ROOT / "tests" / "corpus").glob("[0-9]*_*.txt"))]
    tables = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for path in sources:
            tables += len(read_path(path).tables)
    took = time.perf_counter() - start
    console.print(
        f"text: {tables / took:.0f} tables/s on one core ({len(sources)} files, {seconds:.0f} s)"
    )


def main() -> None:
    """Build the files, then run every measurement."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sources = make_sources(root / "src")
        make_folder(root / "mixed", sources, args.files)
        bulk_run(root / "mixed", args.jobs)
        compare("pdf ", sources["pdf"], bare_pdfplumber, args.rounds)
        compare("xlsx", sources["xlsx"], bare_openpyxl, args.rounds)
        text_rate()


if __name__ == "__main__":
    main()
