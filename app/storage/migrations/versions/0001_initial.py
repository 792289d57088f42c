"""Initial ccplan project schema (ccplan 0.1): plan collections, without data-protection fields.

Revision ID: 0001
Revises:
Create Date: 2025-11-22
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Column = sa.Column[Any]


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns, name=op.f(f"pk_{table}"))


def _owner_fk(table: str, column: str, owner: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{owner}.pos"], ondelete="CASCADE",
                                   name=op.f(f"fk_{table}_{column}_{owner}"))


def _text(name: str, nullable: bool = False) -> Column:
    return sa.Column(name, sa.String(), nullable=nullable)


def _float(name: str, nullable: bool = False) -> Column:
    return sa.Column(name, sa.Float(), nullable=nullable)


def _int(name: str, nullable: bool = False) -> Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _date(name: str, nullable: bool = False) -> Column:
    return sa.Column(name, sa.Date(), nullable=nullable)


def upgrade() -> None:
    """Create every table of the first released schema."""
    op.create_table("ccplan_meta", _text("key"), _text("value"), _pk("ccplan_meta", "key"))
    op.create_table(
        "project", _int("id"), _text("name"), _date("start_date"), _text("nation"), _text("organisation"),
        _text("organisation_type"), _float("benchmark_months"), _float("discount_rate"),
        _int("appraisal_years"), _text("distribution"), _float("ob_capital_upper"),
        _float("ob_capital_mitigation"),
        _float("ob_duration_upper"), _float("ob_duration_mitigation"), _float("ob_operating_upper"),
        _float("ob_operating_mitigation"), _float("vat_rate"), _date("status_date", True), _text("notes"),
        _pk("project", "id"),
    )
    op.create_table("non_working_days", _int("pos"), _date("day"), _pk("non_working_days", "pos"))
    op.create_table("freezes", _int("pos"), _text("name"), _date("start"), _date("end"),
                    _pk("freezes", "pos"))
    op.create_table(
        "systems", _int("pos"), _text("id"), _text("name"), _text("estate"), _text("kind"), _text("action"),
        _text("vendor"), _int("seats"), _float("annual_run_cost"), _date("contract_end", True),
        _int("notice_days", True), _int("renewal_months", True), _float("exit_fee"), _text("phase", True),
        _text("notes"), _pk("systems", "pos"),
    )
    op.create_table(
        "system_replaced_by", _int("system_pos"), _int("seq"), _text("target"),
        _owner_fk("system_replaced_by", "system_pos", "systems"),
        _pk("system_replaced_by", "system_pos", "seq"),
    )
    op.create_table(
        "integrations", _int("pos"), _text("id"), _text("source"), _text("target"), _text("name"),
        _text("kind"), sa.Column("dependency", sa.Boolean(), nullable=False),
        sa.Column("coexistence_bridge", sa.Boolean(), nullable=False), _text("notes"),
        _pk("integrations", "pos"),
    )
    op.create_table("roles", _int("pos"), _text("id"), _text("name"), _float("day_rate"), _pk("roles", "pos"))
    op.create_table(
        "phases", _int("pos"), _text("id"), _text("name"), _text("description"), _int("agents"),
        _pk("phases", "pos"),
    )
    op.create_table(
        "tasks", _int("pos"), _text("id"), _text("name"), _int("duration"), _text("phase", True),
        _text("kind"), _int("optimistic", True), _int("pessimistic", True), _text("distribution", True),
        _date("start_no_earlier_than", True), _date("deadline", True), _date("actual_start", True),
        _date("actual_finish", True), _float("percent_complete"), _text("notes"), _pk("tasks", "pos"),
    )
    op.create_table(
        "dependencies", _int("task_pos"), _int("seq"), _text("predecessor"), _text("type"), _int("lag"),
        _text("reason"), _owner_fk("dependencies", "task_pos", "tasks"),
        _pk("dependencies", "task_pos", "seq"),
    )
    op.create_table(
        "task_systems", _int("task_pos"), _int("seq"), _text("system"),
        _owner_fk("task_systems", "task_pos", "tasks"), _pk("task_systems", "task_pos", "seq"),
    )
    op.create_table(
        "efforts", _int("task_pos"), _int("seq"), _text("role"), _float("days"),
        _owner_fk("efforts", "task_pos", "tasks"), _pk("efforts", "task_pos", "seq"),
    )
    op.create_table(
        "cost_lines", _int("pos"), _text("id"), _text("name"), _text("category"), _text("kind"),
        _float("unit_cost"), _float("quantity"), _text("option"), _date("date", True), _text("task", True),
        _text("start_event", True), _date("start_date", True), _text("start_task", True),
        _text("end_event", True), _date("end_date", True), _text("end_task", True), _float("low", True),
        _float("high", True), _float("vat_irrecoverable"), _text("treatment"), _text("ob_category"),
        _text("system", True), _text("phase", True), _text("source"), _text("notes"),
        _pk("cost_lines", "pos"),
    )
    op.create_table(
        "ramp_steps", _int("line_pos"), _int("seq"), _date("start"), _float("share"),
        _owner_fk("ramp_steps", "line_pos", "cost_lines"), _pk("ramp_steps", "line_pos", "seq"),
    )


def downgrade() -> None:
    """Drop every table (children first)."""
    for table in ("ramp_steps", "cost_lines", "efforts", "task_systems", "dependencies", "tasks", "phases",
                  "roles", "integrations", "system_replaced_by", "systems", "freezes", "non_working_days",
                  "project", "ccplan_meta"):
        op.drop_table(table)
