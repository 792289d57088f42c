"""The Phases sheet: one row per phase or wave with its dates from the schedule and its migrate cost.

The cost is a SUMIFS over the Cost lines table (Phase = the phase id, migrate, base view), so it moves with
the lines.
"""

from __future__ import annotations

from openpyxl import Workbook

from app.engine.model import Plan
from app.engine.schedule import Schedule
from app.exporters.excel import cost_lines as cl
from app.exporters.excel.cells import (
    INTEGER,
    MONEY,
    Column,
    Sheet,
    criterion,
    needs_escape,
    write_date,
    write_formula,
    write_number,
    write_text,
)

TITLE = "Phases"

COLUMNS = (
    Column("ID", 10),
    Column("Name", 32, wrap=True),
    Column("Description", 60, wrap=True),
    Column("Agents", 9),
    Column("Tasks", 8),
    Column("Start", 12),
    Column("Finish", 12),
    Column("Cost, migrate base (£)", 18),
)


def write_phases(wb: Workbook, plan: Plan, schedule: Schedule) -> None:
    """Write the sheet."""
    sheet = Sheet(wb, TITLE, COLUMNS, freeze="C2")
    ws = sheet.ws
    sheet.header(COLUMNS)
    dates = {p.id: p for p in schedule.phases}
    counts: dict[str, int] = {}
    for task in plan.tasks:
        if task.phase is not None:
            counts[task.phase] = counts.get(task.phase, 0) + 1
    for phase in plan.phases:
        rolled = dates.get(phase.id)
        row_no = sheet.row + 1
        own = criterion(f"$A{row_no}", needs_escape(phase.id))
        cost = f'=SUMIFS({cl.AMOUNT},{cl.PHASE},{own},{cl.OPTION},"migrate",{cl.VIEW},"{cl.BASE_VIEW}")'
        sheet.append(
            [
                write_text(ws, phase.id),
                write_text(ws, phase.name),
                write_text(ws, phase.description),
                write_number(ws, phase.agents, INTEGER),
                write_number(ws, counts.get(phase.id, 0), INTEGER),
                write_date(ws, rolled.start if rolled else None),
                write_date(ws, rolled.finish if rolled else None),
                write_formula(ws, cost, MONEY),
            ]
        )
    sheet.table(1)
