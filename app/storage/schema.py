"""The tables of a native ``.ccplan`` project file (SQLAlchemy 2 typed ORM, SQLite).

One table per collection of the plan model, each row keeping its place in the collection (``pos`` or
``seq``) so that order round-trips. Tuples owned by an item (a task's predecessors, systems and effort; a
system's ``replaced_by`` and number ranges; a cost line's ramp) are child tables with a foreign key to
their owner (``ON DELETE CASCADE``). References *between* items (a task's phase, a dependency's predecessor
task, a cost line's system ...) are kept as plain id text, not foreign keys: the engine lets a plan hold a
dangling reference while it is being edited (``RemoveItem`` does not cascade) and the file must save any
``Plan`` value losslessly; ``app.engine.references`` reports such problems instead.

These classes describe the *head* schema; ``app/storage/migrations`` builds the same schema step by step.
ORM rows never leave ``app.storage``: ``app.storage.repository`` converts them to and from the engine's
frozen dataclasses. Money and rates are ``Float`` (8-byte IEEE doubles, exact round trip).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Float, ForeignKey, ForeignKeyConstraint, MetaData, Numeric
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every ccplan table (named constraints, so batch migrations can find them)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {Decimal: Numeric(14, 2, asdecimal=True), float: Float()}


class Meta(Base):
    """Key/value facts about the file: ``app`` = ``ccplan``, the format marker and the writing version."""

    __tablename__ = "ccplan_meta"
    key: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str]


class ProjectRow(Base):
    """The single row (``id`` = 1) of project-wide settings; optimism bias is flattened into columns."""

    __tablename__ = "project"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    start_date: Mapped[dt.date]
    nation: Mapped[str]
    organisation: Mapped[str]
    organisation_type: Mapped[str]
    benchmark_months: Mapped[float]
    discount_rate: Mapped[float]
    appraisal_years: Mapped[int]
    distribution: Mapped[str]
    ob_capital_upper: Mapped[float]
    ob_capital_mitigation: Mapped[float]
    ob_duration_upper: Mapped[float]
    ob_duration_mitigation: Mapped[float]
    ob_operating_upper: Mapped[float]
    ob_operating_mitigation: Mapped[float]
    vat_rate: Mapped[float]
    status_date: Mapped[dt.date | None]
    notes: Mapped[str]
    baseline: Mapped[str | None]
    rag_amber_days: Mapped[int] = mapped_column(server_default="5")
    rag_red_days: Mapped[int] = mapped_column(server_default="20")
    scenario_name: Mapped[str] = mapped_column(server_default="Current plan")


class NonWorkingDayRow(Base):
    """``Project.non_working_days`` in order."""

    __tablename__ = "non_working_days"
    pos: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    day: Mapped[dt.date]


class FreezeRow(Base):
    """``Project.freezes`` in order."""

    __tablename__ = "freezes"
    pos: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str]
    start: Mapped[dt.date]
    end: Mapped[dt.date]


class FreezePhaseRow(Base):
    """``Freeze.phases``: the phases a freeze holds (none: every cutover)."""

    __tablename__ = "freeze_phases"
    freeze_pos: Mapped[int] = mapped_column(ForeignKey("freezes.pos", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    phase: Mapped[str]


class SystemRow(Base):
    """``Plan.systems``."""

    __tablename__ = "systems"
    pos: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    id: Mapped[str]
    name: Mapped[str]
    estate: Mapped[str]
    kind: Mapped[str]
    action: Mapped[str]
    vendor: Mapped[str]
    seats: Mapped[int]
    annual_run_cost: Mapped[float]
    contract_end: Mapped[dt.date | None]
    notice_days: Mapped[int | None]
    renewal_months: Mapped[int | None]
    exit_fee: Mapped[float]
    phase: Mapped[str | None]
    notes: Mapped[str]
    # Added by revision 0002 (data protection).
    personal_data: Mapped[str] = mapped_column(server_default="")
    classification: Mapped[str] = mapped_column(server_default="OFFICIAL")


class ReplacedByRow(Base):
    """``System.replaced_by``: the systems that replace one system."""

    __tablename__ = "system_replaced_by"
    system_pos: Mapped[int] = mapped_column(ForeignKey("systems.pos", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    target: Mapped[str]


class NumberRangeRow(Base):
    """``System.number_ranges`` (revision 0002)."""

    __tablename__ = "system_number_ranges"
    system_pos: Mapped[int] = mapped_column(ForeignKey("systems.pos", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    number_range: Mapped[str]


class IntegrationRow(Base):
    """``Plan.integrations``."""

    __tablename__ = "integrations"
    pos: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    id: Mapped[str]
    source: Mapped[str]
    target: Mapped[str]
    name: Mapped[str]
    kind: Mapped[str]
    dependency: Mapped[bool]
    coexistence_bridge: Mapped[bool]
    notes: Mapped[str]


class RoleRow(Base):
    """``Plan.roles``."""

    __tablename__ = "roles"
    pos: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    id: Mapped[str]
    name: Mapped[str]
    day_rate: Mapped[float]


class PhaseRow(Base):
    """``Plan.phases``."""

    __tablename__ = "phases"
    pos: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    id: Mapped[str]
    name: Mapped[str]
    description: Mapped[str]
    agents: Mapped[int]


class TaskRow(Base):
    """``Plan.tasks``."""

    __tablename__ = "tasks"
    pos: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    id: Mapped[str]
    name: Mapped[str]
    duration: Mapped[int]
    phase: Mapped[str | None]
    kind: Mapped[str]
    optimistic: Mapped[int | None]
    pessimistic: Mapped[int | None]
    distribution: Mapped[str | None]
    start_no_earlier_than: Mapped[dt.date | None]
    deadline: Mapped[dt.date | None]
    actual_start: Mapped[dt.date | None]
    actual_finish: Mapped[dt.date | None]
    percent_complete: Mapped[float]
    notes: Mapped[str]


class DependencyRow(Base):
    """``Task.predecessors``."""

    __tablename__ = "dependencies"
    task_pos: Mapped[int] = mapped_column(ForeignKey("tasks.pos", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    predecessor: Mapped[str]
    type: Mapped[str]
    lag: Mapped[int]
    reason: Mapped[str]


class TaskSystemRow(Base):
    """``Task.systems``."""

    __tablename__ = "task_systems"
    task_pos: Mapped[int] = mapped_column(ForeignKey("tasks.pos", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    system: Mapped[str]


class EffortRow(Base):
    """``Task.effort``."""

    __tablename__ = "efforts"
    task_pos: Mapped[int] = mapped_column(ForeignKey("tasks.pos", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    role: Mapped[str]
    days: Mapped[float]


class CostLineRow(Base):
    """``Plan.cost_lines``; each anchor is flattened: a NULL ``*_event`` means no anchor (``None``)."""

    __tablename__ = "cost_lines"
    pos: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    id: Mapped[str]
    name: Mapped[str]
    category: Mapped[str]
    kind: Mapped[str]
    unit_cost: Mapped[float]
    quantity: Mapped[float]
    option: Mapped[str]
    date: Mapped[dt.date | None]
    task: Mapped[str | None]
    start_event: Mapped[str | None]
    start_date: Mapped[dt.date | None]
    start_task: Mapped[str | None]
    end_event: Mapped[str | None]
    end_date: Mapped[dt.date | None]
    end_task: Mapped[str | None]
    low: Mapped[float | None]
    high: Mapped[float | None]
    vat_irrecoverable: Mapped[float]
    treatment: Mapped[str]
    ob_category: Mapped[str]
    system: Mapped[str | None]
    phase: Mapped[str | None]
    source: Mapped[str]
    notes: Mapped[str]


class RampStepRow(Base):
    """``CostLine.ramp``."""

    __tablename__ = "ramp_steps"
    line_pos: Mapped[int] = mapped_column(ForeignKey("cost_lines.pos", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    start: Mapped[dt.date]
    share: Mapped[float]


class TemplateRow(Base):
    """``Plan.templates``: the cutover and procurement templates a planner keeps in the project (0004)."""

    __tablename__ = "templates"
    pos: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    id: Mapped[str]
    name: Mapped[str]
    description: Mapped[str]
    category: Mapped[str]


class TemplateStepRow(Base):
    """``CutoverTemplate.steps`` in order (revision 0004)."""

    __tablename__ = "template_steps"
    template_pos: Mapped[int] = mapped_column(ForeignKey("templates.pos", ondelete="CASCADE"),
                                              primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    key: Mapped[str]
    name: Mapped[str]
    kind: Mapped[str]
    duration: Mapped[int]
    optimistic: Mapped[int | None]
    pessimistic: Mapped[int | None]
    source: Mapped[str]


class TemplateLinkRow(Base):
    """``TemplateStep.predecessors``: links to earlier steps by key (revision 0004)."""

    __tablename__ = "template_links"
    __table_args__ = (
        ForeignKeyConstraint(["template_pos", "step_seq"],
                             ["template_steps.template_pos", "template_steps.seq"], ondelete="CASCADE"),
    )
    template_pos: Mapped[int] = mapped_column(primary_key=True)
    step_seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    step: Mapped[str]
    type: Mapped[str]
    lag: Mapped[int]
    reason: Mapped[str]


class BaselineRow(Base):
    """``Plan.baselines``: named snapshots of the schedule and cost (revision 0005)."""

    __tablename__ = "baselines"
    pos: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    id: Mapped[str]
    name: Mapped[str]
    saved: Mapped[dt.date]
    start: Mapped[dt.date]
    finish: Mapped[dt.date]
    one_off: Mapped[float]
    dual_running: Mapped[float]
    total_migrate: Mapped[float]
    npc_migrate: Mapped[float]
    notes: Mapped[str]


class BaselineTaskRow(Base):
    """``Baseline.tasks`` in order (revision 0005)."""

    __tablename__ = "baseline_tasks"
    baseline_pos: Mapped[int] = mapped_column(ForeignKey("baselines.pos", ondelete="CASCADE"),
                                              primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    task: Mapped[str]
    name: Mapped[str]
    start: Mapped[dt.date]
    finish: Mapped[dt.date]
    duration: Mapped[int]
    phase: Mapped[str | None]


class BaselinePhaseRow(Base):
    """``Baseline.phases`` in order (revision 0005)."""

    __tablename__ = "baseline_phases"
    baseline_pos: Mapped[int] = mapped_column(ForeignKey("baselines.pos", ondelete="CASCADE"),
                                              primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    phase: Mapped[str]
    name: Mapped[str]
    start: Mapped[dt.date]
    finish: Mapped[dt.date]


class BaselineCostRow(Base):
    """``Baseline.costs`` in order (revision 0005)."""

    __tablename__ = "baseline_costs"
    baseline_pos: Mapped[int] = mapped_column(ForeignKey("baselines.pos", ondelete="CASCADE"),
                                              primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    item: Mapped[str]
    name: Mapped[str]
    amount: Mapped[float]
    category: Mapped[str]


class ScenarioRow(Base):
    """``Plan.scenarios`` (revision 0005): each scenario's whole plan as interchange JSON text.

    A scenario is a complete alternative plan that is only ever loaded and saved whole, so one document per
    scenario keeps it lossless (the interchange reader checks it on load) without a second set of tables.
    """

    __tablename__ = "scenarios"
    pos: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    id: Mapped[str]
    plan_json: Mapped[str]


class TeamRevisionRow(Base):
    """The team database's save counter (revision 0006): one row, ``id`` = 1, bumped by every save.

    A save compares the revision it started from with this one (read ``FOR UPDATE``) to learn whether
    someone else saved in between; ``saved_by`` and ``saved_at`` tell the conflict dialog who and when.
    Project files keep the table empty.
    """

    __tablename__ = "team_revision"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    revision: Mapped[int]
    saved_by: Mapped[str]
    saved_at: Mapped[str]


class RecordVersionRow(Base):
    """The version of each record of a team plan (revision 0006): the team revision that last changed it.

    ``collection`` is ``project`` (``item_id`` empty) or a plan collection (``tasks``, ``systems`` ...).
    Optimistic locking compares these with the versions a client loaded: a record whose version moved was
    changed by someone else. Project files keep the table empty.
    """

    __tablename__ = "record_versions"
    collection: Mapped[str] = mapped_column(primary_key=True)
    item_id: Mapped[str] = mapped_column(primary_key=True)
    version: Mapped[int]
