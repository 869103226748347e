"""Where the tests find real files: the bundled example and the corpus, both inside the repository.

A clone must test itself with nothing beside it, so no test reads outside the repository;
every test that needs a real table takes its path from here.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = REPO_ROOT / "src" / "jixiao" / "data" / "examples" / "wuhu-2024-targets.txt"
CORPUS = REPO_ROOT / "tests" / "corpus"
CORPUS_FILES = tuple(sorted(CORPUS.glob("[0-9][0-9][0-9]_*.txt")))
REVIEW = CORPUS / "review"
GOLDEN = CORPUS / "golden"


def corpus_file(number: str) -> Path:
    """Given a corpus number such as ``"030"``, return its text file."""
    (path,) = (p for p in CORPUS_FILES if p.name.startswith(f"{number}_"))
    return path
