"""Templates: ``templates``, ``template_steps`` and ``template_links`` keep ``Plan.templates``.

Existing files get empty tables: a project saved before 0004 holds no templates.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the three template tables (links cascade from steps, steps from templates)."""
    op.create_table(
        "templates",
        sa.Column("pos", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("pos", name=op.f("pk_templates")),
    )
    op.create_table(
        "template_steps",
        sa.Column("template_pos", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("duration", sa.Integer(), nullable=False),
        sa.Column("optimistic", sa.Integer(), nullable=True),
        sa.Column("pessimistic", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["template_pos"], ["templates.pos"], ondelete="CASCADE",
                                name=op.f("fk_template_steps_template_pos_templates")),
        sa.PrimaryKeyConstraint("template_pos", "seq", name=op.f("pk_template_steps")),
    )
    op.create_table(
        "template_links",
        sa.Column("template_pos", sa.Integer(), nullable=False),
        sa.Column("step_seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("lag", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_pos", "step_seq"], ["template_steps.template_pos", "template_steps.seq"],
            ondelete="CASCADE", name=op.f("fk_template_links_template_pos_template_steps")),
        sa.PrimaryKeyConstraint("template_pos", "step_seq", "seq", name=op.f("pk_template_links")),
    )


def downgrade() -> None:
    """Drop the template tables (the project's templates are lost; interchange JSON keeps them)."""
    op.drop_table("template_links")
    op.drop_table("template_steps")
    op.drop_table("templates")
