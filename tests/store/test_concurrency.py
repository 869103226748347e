"""Two writers on one table: one is refused (stale version), no change is lost."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from storehelp import EXAMPLE, engine_for, session_for

from jixiao.app import intake
from jixiao.ingest import read_path
from jixiao.store import repo
from jixiao.store.auth import resolve_actor
from jixiao.store.db import session_factory
from jixiao.store.errors import StaleVersion
from jixiao.store.load import save_table
from jixiao.store.tables import TableRecord


def _edit(goal: str):
    return replace(read_path(EXAMPLE).tables[0], goals=(goal,))


def test_interleaved_editors_second_is_refused_then_retries(db_url: str) -> None:
    with session_for(db_url) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE], check=False))
    make = session_factory(engine_for(db_url))
    with make() as alice, make() as bob:
        # Both open the same draft (lock_version 1) and hold it before either saves.
        opened = [s.get(TableRecord, 1) for s in (alice, bob)]
        assert [r.lock_version for r in opened if r is not None] == [1, 1]
        save_table(
            session=alice, table=_edit("甲的修改"), actor=resolve_actor(session=alice, name="alice")
        )
        alice.commit()
        with pytest.raises(StaleVersion, match="他人修改"):
            save_table(
                session=bob, table=_edit("乙的修改"), actor=resolve_actor(session=bob, name="bob")
            )
        bob.rollback()
        # Bob reloads and saves again: his change becomes version 3, Alice's stays version 2.
        save_table(
            session=bob, table=_edit("乙的修改"), actor=resolve_actor(session=bob, name="bob")
        )
        bob.commit()
    with session_for(db_url) as s:
        goals = [repo.get_table(session=s, table_id=1, version=v).table.goals for v in (1, 2, 3)]
        actors = [(e["actor"], e["version"]) for e in repo.history(session=s, table_id=1)]
    assert goals[1:] == [("甲的修改",), ("乙的修改",)]
    assert actors == [("system", 1), ("alice", 2), ("bob", 3)]


def test_expected_version_refuses_a_stale_workflow_step(db_url: str) -> None:
    with session_for(db_url) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE], check=False))
        seen = repo.list_tables(session=s)[0].lock_version
    with session_for(db_url) as s:
        repo.submit(session=s, table_id=1, actor="alice", expected_version=seen)
    with pytest.raises(StaleVersion, match="已被他人修改"), session_for(db_url) as s:
        repo.submit(session=s, table_id=1, actor="bob", expected_version=seen)


def test_threads_racing_on_one_table(db_url: str) -> None:
    with session_for(db_url) as s:
        list(intake.load_paths(session=s, paths=[EXAMPLE], check=False))
    make = session_factory(engine_for(db_url))
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def writer(name: str) -> None:
        with make() as session:
            record = session.get(TableRecord, 1)
            assert record is not None
            actor = resolve_actor(session=session, name=name)
            barrier.wait()
            try:
                save_table(session=session, table=_edit(f"{name}的修改"), actor=actor)
                session.commit()
                results[name] = "saved"
            except StaleVersion:
                session.rollback()
                results[name] = "refused"

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("alice", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    with session_for(db_url) as s:
        (summary,) = [t for t in repo.list_tables(session=s) if t.id == 1]
        winner = next(n for n, r in results.items() if r == "saved")
        current = repo.get_table(session=s, table_id=1).table.goals
    assert sorted(results.values()) == ["refused", "saved"]
    assert summary.version == 2
    assert current == (f"{winner}的修改",)
