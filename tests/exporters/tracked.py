"""Midshire with a scenario that starts later, a chosen baseline, actuals, and a task lengthened since.

Shared by the workbook tests of the Comparison and Status sheets (openpyxl and LibreOffice). The scenario
and the baseline carry names that start with ``=``: plan text, so never a formula.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from app.engine.cost import compute_costs
from app.engine.edits import InsertItem, ReplaceItem, SetProjectFields
from app.engine.model import Plan, Scenario
from app.engine.scenarios import add_scenario
from app.engine.schedule import compute_schedule
from app.engine.tracking import capture_baseline
from app.storage.interchange import read_json
from tests.conftest import SAMPLES

SCENARIO_NAME = "=Start later+cmd|' /C calc'!A0"
BASELINE_NAME = "=Approved baseline+cmd|' /C calc'!A0"
LENGTHENED = "T07"


def midshire() -> Plan:
    """The Midshire sample as shipped (no scenarios, no baselines)."""
    return read_json(SAMPLES / "midshire.json")


def with_later_scenario(plan: Plan, days: int = 91) -> Plan:
    """``plan`` with a scenario copy of itself whose start date is ``days`` later."""
    plan = add_scenario(plan, SCENARIO_NAME).apply(plan).plan
    scenario = plan.scenarios[-1]
    project = dataclasses.replace(
        scenario.plan.project, start_date=scenario.plan.project.start_date + timedelta(days=days)
    )
    moved = Scenario(scenario.id, dataclasses.replace(scenario.plan, project=project))
    return ReplaceItem("scenarios", scenario.id, moved).apply(plan).plan


def with_baseline(plan: Plan, extra_days: int = 30) -> Plan:
    """``plan`` baselined (and the baseline chosen), a status date and actuals set, ``LENGTHENED`` longer."""
    schedule = compute_schedule(plan)
    costs = compute_costs(plan, schedule)
    baseline = capture_baseline(plan, schedule, costs, "B1", BASELINE_NAME, date(2026, 5, 29))
    plan = InsertItem("baselines", baseline).apply(plan).plan
    status_date = plan.project.start_date + timedelta(days=70)
    plan = SetProjectFields((("baseline", "B1"), ("status_date", status_date))).apply(plan).plan
    first = plan.tasks[0]
    started = dataclasses.replace(first, actual_start=plan.project.start_date, percent_complete=60.0)
    plan = ReplaceItem("tasks", first.id, started).apply(plan).plan
    task = plan.task_by_id[LENGTHENED]
    longer = dataclasses.replace(task, duration=task.duration + extra_days)
    return ReplaceItem("tasks", task.id, longer).apply(plan).plan


def tracked_plan() -> Plan:
    """Midshire with the later-start scenario, then baselined and slipped."""
    return with_baseline(with_later_scenario(midshire()))
