"""The data generation changes with every committed change of the stored tables, and only then."""

from __future__ import annotations

import pytest

from jixiao.app.intake import load_file
from jixiao.store import actions
from jixiao.store.auth import add_user
from jixiao.store.db import make_engine, session_scope
from jixiao.store.generation import current_generation
from jixiao.store.queries import list_tables
from jixiao.web.bootstrap import EXAMPLE_PATH as EXAMPLE


def test_writes_to_tables_change_the_generation_and_nothing_else_does(db_url: str) -> None:
    engine = make_engine(db_url)

    def now() -> str:
        with session_scope(engine) as s:
            return current_generation(session=s)

    start = now()
    with session_scope(engine) as s:
        add_user(session=s, name="clerk", password="correct-horse-9", role="admin")
    assert now() == start, "a user is not part of any cached figure"

    with session_scope(engine) as s:
        load_file(session=s, path=EXAMPLE, actor="clerk")
    loaded = now()
    assert loaded != start

    with session_scope(engine) as s:
        first = list_tables(session=s)[0].id
    assert now() == loaded, "reading changes nothing"

    with pytest.raises(RuntimeError), session_scope(engine) as s:
        actions.submit(session=s, table_id=first, actor="clerk")
        raise RuntimeError("rolled back")
    assert now() == loaded, "a rolled-back step changes nothing"

    with session_scope(engine) as s:
        actions.submit(session=s, table_id=first, actor="clerk")
    assert now() not in (start, loaded)
