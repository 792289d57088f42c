"""Team databases: the save counter and a version per record, for optimistic locking.

Project files keep both tables empty; a team database (PostgreSQL, or SQLite by URL) fills them on every
save. Existing files and databases gain the two empty tables.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the team revision and record version tables."""
    op.create_table(
        "team_revision",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("saved_by", sa.String(), nullable=False),
        sa.Column("saved_at", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_revision")),
    )
    op.create_table(
        "record_versions",
        sa.Column("collection", sa.String(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("collection", "item_id", name=op.f("pk_record_versions")),
    )


def downgrade() -> None:
    """Drop the team tables (a team database downgraded this way loses its record versions)."""
    op.drop_table("record_versions")
    op.drop_table("team_revision")
