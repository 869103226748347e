"""How far the review agrees with an experienced reviewer (issue 16).

Runs ``check`` and ``score`` in-process on the corpus tables in tests/corpus and compares
them with the reviewer's judgement in tests/corpus/review: recall of the problems the
reviewer raised, false alarms on what the reviewer found clean, precision, grade
agreement (exact, within one level) and self-evaluation totals within 1 point.

Run: ``.venv/bin/python bench/bench_review.py [--detail]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "corpus"))

import review_measure  # noqa: E402


def main() -> int:
    start = time.perf_counter()
    figures = review_measure.measure()
    if "--detail" in sys.argv:
        print("\n".join(sorted(figures.lines)))
    print(figures.summary())
    print(
        f"({time.perf_counter() - start:.1f} s, targets: precision ≥85%, recall ≥70%, "
        "grade exact ≥65% and within one ≥95%, self-eval totals ≥90%)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
