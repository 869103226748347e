"""First run: load the bundled example and create the first administrator (once)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from jixiao.store.auth import add_user
from jixiao.store.db import session_scope
from jixiao.store.listing import count_tables
from jixiao.store.users import count_users

ADMIN_NAME = "admin"
EXAMPLE = "wuhu-2024-targets.txt"
EXAMPLE_PATH = Path(__file__).resolve().parents[1] / "data" / "examples" / EXAMPLE


def load_example(engine: Any) -> int:
    """Given an engine, load the bundled example when the database holds no table; return tables added."""
    from jixiao.app.review import configured_checker
    from jixiao.store.load import load_tables

    with session_scope(engine) as session:
        if count_tables(session=session):
            return 0
    from jixiao.ingest import read_bytes

    data = EXAMPLE_PATH.read_bytes()
    parsed = read_bytes(data, EXAMPLE)
    with session_scope(engine) as session:
        report = load_tables(
            session=session,
            tables=parsed.tables,
            actor=ADMIN_NAME,
            data=data,
            name=EXAMPLE,
            checker=configured_checker(session=session),
        )
    return report.added


def first_run(engine: Any, *, example: bool = True) -> str | None:
    """Given an engine, load the example (if empty) and create ``admin`` (if no user exists).

    Return the administrator's random password when it was just created (to be
    printed once), else None: calling it again changes nothing.
    """
    if example:
        load_example(engine)
    with session_scope(engine) as session:
        if count_users(session=session):
            return None
        password = secrets.token_urlsafe(12)
        add_user(session=session, name=ADMIN_NAME, role="admin", password=password)
    return password
