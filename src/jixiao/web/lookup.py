"""Fetch a table for a reader: authorisation first (404 outside the scope), then the content."""

from __future__ import annotations

from typing import Any

from jixiao.app.settings import rule_config
from jixiao.store.auth import Actor
from jixiao.store.listing import TableInfo, table_info
from jixiao.store.queries import StoredTable, get_table
from jixiao.web.authz import require_version, require_visible


def visible_info(session: Any, actor: Actor | None, table_id: int) -> TableInfo:
    """Given a table id, return its facts when the reader may see it (else Denied 404)."""
    return require_visible(actor, table_info(session=session, table_id=table_id))


def visible_table(
    session: Any, actor: Actor | None, table_id: int, version: int | None = None
) -> tuple[TableInfo, StoredTable]:
    """Given a table id (and a version), return facts and content when the reader may see it."""
    info = visible_info(session, actor, table_id)
    version = require_version(actor, info, version)
    return info, get_table(session=session, table_id=table_id, version=version)


def live_check(session: Any, stored: StoredTable) -> Any:
    """Given a stored table, return the rule engine's review with the chosen rule set."""
    from jixiao.rules import check_table

    return check_table(stored.table, rule_config(session=session))
