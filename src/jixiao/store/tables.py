"""The database schema: SQLAlchemy 2 mapped classes, the same on SQLite and PostgreSQL.

A *table record* (``target_tables``) is one project's table of one kind for one
fiscal year; its content lives in immutable *versions* (``table_versions``). The
record carries the workflow status and ``lock_version``, the optimistic-concurrency
counter that refuses a second writer working from a stale copy.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

# Stable constraint names, so that Alembic migrations can name what they alter on
# both back ends (SQLite has no names of its own for unnamed constraints).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time in UTC (audit entries are compared across servers)."""
    return datetime.now(UTC)


class Money(TypeDecorator[Decimal]):
    """A Decimal amount in 万元: NUMERIC on PostgreSQL, exact text on SQLite.

    SQLite has no decimal type and would round through float; money must stay exact.
    """

    impl = Numeric(20, 6)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        """Given the dialect, return text for SQLite and NUMERIC elsewhere."""
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String(40))
        return dialect.type_descriptor(Numeric(20, 6))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        """Given a Decimal, return what the driver stores."""
        if value is None:
            return None
        return format(value, "f") if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        """Given the stored value, return a Decimal."""
        return None if value is None else Decimal(str(value))


class Base(DeclarativeBase):
    """The declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Department(Base):
    """主管部门: code, name and the parent department, if any."""

    __tablename__ = "departments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))


class Unit(Base):
    """实施单位 under a department."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("department_id", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    name: Mapped[str] = mapped_column(String(200))


class Project(Base):
    """A project with a stable identity across years: department code + normalised name.

    The key gets ``|unit<id>`` when another unit's project already holds that name
    (``jixiao.store.entities.ensure_project``). ``merged_into_id`` points a renamed
    project at the one it continues.
    """

    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(400), unique=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    name: Mapped[str] = mapped_column(String(300))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("projects.id"))


class SourceFile(Base):
    """The original file's bytes and sha256, for provenance."""

    __tablename__ = "source_files"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TableRecord(Base):
    """One project's table of one kind for one fiscal year, with its workflow state."""

    __tablename__ = "target_tables"
    __table_args__ = (
        UniqueConstraint("project_id", "fiscal_year", "kind"),
        Index("ix_target_tables_dashboard", "fiscal_year", "status", "grade"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default="target")
    status: Mapped[str] = mapped_column(String(20))
    grade: Mapped[str | None] = mapped_column(String(4))
    # The rule engine's grade of the current version, kept here so that the
    # dashboard counts by grade read one table (50,000 rows, p95 < 50 ms).
    check_grade: Mapped[str | None] = mapped_column(String(4))
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __mapper_args__ = {"version_id_col": lock_version}


class TableVersion(Base):
    """An immutable snapshot of a table's content; ``pending`` marks an adjustment request."""

    __tablename__ = "table_versions"
    __table_args__ = (UniqueConstraint("table_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("target_tables.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    pending: Mapped[bool] = mapped_column(Boolean, default=False)
    sha256: Mapped[str] = mapped_column(String(64))
    project_name: Mapped[str] = mapped_column(String(300))
    implementing_unit: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(200))
    period_years: Mapped[int | None] = mapped_column(Integer)
    funds_total: Mapped[Decimal | None] = mapped_column(Money)
    funds_fiscal: Mapped[Decimal | None] = mapped_column(Money)
    funds_carryover: Mapped[Decimal | None] = mapped_column(Money)
    funds_other: Mapped[Decimal | None] = mapped_column(Money)
    goals: Mapped[list[str]] = mapped_column(JSON)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON)
    check_grade: Mapped[str | None] = mapped_column(String(4))
    file_id: Mapped[int | None] = mapped_column(ForeignKey("source_files.id"))
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("table_versions.id"))
    created_by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IndicatorRow(Base):
    """One third-level indicator of a version; ``detail`` keeps every contract field."""

    __tablename__ = "indicators"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("table_versions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    level1: Mapped[str] = mapped_column(String(100))
    level2: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)
    value_kind: Mapped[str] = mapped_column(String(20))
    op: Mapped[str | None] = mapped_column(String(2))
    number: Mapped[Decimal | None] = mapped_column(Money)
    unit: Mapped[str | None] = mapped_column(String(50))
    not_applicable: Mapped[bool] = mapped_column(Boolean, default=False)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class FindingRow(Base):
    """A finding of the last check of a version."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("table_versions.id"), index=True)
    code: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    indicator: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    criterion: Mapped[str | None] = mapped_column(String(20))
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class User(Base):
    """A user and the scope of the role: a unit, a department or a region."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    unit_name: Mapped[str | None] = mapped_column(String(200))
    department_code: Mapped[str | None] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    """Who did what, when and why; insert-only (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "audit_log"
    # Every login attempt counts a user's recent failures (jixiao.store.logins).
    __table_args__ = (Index("ix_audit_log_action_actor_at", "action", "actor", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    table_id: Mapped[int | None] = mapped_column(ForeignKey("target_tables.id"), index=True)
    version: Mapped[int | None] = mapped_column(Integer)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Setting(Base):
    """One site setting by key (the rule set and rules switched off), as JSON."""

    __tablename__ = "settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class LoginSession(Base):
    """A signed-in browser session or an API token: valid only while this record says so.

    The cookie or token carries a random key; only its SHA-256 is stored, so the
    table does not hand out sessions if read. ``password_stamp`` ties the session to
    the password it was opened with: changing the password ends it, whichever code
    changes it.
    """

    __tablename__ = "login_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_name: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    password_stamp: Mapped[str] = mapped_column(String(16))
    address: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
