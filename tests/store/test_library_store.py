"""The indicator library stored: build from real tables, review workflow, audit, migration."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, func, inspect, select
from storehelp import engine_for

from jixiao.library.build import build_entries, merge_starter
from jixiao.library.starter import starter_entries
from jixiao.store import library as lib
from jixiao.store import repo
from jixiao.store.db import session_scope
from jixiao.store.migrate import alembic_config, current_revision, upgrade
from jixiao.store.tables import AuditEntry, TableRecord
from repo_files import EXAMPLE


def _load_and_build(url: str) -> lib.BuildReport:
    engine = engine_for(url)
    with session_scope(engine) as s:
        list(repo.load_paths(session=s, paths=[EXAMPLE]))
    with session_scope(engine) as s:
        docs = lib.docs_from_tables(s, approved_only=False)
        entries = merge_starter(build_entries(docs), starter_entries())
        return lib.save_build(s, docs=docs, entries=entries, actor="admin")


def test_build_stores_entries_and_documents(db_url: str) -> None:
    report = _load_and_build(db_url)
    assert report.projects == 6 and report.starter == len(starter_entries())
    with session_scope(engine_for(db_url)) as s:
        assert lib.docs_from_tables(s) == []  # drafts: nothing approved yet
        entries = lib.load_entries(s)
        award = entries["奖励标准"]
        assert (award.unit, award.usage, award.departments, award.years) == (
            "元/人",
            1,
            ("508",),
            (2024,),
        )
        assert award.main_stats is not None and award.main_stats.median == 5000.0
        assert award.examples[0].project == "2023年劳模表彰大会经费"
        docs = lib.load_docs(s)
        assert len(docs) == 6 and all(d.department == "508" and d.tokens for d in docs)
        table_ids = set(s.scalars(select(TableRecord.id)))
        assert {d.ref for d in docs} == table_ids
        assert lib.counts(s)["projects"] == 6
        found = lib.search_rows(s, text="满意度")
        assert found and all("满意度" in r.key for r in found)
        assert lib.generation(s) > 0


def test_review_workflow_is_audited_and_retired_entries_stay(db_url: str) -> None:
    _load_and_build(db_url)
    engine = engine_for(db_url)
    with session_scope(engine) as s:
        before = lib.generation(s)
        row = lib.propose(
            s, actor="rev1", name="1、劳模疗休养人次(人次)", level1="产出指标",
            level2="数量指标", unit="人次", typical="≥100人次",
        )  # fmt: skip
        assert (row.key, row.status, row.unit) == ("劳模疗休养人次", lib.PROPOSED, "人次")
        assert lib.generation(s) > before
        assert "劳模疗休养人次" not in lib.load_entries(s)
        with pytest.raises(lib.LibraryError, match="已在指标库中"):
            lib.propose(
                s, actor="rev2", name="劳模疗休养人次", level1="产出指标", level2="数量指标"
            )
        with pytest.raises(lib.LibraryError, match="理由"):
            lib.decide(s, actor="admin", key="劳模疗休养人次", approve=False)
        lib.decide(s, actor="admin", key="劳模疗休养人次", approve=False, reason="与已有指标重复")
        assert lib.entry_row(s, "劳模疗休养人次").status == lib.RETURNED
        lib.propose(s, actor="rev1", name="劳模疗休养人次", level1="产出指标", level2="数量指标")
        lib.decide(s, actor="admin", key="劳模疗休养人次", approve=True)
        assert "劳模疗休养人次" in lib.load_entries(s)
        lib.retire(s, actor="admin", key="奖励标准", reason="改用人均奖励标准")
        with pytest.raises(lib.LibraryError, match="只能停用在用的指标"):
            lib.retire(s, actor="admin", key="奖励标准", reason="again")
    with session_scope(engine) as s:
        assert "奖励标准" not in lib.load_entries(s)
        assert lib.entry_row(s, "奖励标准").status == lib.RETIRED  # still there, with history
        history = lib.entry_history(s, "劳模疗休养人次")
        assert [h["action"] for h in history] == [
            "library.propose", "library.return", "library.propose", "library.approve",
        ]  # fmt: skip
        assert history[1]["reason"] == "与已有指标重复" and history[1]["actor"] == "admin"
        assert [h["to"] for h in lib.entry_history(s, "奖励标准")] == [lib.RETIRED]
    # a rebuild refreshes counts but keeps review states
    with session_scope(engine) as s:
        docs = lib.docs_from_tables(s, approved_only=False)
        lib.save_build(s, docs=docs, entries=build_entries(docs), actor="admin")
    with session_scope(engine) as s:
        assert lib.entry_row(s, "奖励标准").status == lib.RETIRED
        assert lib.entry_row(s, "劳模疗休养人次").status == lib.ACTIVE
        assert (
            s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "library.build"))
            == 2
        )


def test_a_database_at_0005_with_tables_gains_the_library(db_url: str) -> None:
    engine = create_engine(db_url)
    command.upgrade(alembic_config(engine), "0005")
    with session_scope(engine) as s:
        list(repo.load_paths(session=s, paths=[EXAMPLE]))
    assert "library_entries" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert current_revision(engine) == "0006"
    assert {"library_entries", "library_projects"} <= set(inspect(engine).get_table_names())
    with session_scope(engine) as s:
        assert s.scalar(select(func.count(TableRecord.id))) == 6
        docs = lib.docs_from_tables(s, approved_only=False)
        lib.save_build(s, docs=docs, entries=build_entries(docs), actor="admin")
    command.downgrade(alembic_config(engine), "0005")
    assert "library_entries" not in inspect(engine).get_table_names()
    engine.dispose()


def test_dump_and_restore_keep_the_library(db_url: str, tmp_path) -> None:  # noqa: ANN001
    """Entries under review exist nowhere else: a backup must hold them."""
    import io

    from jixiao.store.backup import dump_to, restore

    _load_and_build(db_url)
    engine = engine_for(db_url)
    with session_scope(engine) as s:
        lib.propose(s, actor="rev1", name="劳模疗休养人次", level1="产出指标", level2="数量指标")
    out = io.StringIO()
    with session_scope(engine) as s:
        dump_to(session=s, out=out)
    assert '"table": "library_entries"' in out.getvalue()
    other = engine_for(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    with session_scope(other) as s:
        restore(session=s, lines=out.getvalue().splitlines())
    with session_scope(other) as s:
        assert lib.entry_row(s, "劳模疗休养人次").status == lib.PROPOSED
        assert len(lib.load_docs(s)) == 6
        assert "奖励标准" in lib.load_entries(s)
