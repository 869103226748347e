"""Dump and restore: every row of every table as JSON lines, portable between back ends.

One line per row, ``{"table": name, "row": {...}}``, parents before children, so a
restore into an empty database (SQLite or PostgreSQL) inserts in file order and
keeps every id; PostgreSQL sequences are then moved past the restored ids.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session
from sqlalchemy.types import DateTime, LargeBinary

# The indicator library's tables (issue 18) live in their own module: imported here so a
# dump holds them (entries under review exist nowhere else) and a restore knows them.
from jixiao.store import library as _library  # noqa: F401
from jixiao.store.errors import StoreError
from jixiao.store.queries import as_utc
from jixiao.store.tables import Base, Money

DUMP_SCHEMA = "jixiao.dump/1"
_BATCH = 1000


def dump(*, session: Session) -> Iterator[str]:
    """Yield the whole database as JSON lines (a header line first)."""
    yield json.dumps({"schema": DUMP_SCHEMA}, ensure_ascii=False)
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table).order_by(*table.primary_key.columns)).mappings():
            out = {c.name: _to_json(c.type, row[c.name]) for c in table.columns}
            yield json.dumps({"table": table.name, "row": out}, ensure_ascii=False)


def dump_to(*, session: Session, out: IO[str]) -> int:
    """Given a text stream, write the dump to it and return the number of rows."""
    rows = -1  # the header line is not a row
    for line in dump(session=session):
        out.write(line + "\n")
        rows += 1
    return rows


def restore(*, session: Session, lines: Iterable[str]) -> int:
    """Given dump lines, insert every row into an empty database; return the row count."""
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    _require_empty(session, tables.values())
    batch: list[dict[str, Any]] = []
    current: Table | None = None
    count = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        item = json.loads(line)
        if "schema" in item:
            if item["schema"] != DUMP_SCHEMA:
                raise StoreError(f"不支持的备份格式“{item['schema']}”(应为 {DUMP_SCHEMA})。")
            continue
        table = tables.get(item.get("table", ""))
        if table is None:
            raise StoreError(f"备份文件第 {number} 行: 未知的表“{item.get('table')}”。")
        if table is not current or len(batch) >= _BATCH:
            _flush(session, current, batch)
            current, batch = table, []
        batch.append({c.name: _from_json(c.type, item["row"].get(c.name)) for c in table.columns})
        count += 1
    _flush(session, current, batch)
    _reset_sequences(session, tables.values())
    return count


def _flush(session: Session, table: Table | None, batch: list[dict[str, Any]]) -> None:
    if table is not None and batch:
        session.execute(insert(table), batch)


def _require_empty(session: Session, tables: Iterable[Table]) -> None:
    for table in tables:
        if session.scalar(select(func.count()).select_from(table)):
            raise StoreError(f"目标数据库不是空的(表 {table.name} 已有数据);请恢复到新建的数据库。")


def _reset_sequences(session: Session, tables: Iterable[Table]) -> None:
    # Rows were inserted with their ids; PostgreSQL's serial sequences must move
    # past them or the next insert collides. SQLite takes max(rowid)+1 by itself.
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        stmt = "SELECT setval(pg_get_serial_sequence(:t, 'id'), COALESCE((SELECT MAX(id) FROM {0}), 0) + 1, false)"
        session.execute(text(stmt.format(table.name)), {"t": table.name})


def _to_json(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(kind, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _from_json(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    if isinstance(kind, DateTime):
        return as_utc(datetime.fromisoformat(value))
    if isinstance(kind, Money):
        return Decimal(value)
    return value
