"""Programme tracking: the chosen baseline and RAG thresholds on ``project``; baselines and scenarios.

Existing projects get no baseline, the default thresholds (amber past 5, red past 20 working days of slip),
the scenario name "Current plan", and empty baseline and scenario tables.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the tracking columns and the baseline and scenario tables."""
    with op.batch_alter_table("project") as batch:
        batch.add_column(sa.Column("baseline", sa.String(), nullable=True))
        batch.add_column(sa.Column("rag_amber_days", sa.Integer(), server_default="5", nullable=False))
        batch.add_column(sa.Column("rag_red_days", sa.Integer(), server_default="20", nullable=False))
        batch.add_column(sa.Column("scenario_name", sa.String(), server_default="Current plan", nullable=False))
    op.create_table(
        "baselines",
        sa.Column("pos", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("saved", sa.Date(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("finish", sa.Date(), nullable=False),
        sa.Column("one_off", sa.Float(), nullable=False),
        sa.Column("dual_running", sa.Float(), nullable=False),
        sa.Column("total_migrate", sa.Float(), nullable=False),
        sa.Column("npc_migrate", sa.Float(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("pos", name=op.f("pk_baselines")),
    )
    op.create_table(
        "baseline_tasks",
        sa.Column("baseline_pos", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("task", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("finish", sa.Date(), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["baseline_pos"], ["baselines.pos"], ondelete="CASCADE",
                                name=op.f("fk_baseline_tasks_baseline_pos_baselines")),
        sa.PrimaryKeyConstraint("baseline_pos", "seq", name=op.f("pk_baseline_tasks")),
    )
    op.create_table(
        "baseline_phases",
        sa.Column("baseline_pos", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("phase", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("finish", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(["baseline_pos"], ["baselines.pos"], ondelete="CASCADE",
                                name=op.f("fk_baseline_phases_baseline_pos_baselines")),
        sa.PrimaryKeyConstraint("baseline_pos", "seq", name=op.f("pk_baseline_phases")),
    )
    op.create_table(
        "baseline_costs",
        sa.Column("baseline_pos", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("item", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["baseline_pos"], ["baselines.pos"], ondelete="CASCADE",
                                name=op.f("fk_baseline_costs_baseline_pos_baselines")),
        sa.PrimaryKeyConstraint("baseline_pos", "seq", name=op.f("pk_baseline_costs")),
    )
    op.create_table(
        "scenarios",
        sa.Column("pos", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("plan_json", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("pos", name=op.f("pk_scenarios")),
    )


def downgrade() -> None:
    """Drop the tracking tables and columns (baselines and scenarios are lost; interchange JSON keeps them)."""
    op.drop_table("scenarios")
    op.drop_table("baseline_costs")
    op.drop_table("baseline_phases")
    op.drop_table("baseline_tasks")
    op.drop_table("baselines")
    with op.batch_alter_table("project") as batch:
        batch.drop_column("scenario_name")
        batch.drop_column("rag_red_days")
        batch.drop_column("rag_amber_days")
        batch.drop_column("baseline")
