"""Peak memory of ``jixiao parse --json`` on one file of 6,000 tables (issue 14, point 7).

Writes a synthetic corpus, joins it into one text file, then runs in child processes:
  * reading only (``read_path``), the floor any ``parse`` pays today;
  * ``jixiao parse FILE --json`` as shipped (the document written table by table);
  * the same result dumped in one piece (``json.dumps(result_to_dict(...))``), as before.
Each line gives the child's peak resident memory and wall time.

Run: ``.venv/bin/python bench/bench_parse_memory.py [--tables 6000]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

READ_ONLY = """
import sys
from jixiao.ingest import read_path
read_path(sys.argv[1])
"""

WHOLE_DUMP = """
import json, sys
from jixiao.ingest import read_path
from jixiao.model.serialize import result_to_dict
sys.stdout.write(json.dumps(result_to_dict(read_path(sys.argv[1])), ensure_ascii=False, indent=2) + "\\n")
"""


def _peak(args: list[str]) -> tuple[float, float]:
    """Run a child to completion; return (its peak RSS in MB, wall seconds)."""
    pid = os.fork()
    if pid == 0:  # child: run the command with stdout discarded
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execv(args[0], args)
    started = time.perf_counter()
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{args} failed")
    return usage.ru_maxrss / 1024, time.perf_counter() - started  # ru_maxrss is in KiB on Linux


def main() -> None:
    """Build the big file and print the three peaks."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=6000)
    opts = parser.parse_args()
    jixiao = [sys.executable, "-m", "jixiao"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "synth"
        subprocess.run(
            [*jixiao, "synth", "--tables", str(opts.tables), "-o", str(folder), "--seed", "3"],
            check=True,
            capture_output=True,
        )
        big = Path(tmp) / "big.txt"
        big.write_text("".join(p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))), "utf-8")
        print(f"{opts.tables} tables in one file of {big.stat().st_size / 1e6:.1f} MB")
        runs = {
            "read only": [sys.executable, "-c", READ_ONLY, str(big)],
            "parse --json (streamed)": [*jixiao, "parse", str(big), "--json"],
            "one json.dumps (before)": [sys.executable, "-c", WHOLE_DUMP, str(big)],
        }
        for label, args in runs.items():
            mb, seconds = _peak(args)
            print(f"{label:<26} peak {mb:7.0f} MB  {seconds:6.1f} s")


if __name__ == "__main__":
    main()
