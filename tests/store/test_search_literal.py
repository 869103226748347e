"""Search text is matched literally: % and _ are characters, not wildcards."""

from __future__ import annotations

from dataclasses import replace

from jixiao.ingest import read_path
from jixiao.store.db import make_engine, session_scope
from jixiao.store.listing import Filters, Scope, count_tables_matching
from jixiao.store.load import load_tables
from jixiao.web.bootstrap import EXAMPLE_PATH


def test_percent_and_underscore_in_search_are_literal(db_url: str) -> None:
    engine = make_engine(db_url)
    tables = read_path(EXAMPLE_PATH).tables
    odd = replace(tables[0], project=replace(tables[0].project, name="覆盖率100%_提升工程"))
    with session_scope(engine) as s:
        load_tables(session=s, tables=(*tables, odd), actor="admin")

    def found(q: str) -> int:
        with session_scope(engine) as s:
            return count_tables_matching(session=s, scope=Scope(), filters=Filters(q=q))

    assert found("劳模") > 0
    assert found("%") == 1 and found("_") == 1
    assert found("100%_") == 1
    assert found("0%_提") == 1
    assert found("1_0") == 0  # "_" would match the "0" of "100"
    assert found("率%提") == 0  # "%" would match "100"
    assert found("\\") == 0
