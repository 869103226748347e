"""The library holds what an office approved: drafts stay out, an approved table comes in
with its grade and its self-evaluation total (indicator scores plus the execution score)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from jixiao.app.library import build_library, suggest
from jixiao.ingest import read_path
from jixiao.model import Funds, parse_value
from jixiao.store import actions
from jixiao.store import library as lib
from jixiao.store.auth import resolve_actor
from jixiao.store.db import make_engine, session_scope
from jixiao.store.load import load_tables, save_table
from jixiao.store.queries import list_tables
from repo_files import EXAMPLE


def test_only_approved_tables_with_grade_and_selfeval_total(db_url: str) -> None:
    engine = make_engine(db_url)
    tables = read_path(EXAMPLE).tables
    with session_scope(engine) as s:
        load_tables(session=s, tables=tables, actor="admin")
    with session_scope(engine) as s:
        first = next(t for t in list_tables(session=s) if t.project_name == tables[0].project.name)
        common = {"session": s, "table_id": first.id, "actor": "admin"}
        actions.submit(**common)
        actions.review(**common, approve=True)
        actions.grade(**common, grade="优")
        actions.approve(**common)
        # its self-evaluation: 3 indicators scored, and the execution score
        scored = tuple(
            replace(i, actual=parse_value(i.value.raw), weight=Decimal(10), score=Decimal(s))
            for i, s in zip(tables[0].indicators[:3], ("10", "9.5", "8"), strict=True)
        )
        selfeval = replace(
            tables[0],
            kind="self_evaluation",
            indicators=scored,
            funds=Funds(total=Decimal("74.5"), execution_score=Decimal("10")),
        )
        save_table(session=s, table=selfeval, actor=resolve_actor(session=s, name="admin"))
    with session_scope(engine) as s:
        report = build_library(session=s, actor="admin")
    assert report.projects == 1  # five drafts stay out
    with session_scope(engine) as s:
        (doc,) = lib.load_docs(s)
        assert (doc.ref, doc.grade, doc.score) == (first.id, "优", 37.5)
        answer = suggest(session=s, name="2025年劳模表彰大会", goals=["发放劳模奖金"])
        assert answer.similar[0].to_dict()["selfeval_score"] == 37.5
        assert answer.similar[0].to_dict()["grade"] == "优"
    engine.dispose()
