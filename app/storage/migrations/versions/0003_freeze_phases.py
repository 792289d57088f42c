"""Freeze scope: ``freeze_phases`` lists the phases a freeze holds (none: every cutover, as before).

Existing freezes get no rows, so they keep holding every cutover.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the freeze-phase table."""
    op.create_table(
        "freeze_phases",
        sa.Column("freeze_pos", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["freeze_pos"], ["freezes.pos"], ondelete="CASCADE",
                                name=op.f("fk_freeze_phases_freeze_pos_freezes")),
        sa.PrimaryKeyConstraint("freeze_pos", "seq", name=op.f("pk_freeze_phases")),
    )


def downgrade() -> None:
    """Drop the freeze-phase table (every freeze then holds every cutover)."""
    op.drop_table("freeze_phases")
