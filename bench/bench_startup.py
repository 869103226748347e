"""Start-up time of the command line (issue 14, point 7: ``--help`` and ``parse FILE`` < 0.3 s).

Each command runs in a fresh interpreter several times; the median wall time is printed
with its ratio to two floors measured in the same run: a bare ``python -c pass`` and
``python -c "import typer, rich.console"`` (what any Typer + Rich program pays before
its first line). On a shared machine the ratios are the figure to compare, not the
seconds.

Run: ``.venv/bin/python bench/bench_startup.py [--runs 7]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "src" / "jixiao" / "data" / "examples" / "wuhu-2024-targets.txt"
TARGET_S = 0.3


def _median_wall(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    py = sys.executable
    bare = _median_wall([py, "-c", "pass"], runs)
    floor = _median_wall([py, "-c", "import typer, rich.console"], runs)
    # The console script pip installed beside this interpreter: what a user types.
    jixiao = str(Path(py).with_name("jixiao"))
    cases = {
        "jixiao --help": [jixiao, "--help"],
        "jixiao parse 示例(6 张表)": [jixiao, "parse", str(EXAMPLE)],
    }
    print(f"python -c pass: {bare * 1000:.0f} ms; import typer+rich: {floor * 1000:.0f} ms")
    for label, args in cases.items():
        took = _median_wall(args, runs)
        verdict = "ok" if took < TARGET_S else "over"
        print(
            f"{label}: {took * 1000:.0f} ms (x{took / bare:.1f} bare python, "
            f"x{took / floor:.1f} typer+rich floor; target {TARGET_S * 1000:.0f} ms: {verdict})"
        )


if __name__ == "__main__":
    main()
