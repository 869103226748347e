"""Migrations: ``jixiao db init`` builds the schema the ORM expects, on both back ends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.store.migrate import current_revision, head_revision
from jixiao.store.tables import Base


def test_init_reaches_head_and_matches_the_models(db_url: str) -> None:
    result = CliRunner().invoke(app, ["db", "init", "--db", db_url])
    assert result.exit_code == 0, result.output
    engine = create_engine(db_url)
    assert current_revision(engine) == head_revision() == "0003"
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.dispose()
