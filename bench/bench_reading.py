"""Reading accuracy on the real corpus, per layout family (issue 15), and the time it took.

Prints indicator recall and precision and header recall per family, measured by
``tests/corpus/score.py`` against the golden readings in ``tests/corpus/golden/``, then
the wall time of reading the sixty files once.

Run: ``.venv/bin/python bench/bench_reading.py [--detail]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "corpus"))

import score  # noqa: E402


def main(argv: list[str]) -> int:
    """Measure and print the figures."""
    started = time.perf_counter()
    scores = score.measure()
    elapsed = time.perf_counter() - started
    if "--detail" in argv:
        print(score.details(scores), end="\n\n")
    print(score.report(score.by_family(scores)))
    print(f"{len(scores)} files read and scored in {elapsed:.2f} s")
    return 1 if any(s.crashed for s in scores) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
