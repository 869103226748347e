"""Migrations: ``jixiao db init`` builds the schema the ORM expects, on both back ends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.store import library as _library  # noqa: F401  (the library tables join the metadata)
from jixiao.store.migrate import current_revision, head_revision
from jixiao.store.tables import Base


def test_init_reaches_head_and_matches_the_models(db_url: str) -> None:
    result = CliRunner().invoke(app, ["db", "init", "--db", db_url])
    assert result.exit_code == 0, result.output
    engine = create_engine(db_url)
    assert current_revision(engine) == head_revision() == "0006"
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.dispose()


def test_a_database_with_data_at_0003_upgrades_to_head_keeping_it(db_url: str) -> None:
    """A deployment at 0003 holding tables and an audit log gets the login index; nothing lost."""
    from pathlib import Path

    from alembic import command
    from sqlalchemy import func, inspect, select

    import jixiao
    from jixiao.app import intake
    from jixiao.store.db import session_scope
    from jixiao.store.migrate import alembic_config
    from jixiao.store.tables import AuditEntry, TableRecord

    example = Path(jixiao.__file__).parent / "data" / "examples" / "wuhu-2024-targets.txt"
    engine = create_engine(db_url)
    command.upgrade(alembic_config(engine), "0003")
    with session_scope(engine) as s:
        list(intake.load_paths(session=s, paths=[example]))
    assert current_revision(engine) == "0003"
    assert "ix_audit_log_action_actor_at" not in {
        i["name"] for i in inspect(engine).get_indexes("audit_log")
    }
    command.upgrade(alembic_config(engine), "0004")
    assert current_revision(engine) == "0004"
    assert "ix_audit_log_action_actor_at" in {
        i["name"] for i in inspect(engine).get_indexes("audit_log")
    }
    with session_scope(engine) as s:
        assert s.scalar(select(func.count(TableRecord.id))) == 6
        assert s.scalar(select(func.count(AuditEntry.id))) == 6
    engine.dispose()


def test_a_database_with_users_at_0004_gains_session_records(db_url: str) -> None:
    """A deployment at 0004 gets the session table; its users and audit log stay; sessions work."""
    from alembic import command
    from sqlalchemy import func, inspect, select

    from jixiao.store.auth import add_user
    from jixiao.store.db import session_scope
    from jixiao.store.logins import record_login
    from jixiao.store.migrate import alembic_config, upgrade
    from jixiao.store.sessions import BROWSER, end_session, open_session, session_actor
    from jixiao.store.tables import AuditEntry, User

    engine = create_engine(db_url)
    command.upgrade(alembic_config(engine), "0004")
    with session_scope(engine) as s:
        add_user(session=s, name="clerk", role="clerk", password="long-enough-1", unit="单位")
        record_login(session=s, name="clerk", addr="10.0.0.1", ok=True)
    assert "login_sessions" not in inspect(engine).get_table_names()
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert "login_sessions" in inspect(engine).get_table_names()
    with session_scope(engine) as s:
        assert s.scalar(select(func.count(User.id))) == 1
        assert s.scalar(select(func.count(AuditEntry.id))) == 1
        key = open_session(session=s, name="clerk", kind=BROWSER, seconds=60)
    with session_scope(engine) as s:
        actor = session_actor(session=s, key=key, kind=BROWSER)
        assert actor is not None and actor.name == "clerk"
        end_session(session=s, key=key)
    with session_scope(engine) as s:
        assert session_actor(session=s, key=key, kind=BROWSER) is None
    command.downgrade(alembic_config(engine), "0004")
    assert "login_sessions" not in inspect(engine).get_table_names()
    engine.dispose()
