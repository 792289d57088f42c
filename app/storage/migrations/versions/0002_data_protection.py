"""Data protection and numbers: ``systems.personal_data``, ``systems.classification``, number ranges.

Existing systems get ``personal_data`` = "" and ``classification`` = "OFFICIAL" (the model defaults) and no
number ranges.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the data-protection columns and the number-range table."""
    with op.batch_alter_table("systems") as batch:
        batch.add_column(sa.Column("personal_data", sa.String(), server_default="", nullable=False))
        batch.add_column(sa.Column("classification", sa.String(), server_default="OFFICIAL", nullable=False))
    op.create_table(
        "system_number_ranges",
        sa.Column("system_pos", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number_range", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["system_pos"], ["systems.pos"], ondelete="CASCADE",
                                name=op.f("fk_system_number_ranges_system_pos_systems")),
        sa.PrimaryKeyConstraint("system_pos", "seq", name=op.f("pk_system_number_ranges")),
    )


def downgrade() -> None:
    """Drop the number-range table and the data-protection columns (their data is lost)."""
    op.drop_table("system_number_ranges")
    with op.batch_alter_table("systems") as batch:
        batch.drop_column("classification")
        batch.drop_column("personal_data")
