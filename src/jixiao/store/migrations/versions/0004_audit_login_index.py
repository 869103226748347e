"""An index for the login rate limit, which counts recent login failures in the audit log.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 08:45:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this migration."""
    op.create_index("ix_audit_log_action_actor_at", "audit_log", ["action", "actor", "at"])


def downgrade() -> None:
    """Revert this migration."""
    op.drop_index("ix_audit_log_action_actor_at", table_name="audit_log")
