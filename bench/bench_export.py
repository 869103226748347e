"""Export speed (issue 8): tables per second per format, with a progress bar.

Exports synthetic target tables (``jixiao.synth.generate``) department by
department, 25 tables per output file as a department publishes them, in every
format, and prints tables per second for each. ``--tables 50000`` runs the
50,000-table export of the acceptance note (xlsx, json and csv by default then;
add ``--formats pdf,docx,html`` to include the slow ones).

Run: ``.venv/bin/python bench/bench_export.py [--tables 1000] [--formats xlsx,pdf,...]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jixiao.export import EXPORTERS, write
from jixiao.model.project import TargetTable
from jixiao.synth import generate

console = Console()
PER_FILE = 25


def export_all(tables: list[TargetTable], fmt: str, folder: Path, progress: Progress) -> float:
    """Given tables and a format, write them PER_FILE to a file; return tables per second."""
    task = progress.add_task(f"{fmt:>5}", total=len(tables))
    start = time.perf_counter()
    for n in range(0, len(tables), PER_FILE):
        chunk = tables[n : n + PER_FILE]
        write(chunk, fmt, folder / f"{n:06d}.{fmt}")
        progress.advance(task, len(chunk))
    return len(tables) / (time.perf_counter() - start)


def main() -> None:
    """Run the export benchmark and print tables per second per format."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tables", type=int, default=500)
    parser.add_argument("--formats", default=",".join(EXPORTERS))
    args = parser.parse_args()
    tables = [s.table for s in generate(args.tables, seed=8)]
    rates: dict[str, float] = {}
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with tempfile.TemporaryDirectory() as tmp, Progress(*columns, console=console) as progress:
        for fmt in args.formats.split(","):
            folder = Path(tmp) / fmt
            folder.mkdir()
            rates[fmt] = export_all(tables, fmt, folder, progress)
    console.print(f"export of {len(tables)} synthetic tables, {PER_FILE} per file, one core:")
    for fmt, rate in rates.items():
        console.print(f"  {fmt:>5}: {rate:8.1f} tables/s")


if __name__ == "__main__":
    main()
