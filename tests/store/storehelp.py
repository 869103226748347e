"""Builders shared by the store tests: the real example, edited copies, engines."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from jixiao.store.db import make_engine, session_scope

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = REPO_ROOT / "src" / "jixiao" / "data" / "examples" / "wuhu-2024-targets.txt"


def example_text() -> str:
    """Return the six real Wuhu 2024 target tables as text."""
    return EXAMPLE.read_text(encoding="utf-8")


def write_variant(folder: Path, index: int) -> Path:
    """Given a folder and a number, write a copy of the example under another department code."""
    text = example_text().replace("芜湖市总工会-508", f"芜湖市总工会{index}-{900 + index}")
    path = folder / f"dept-{900 + index}-2024.txt"
    path.write_text(text, encoding="utf-8")
    return path


@contextmanager
def session_for(url: str) -> Iterator[Session]:
    """Given a database URL, yield a session on it (committed at the end)."""
    with session_scope(engine_for(url)) as session:
        yield session


_ENGINES: dict[str, Engine] = {}


def engine_for(url: str) -> Engine:
    """Given a URL, return one engine per URL for the test session."""
    if url not in _ENGINES:
        _ENGINES[url] = make_engine(url)
    return _ENGINES[url]
