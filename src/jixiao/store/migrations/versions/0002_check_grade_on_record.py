"""Keep the current version's rule-engine grade on the table record.

The dashboard counts by grade then read one table instead of joining 50,000
versions. Existing rows are filled from their current version.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 05:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    with op.batch_alter_table("target_tables", schema=None) as batch_op:
        batch_op.add_column(sa.Column("check_grade", sa.String(length=4), nullable=True))
    op.execute(
        "UPDATE target_tables SET check_grade = (SELECT v.check_grade FROM table_versions v "
        "WHERE v.table_id = target_tables.id AND v.version = target_tables.current_version)"
    )


def downgrade() -> None:
    """Revert this migration."""
    with op.batch_alter_table("target_tables", schema=None) as batch_op:
        batch_op.drop_column("check_grade")
