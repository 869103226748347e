"""Alembic environment: runs on the engine handed over by :mod:`jixiao.store.migrate`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from jixiao.store import library as _library  # noqa: F401  (its tables join the metadata)
from jixiao.store.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run the migrations on the given engine, or on ``sqlalchemy.url`` from alembic.ini."""
    engine = config.attributes.get("engine")
    if engine is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
