"""The Schedule sheet: one row per task with its dates, float and links, and a week-by-week Gantt band.

The band is one narrow column per week from the Monday of the project's first week to its finish. It holds
no values: two formula-based conditional-formatting rules colour a week when it overlaps the task's start
and finish (the dates in columns F and G), red for critical tasks, blue otherwise, so editing a date in the
sheet redraws the bar.
"""

from __future__ import annotations

from datetime import date, timedelta

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter

from app.engine.model import Dependency, Plan
from app.engine.schedule import Schedule
from app.exporters.excel.cells import (
    HEADER_FILL,
    HEADER_FONT,
    INTEGER,
    ROTATED,
    Column,
    Sheet,
    write_date,
    write_number,
    write_text,
    yes_no,
)

TITLE = "Schedule"
MAX_COLUMNS = 16_384  # Excel's limit

COLUMNS = (
    Column("ID", 10),
    Column("Name", 40),
    Column("Phase", 9),
    Column("Kind", 13),
    Column("Duration (working days)", 10),
    Column("Start", 11),
    Column("Finish", 11),
    Column("Total float (working days)", 9),
    Column("Critical", 8),
    Column("Predecessors (type, lag in working days: reason)", 48),
)
BAND_FIRST = len(COLUMNS) + 1
CRITICAL_FILL = PatternFill("solid", fgColor="C00000", bgColor="C00000")
BAR_FILL = PatternFill("solid", fgColor="5B9BD5", bgColor="5B9BD5")


def predecessors_text(deps: tuple[Dependency, ...]) -> str:
    """``T1 FS; T2 SS+2: reason`` - each link's task, type, lag (when not 0) and reason."""
    parts = []
    for dep in deps:
        lag = f"{dep.lag:+d}" if dep.lag else ""
        reason = f": {dep.reason}" if dep.reason else ""
        parts.append(f"{dep.task} {dep.type}{lag}{reason}")
    return "; ".join(parts)


def gantt_weeks(schedule: Schedule) -> list[date]:
    """The Monday of each week from the project start's week to the finish's (capped at Excel's columns)."""
    first = schedule.start - timedelta(days=schedule.start.weekday())
    weeks = (max(schedule.finish, schedule.start) - first).days // 7 + 1
    return [first + timedelta(weeks=k) for k in range(min(weeks, MAX_COLUMNS - len(COLUMNS)))]


def write_schedule(wb: Workbook, plan: Plan, schedule: Schedule) -> None:
    """Write the sheet with its Gantt band."""
    weeks = gantt_weeks(schedule) if plan.tasks else []
    sheet = Sheet(wb, TITLE, COLUMNS, freeze="C2")
    for k in range(len(weeks)):
        sheet.set_width(BAND_FIRST + k, 2.6)
    ws = sheet.ws
    ws.row_dimensions[1].height = 64
    header = [
        write_text(
            ws,
            c.header,
            font=HEADER_FONT,
            fill=HEADER_FILL,
            alignment=Alignment(wrap_text=True, vertical="center"),
        )
        for c in COLUMNS
    ]
    header += [
        write_date(ws, monday, font=HEADER_FONT, number_format="dd mmm yy", alignment=ROTATED)
        for monday in weeks
    ]
    for cell in header[len(COLUMNS) :]:
        if cell is not None:
            cell.fill = HEADER_FILL
    sheet.append(header)

    index = schedule.index
    starts = schedule.start_ordinals.tolist()
    finishes = schedule.finish_ordinals.tolist()
    floats = schedule.total_float.tolist()
    critical = schedule.critical.tolist()
    for task in plan.tasks:
        i = index[task.id]
        sheet.append(
            [
                write_text(ws, task.id),
                write_text(ws, task.name),
                write_text(ws, task.phase),
                write_text(ws, task.kind),
                write_number(ws, task.duration, INTEGER),
                write_date(ws, date.fromordinal(int(starts[i]))),
                write_date(ws, date.fromordinal(int(finishes[i]))),
                write_number(ws, int(floats[i]), INTEGER),
                yes_no(ws, bool(critical[i])),
                write_text(ws, predecessors_text(task.predecessors)),
            ]
        )
    sheet.table(1, len(COLUMNS))
    if weeks and plan.tasks:
        first = get_column_letter(BAND_FIRST)
        band = f"{first}2:{get_column_letter(BAND_FIRST + len(weeks) - 1)}{sheet.row}"
        overlap = f"{first}$1<=$G2,{first}$1+7>$F2"
        ws.conditional_formatting.add(
            band, FormulaRule(formula=[f'AND($I2="Yes",{overlap})'], fill=CRITICAL_FILL, stopIfTrue=True)
        )
        ws.conditional_formatting.add(band, FormulaRule(formula=[f"AND({overlap})"], fill=BAR_FILL))
