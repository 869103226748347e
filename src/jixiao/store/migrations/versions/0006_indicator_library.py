"""The indicator library (指标库, issue 18): entries with their review state, and the
per-table documents that suggestions and benchmarks read.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_table(
        "library_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("level1", sa.String(length=100), nullable=False),
        sa.Column("level2", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("usage", sa.Integer(), nullable=False),
        sa.Column("departments", sa.JSON(), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=False),
        sa.Column("years", sa.JSON(), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=False),
        sa.Column("examples", sa.JSON(), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("typical", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("proposed_by", sa.String(length=100), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_entries")),
        sa.UniqueConstraint("key", name=op.f("uq_library_entries_key")),
    )
    op.create_index(op.f("ix_library_entries_status"), "library_entries", ["status"], unique=False)
    op.create_table(
        "library_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("department", sa.String(length=64), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("grade", sa.String(length=4), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("unit_name", sa.String(length=200), nullable=True),
        sa.Column("funds", sa.Float(), nullable=True),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.Column("indicators", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["table_id"],
            ["target_tables.id"],
            name=op.f("fk_library_projects_table_id_target_tables"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_projects")),
        sa.UniqueConstraint("table_id", name=op.f("uq_library_projects_table_id")),
    )
    op.create_index(
        op.f("ix_library_projects_department"), "library_projects", ["department"], unique=False
    )


def downgrade() -> None:
    """Revert this migration."""
    op.drop_index(op.f("ix_library_projects_department"), table_name="library_projects")
    op.drop_table("library_projects")
    op.drop_index(op.f("ix_library_entries_status"), table_name="library_entries")
    op.drop_table("library_entries")
