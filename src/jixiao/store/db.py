"""Engines and sessions: the same code on a SQLite file and on PostgreSQL.

The default database is ``JIXIAO_DATABASE_URL`` or ``jixiao.sqlite`` in the
working folder. :func:`make_engine` brings the schema to the newest migration the
first time it meets a database, so a fresh file works without ``jixiao db init``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

# Imported for its session events: every session that changes stored tables
# leaves a new data generation for the caches of every process.
from jixiao.store import generation as _generation  # noqa: F401

DEFAULT_SQLITE_NAME = "jixiao.sqlite"
#: Seconds a SQLite writer waits for another writer's lock before giving up.
SQLITE_BUSY_TIMEOUT = 30


def default_url() -> str:
    """Return ``JIXIAO_DATABASE_URL`` or the SQLite file in the working folder."""
    url = os.environ.get("JIXIAO_DATABASE_URL", "").strip()
    if url:
        return normalise_url(url)
    return f"sqlite:///{Path.cwd() / DEFAULT_SQLITE_NAME}"


def normalise_url(url: str) -> str:
    """Given a database URL, return it with the psycopg 3 driver for PostgreSQL."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str | None = None, *, migrate: bool = True, **kwargs: Any) -> Engine:
    """Given a URL (default: :func:`default_url`), return an engine with an up-to-date schema."""
    url = normalise_url(url) if url else default_url()
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": SQLITE_BUSY_TIMEOUT})
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        from jixiao.store.migrate import upgrade_if_needed

        upgrade_if_needed(engine)
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets readers (the dashboard) work while a bulk load writes; foreign keys
    # are off by default in SQLite and the schema relies on them.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Given an engine, return a session factory that keeps objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """Given an engine, yield a session committed on success and rolled back on error."""
    with session_factory(engine)() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
