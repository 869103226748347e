"""Alembic, run from inside the package: ``jixiao db init`` and start-up upgrades."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# URLs already checked in this process: the check costs a query per engine.
_CHECKED: set[str] = set()


def alembic_config(engine: Engine) -> Config:
    """Given an engine, return an Alembic config that runs on the engine's connection."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str | None:
    """Return the newest migration's revision id."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return script.get_current_head()


def current_revision(engine: Engine) -> str | None:
    """Given an engine, return the database's migration revision (None if empty)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Given an engine, apply every migration not yet applied."""
    command.upgrade(alembic_config(engine), "head")
    _CHECKED.add(engine.url.render_as_string(hide_password=False))


def upgrade_if_needed(engine: Engine) -> None:
    """Given an engine, upgrade its schema once per process when it is behind."""
    key = engine.url.render_as_string(hide_password=False)
    if key in _CHECKED:
        return
    if current_revision(engine) != head_revision():
        upgrade(engine)
    _CHECKED.add(key)
