"""Text parse speed against the bare floor, and against an older tree, in one run (issue 15).

Issue 15 asks that reading more families of text does not make text parsing slower.
Wall-clock rates move with the machine's load, so each figure here is a ratio of two
timings taken in the same run, pass after pass:

* ``floor``: the least any text reader does with the same bytes (decode, split into
  lines, split each line into cells at pipes, tabs and runs of spaces);
* ``warm``: ``read_bytes`` with its caches filled by earlier passes (a batch of files
  from one template: labels and level names repeat);
* ``cold``: ``read_bytes`` with every cache emptied before each pass (tables never seen).

With ``--baseline REV`` (``make bench`` passes the commit issue 15 was measured on) the
same measurement runs on a checkout of that commit, alternating with this tree, and the
ratio of the two trees is printed: below 1.00× this tree parses faster.

Run: ``.venv/bin/python bench/bench_text_speed.py [--baseline f67b1b0] [--rounds 7]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "src" / "jixiao" / "data" / "examples" / "wuhu-2024-targets.txt"
#: The commit issue 15's speed point was measured against (before its family rules).
DEFAULT_BASELINE = "f67b1b0"
_CELL_CUT = re.compile(r"\s*\|\s*|\t| {2,}")


def sources() -> list[tuple[str, bytes]]:
    """Return the bundled example and every corpus text as (name, bytes)."""
    paths = [EXAMPLE, *sorted((REPO / "tests" / "corpus").glob("[0-9]*_*.txt"))]
    return [(p.name, p.read_bytes()) for p in paths]


def floor_pass(files: list[tuple[str, bytes]]) -> None:
    """The bare floor: decode, lines, cells."""
    for _name, data in files:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("gb18030", errors="replace")
        for line in text.splitlines():
            _CELL_CUT.split(line.strip())


def _clear_caches() -> None:
    import functools
    import gc

    for obj in gc.get_objects():
        if isinstance(obj, functools._lru_cache_wrapper) and str(
            getattr(obj, "__module__", "")
        ).startswith("jixiao"):
            # Singletons (the OpenCC converter, the OCR engine) are set-up, not reading.
            if obj.cache_parameters()["maxsize"] not in (1, None):
                obj.cache_clear()


def measure(rounds: int) -> dict[str, float]:
    """Time the floor, warm and cold passes over the sources; return the best of each (s)."""
    from jixiao.ingest import read_bytes

    files = sources()
    for name, data in files:
        read_bytes(data, name)
    best = {"floor": float("inf"), "warm": float("inf"), "cold": float("inf")}
    for _ in range(rounds):
        start = time.perf_counter()
        floor_pass(files)
        best["floor"] = min(best["floor"], time.perf_counter() - start)
        start = time.perf_counter()
        for name, data in files:
            read_bytes(data, name)
        best["warm"] = min(best["warm"], time.perf_counter() - start)
        _clear_caches()
        start = time.perf_counter()
        for name, data in files:
            read_bytes(data, name)
        best["cold"] = min(best["cold"], time.perf_counter() - start)
    best["files"] = len(files)
    return best


def _child(src: Path, rounds: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--rounds", str(rounds)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(out.splitlines()[-1]))


def _checkout(rev: str, where: Path) -> Path | None:
    done = subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", str(where), rev],
        capture_output=True,
        text=True,
    )
    return where / "src" if done.returncode == 0 else None


def _line(label: str, m: dict[str, float]) -> str:
    files = m["files"]
    return (
        f"{label}: floor {m['floor'] * 1000:.1f} ms · warm {m['warm'] * 1000:.1f} ms "
        f"({m['warm'] / m['floor']:.1f}× floor, {files / m['warm']:.0f} files/s) · "
        f"cold {m['cold'] * 1000:.1f} ms ({m['cold'] / m['floor']:.1f}× floor, "
        f"{files / m['cold']:.0f} files/s)"
    )


def main() -> None:
    """Measure this tree, and the baseline's in alternation when one is given."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--baseline", default=DEFAULT_BASELINE, help='git revision to compare with ("" for none)'
    )
    parser.add_argument("--turns", type=int, default=3, help="alternations of the two trees")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.rounds)))
        return
    here = REPO / "src"
    if not args.baseline:
        print(_line("text", _child(here, args.rounds)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        old = _checkout(args.baseline, Path(tmp) / "baseline")
        if old is None:
            print(f"text: baseline {args.baseline} not in this clone's history; this tree only")
            print(_line("text", _child(here, args.rounds)))
            return
        try:
            ours: list[dict[str, float]] = []
            theirs: list[dict[str, float]] = []
            for _ in range(args.turns):
                theirs.append(_child(old, args.rounds))
                ours.append(_child(here, args.rounds))
        finally:
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "remove", "--force", str(old.parent)],
                capture_output=True,
            )
    best_ours = {k: min(m[k] for m in ours) for k in ours[0]}
    best_theirs = {k: min(m[k] for m in theirs) for k in theirs[0]}
    print(_line("text (this tree)", best_ours))
    print(_line(f"text ({args.baseline})", best_theirs))
    for kind in ("warm", "cold"):
        # Each tree's time over its own floor of the same run, so load cancels out.
        ratio = (best_ours[kind] / best_ours["floor"]) / (best_theirs[kind] / best_theirs["floor"])
        print(f"text {kind}: this tree / {args.baseline} = {ratio:.2f}× (target ≤ 1.00×)")


if __name__ == "__main__":
    main()
