"""Initial schema: departments, projects, versioned tables, users, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 04:36:47.965009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jixiao.store.tables import Money

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["departments.id"], name=op.f("fk_departments_parent_id_departments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
        sa.UniqueConstraint("code", name=op.f("uq_departments_code")),
    )
    op.create_table(
        "source_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_files")),
        sa.UniqueConstraint("sha256", name=op.f("uq_source_files_sha256")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=True),
        sa.Column("department_code", sa.String(length=64), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_projects_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["projects.id"], name=op.f("fk_projects_merged_into_id_projects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("key", name=op.f("uq_projects_key")),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_units_department_id_departments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("department_id", "name", name=op.f("uq_units_department_id_name")),
    )
    op.create_table(
        "target_tables",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("grade", sa.String(length=4), nullable=True),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_target_tables_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_target_tables_project_id_projects")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_target_tables_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_tables")),
        sa.UniqueConstraint(
            "project_id",
            "fiscal_year",
            "kind",
            name=op.f("uq_target_tables_project_id_fiscal_year_kind"),
        ),
    )
    with op.batch_alter_table("target_tables", schema=None) as batch_op:
        batch_op.create_index(
            "ix_target_tables_dashboard", ["fiscal_year", "status", "grade"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_target_tables_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_target_tables_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["table_id"], ["target_tables.id"], name=op.f("fk_audit_log_table_id_target_tables")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_table_id"), ["table_id"], unique=False)

    op.create_table(
        "table_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("pending", sa.Boolean(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("project_name", sa.String(length=300), nullable=False),
        sa.Column("implementing_unit", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("period_years", sa.Integer(), nullable=True),
        sa.Column("funds_total", Money(), nullable=True),
        sa.Column("funds_fiscal", Money(), nullable=True),
        sa.Column("funds_carryover", Money(), nullable=True),
        sa.Column("funds_other", Money(), nullable=True),
        sa.Column("goals", sa.JSON(), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("check_grade", sa.String(length=4), nullable=True),
        sa.Column("file_id", sa.Integer(), nullable=True),
        sa.Column("based_on_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["based_on_id"],
            ["table_versions.id"],
            name=op.f("fk_table_versions_based_on_id_table_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["file_id"], ["source_files.id"], name=op.f("fk_table_versions_file_id_source_files")
        ),
        sa.ForeignKeyConstraint(
            ["table_id"],
            ["target_tables.id"],
            name=op.f("fk_table_versions_table_id_target_tables"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_table_versions")),
        sa.UniqueConstraint("table_id", "version", name=op.f("uq_table_versions_table_id_version")),
    )
    with op.batch_alter_table("table_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_table_versions_table_id"), ["table_id"], unique=False)

    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("indicator", sa.Text(), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("criterion", sa.String(length=20), nullable=True),
        sa.Column("location", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["table_versions.id"],
            name=op.f("fk_findings_version_id_table_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_version_id"), ["version_id"], unique=False)

    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("level1", sa.String(length=100), nullable=False),
        sa.Column("level2", sa.String(length=100), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("value_kind", sa.String(length=20), nullable=False),
        sa.Column("op", sa.String(length=2), nullable=True),
        sa.Column("number", Money(), nullable=True),
        sa.Column("unit", sa.String(length=50), nullable=True),
        sa.Column("not_applicable", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["table_versions.id"],
            name=op.f("fk_indicators_version_id_table_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
    )
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicators_version_id"), ["version_id"], unique=False)

    _audit_is_append_only()


# The audit log is append-only (docs/domain.md "Workflow": who, when and why): the
# database itself refuses UPDATE and DELETE, whatever client writes to it.
_SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, '审计日志只能追加,不能修改'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, '审计日志只能追加,不能删除'); END",
)
_PG_TRIGGERS = (
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION '审计日志只能追加,不能修改或删除'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
)


def _audit_is_append_only() -> None:
    dialect = op.get_bind().dialect.name
    statements = {"sqlite": _SQLITE_TRIGGERS, "postgresql": _PG_TRIGGERS}.get(dialect, ())
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    """Revert this migration."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicators_version_id"))

    op.drop_table("indicators")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_version_id"))

    op.drop_table("findings")
    with op.batch_alter_table("table_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_table_versions_table_id"))

    op.drop_table("table_versions")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_table_id"))

    op.drop_table("audit_log")
    with op.batch_alter_table("target_tables", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_tables_project_id"))
        batch_op.drop_index(batch_op.f("ix_target_tables_department_id"))
        batch_op.drop_index("ix_target_tables_dashboard")

    op.drop_table("target_tables")
    op.drop_table("units")
    op.drop_table("projects")
    op.drop_table("users")
    op.drop_table("source_files")
    op.drop_table("departments")
