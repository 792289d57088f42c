"""The Status sheet: progress against the chosen baseline, from ``app.engine.tracking`` (docs/tracking.md).

A header block (status date, baseline, programme RAG with its reasons), then three tables: phases (RAG,
dates, slip, % complete, reason), tasks (baseline and forecast dates, finish slip, actuals, % complete) and
cost variance (baseline and current pounds per cost item, the variance a live ``=current-baseline`` formula,
SUM totals). Slips are working days (positive = later than the baseline). Without a baseline the sheet says
so and still shows the RAG from the date rules and the task progress.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from app.engine.model import Plan, Rag
from app.engine.schedule import Schedule
from app.engine.tracking import DateVariance, StatusReport, Variance
from app.exporters.excel import cost_by_fy as fy
from app.exporters.excel.cells import (
    BOLD,
    INTEGER,
    MONEY,
    PERCENT,
    Cell,
    Column,
    Sheet,
    cell_ref,
    column_range,
    defined_name,
    write_date,
    write_formula,
    write_money,
    write_number,
    write_text,
)

TITLE = "Status"
STATUS_DATE = "StatusDate"
PROGRAMME_RAG = "ProgrammeRAG"
BASELINE_COST_TOTAL = "BaselineCostTotal"
CURRENT_COST_TOTAL = "CurrentCostTotal"
COST_VARIANCE_TOTAL = "CostVarianceTotal"

COLUMNS = (
    Column("Measure", 22, wrap=True),
    Column("Value", 40, wrap=True),
    Column("", 14, wrap=True),
    Column("", 14),
    Column("", 15),
    Column("", 15),
    Column("", 13),
    Column("", 11),
    Column("", 13),
    Column("", 13),
    Column("", 11),
    Column("", 70, wrap=True),
)
PHASE_HEADERS = (
    "Phase",
    "Name",
    "RAG",
    "Baseline start",
    "Baseline finish",
    "Forecast start",
    "Forecast finish",
    "Finish slip (working days)",
    "",
    "",
    "% complete",
    "Reason",
)
TASK_HEADERS = (
    "Task",
    "Name",
    "Phase",
    "Baseline start",
    "Baseline finish",
    "Forecast start",
    "Forecast finish",
    "Finish slip (working days)",
    "Actual start",
    "Actual finish",
    "% complete",
)
COST_HEADERS = ("Cost item", "Name", "Category", "Baseline (£)", "Current (£)", "Variance (£)")
NO_BASELINE = (
    "No baseline is chosen, so nothing is measured against one: the RAG status comes from the date rules "
    "only (deadlines and contract ends) and there is no cost variance. Save and choose a baseline on the "
    "Tracking page."
)

RAG_WORD: dict[Rag, str] = {"green": "Green", "amber": "Amber", "red": "Red"}
# Excel's own Good / Neutral / Bad cell styles.
RAG_FILL: dict[Rag, PatternFill] = {
    "green": PatternFill("solid", fgColor="C6EFCE"),
    "amber": PatternFill("solid", fgColor="FFEB9C"),
    "red": PatternFill("solid", fgColor="FFC7CE"),
}
RAG_FONT: dict[Rag, Font] = {
    "green": Font(bold=True, color="006100"),
    "amber": Font(bold=True, color="9C5700"),
    "red": Font(bold=True, color="9C0006"),
}


class StatusLayout:
    """Where things went (row numbers), for tests."""

    def __init__(self) -> None:
        """Start empty; rows are filled in as the sheet is written."""
        self.rows: dict[str, int] = {}
        self.phases: dict[str, int] = {}
        self.tasks: dict[str, int] = {}
        self.costs: dict[str, int] = {}
        self.cost_total: int | None = None


def write_status(
    wb: Workbook, plan: Plan, schedule: Schedule, status: StatusReport, moved: Variance | None
) -> StatusLayout:
    """Write the sheet from the engine's status report and (with a baseline) its variance."""
    sheet = Sheet(wb, TITLE, COLUMNS, freeze="A2")
    sheet.header(("Measure", "Value"))
    sheet.print_titles("1:1")
    layout = StatusLayout()
    _header_block(wb, sheet, plan, status, layout)
    sheet.blank()
    _phase_table(sheet, schedule, status, moved, layout)
    sheet.blank()
    _task_table(sheet, plan, schedule, moved, layout)
    sheet.blank()
    _cost_table(wb, sheet, moved, layout)
    return layout


def rag_cell(sheet: Sheet, status: Rag) -> Cell:
    """The RAG word in its colour."""
    return write_text(sheet.ws, RAG_WORD[status], font=RAG_FONT[status], fill=RAG_FILL[status])


def _header_block(wb: Workbook, sheet: Sheet, plan: Plan, status: StatusReport, layout: StatusLayout) -> None:
    ws = sheet.ws
    programme, baseline = status.programme, status.baseline

    def row(label: str, value: Cell, name: str | None = None) -> int:
        layout.rows[label] = sheet.append([write_text(ws, label, font=BOLD), value])
        if name:
            defined_name(wb, name, sheet.title, f"B{layout.rows[label]}")
        return layout.rows[label]

    row("Project", write_text(ws, plan.project.name))
    row(
        "Status date",
        write_date(ws, status.status_date) if status.status_date else write_text(ws, "Not set"),
        STATUS_DATE,
    )
    if baseline is None:
        row("Baseline", write_text(ws, "None chosen"))
        sheet.append([None, write_text(ws, NO_BASELINE)])
    else:
        row("Baseline", write_text(ws, baseline.name))
        row("Baseline saved", write_date(ws, baseline.saved))
        row("Baseline finish", write_date(ws, programme.baseline_finish))
    row("Forecast finish", write_date(ws, programme.forecast_finish))
    if programme.slip_days is not None:
        row("Finish slip (working days)", write_number(ws, programme.slip_days, INTEGER))
    row("Programme RAG", rag_cell(sheet, programme.status), PROGRAMME_RAG)
    row("Programme % complete", write_number(ws, programme.percent_complete / 100.0, PERCENT))
    for k, reason in enumerate(programme.reasons):
        cells: list[Cell] = [write_text(ws, "Reasons", font=BOLD) if k == 0 else None, write_text(ws, reason)]
        number = sheet.append(cells)
        if k == 0:
            layout.rows["Reasons"] = number


def _phase_table(
    sheet: Sheet, schedule: Schedule, status: StatusReport, moved: Variance | None, layout: StatusLayout
) -> None:
    ws = sheet.ws
    sheet.section("Phases")
    sheet.header(PHASE_HEADERS)
    forecast = {p.id: p for p in schedule.phases}
    baseline = {v.id: v for v in moved.phases} if moved is not None else {}
    for phase in status.phases:
        dates = forecast.get(phase.phase or "")
        was = baseline.get(phase.phase or "")
        layout.phases[phase.phase or ""] = sheet.append(
            [
                write_text(ws, phase.phase),
                write_text(ws, phase.name),
                rag_cell(sheet, phase.status),
                write_date(ws, was.baseline_start if was else None),
                write_date(ws, phase.baseline_finish),
                write_date(ws, dates.start if dates else None),
                write_date(ws, phase.forecast_finish),
                write_number(ws, phase.slip_days, INTEGER),
                None,
                None,
                write_number(ws, phase.percent_complete / 100.0, PERCENT),
                write_text(ws, phase.reason),
            ]
        )
    if not status.phases:
        sheet.append([None, write_text(ws, "No phase has tasks.")])


def _task_table(
    sheet: Sheet, plan: Plan, schedule: Schedule, moved: Variance | None, layout: StatusLayout
) -> None:
    ws = sheet.ws
    sheet.section("Tasks")
    header = sheet.header(TASK_HEADERS)
    rows = _task_rows(plan, schedule, moved)
    tasks = plan.task_by_id
    for row in rows:
        task = tasks[row.id]
        done = 100.0 if task.actual_finish is not None else task.percent_complete
        layout.tasks[row.id] = sheet.append(
            [
                write_text(ws, row.id),
                write_text(ws, row.name),
                write_text(ws, row.phase),
                write_date(ws, row.baseline_start),
                write_date(ws, row.baseline_finish),
                write_date(ws, row.forecast_start),
                write_date(ws, row.forecast_finish),
                write_number(ws, row.finish_days, INTEGER),
                write_date(ws, task.actual_start),
                write_date(ws, task.actual_finish),
                write_number(ws, done / 100.0, PERCENT),
            ]
        )
    ws.auto_filter.ref = f"A{header}:K{max(sheet.row, header)}"


def _task_rows(plan: Plan, schedule: Schedule, moved: Variance | None) -> Sequence[DateVariance]:
    """The variance's task rows, or (without a baseline) the forecast dates alone in the same shape."""
    if moved is not None:
        return moved.tasks
    return tuple(
        DateVariance(
            t.id, t.name, t.phase, schedule.start_of(t.id), schedule.finish_of(t.id), None, None, None, None
        )
        for t in plan.tasks
        if t.id in schedule.index
    )


def _cost_table(wb: Workbook, sheet: Sheet, moved: Variance | None, layout: StatusLayout) -> None:
    ws = sheet.ws
    sheet.section("Cost variance (migrate, base view: ex VAT, ex optimism bias)")
    if moved is None:
        sheet.append([None, write_text(ws, "No baseline chosen, so there is no cost variance.")])
        return
    header = sheet.header(COST_HEADERS)
    for item in moved.costs:
        row_no = sheet.row + 1
        layout.costs[item.item] = sheet.append(
            [
                write_text(ws, item.item),
                write_text(ws, item.name),
                write_text(ws, item.category),
                write_money(ws, item.baseline),
                write_money(ws, item.current),
                write_formula(ws, f"={cell_ref(row_no, 5)}-{cell_ref(row_no, 4)}", MONEY),
            ]
        )
    first, last = header + 1, max(sheet.row, header + 1)
    total = sheet.row + 1
    layout.cost_total = sheet.append(
        [
            write_text(ws, "Total", font=BOLD),
            None,
            None,
            *(
                write_formula(ws, f"=SUM({column_range(c, first, last)})", MONEY, BOLD)
                if moved.costs
                else write_money(ws, 0.0, font=BOLD)
                for c in (4, 5, 6)
            ),
        ]
    )
    for column, name in ((4, BASELINE_COST_TOTAL), (5, CURRENT_COST_TOTAL), (6, COST_VARIANCE_TOTAL)):
        defined_name(wb, name, sheet.title, cell_ref(total, column))
    checks = sheet.row + 1
    layout.rows["Totals"] = sheet.append(
        [
            write_text(ws, "Totals: baseline as saved, current on Cost by FY"),
            None,
            None,
            write_money(ws, moved.baseline.total_migrate),
            write_formula(ws, f"={fy.TOTAL_MIGRATE}", MONEY),
            write_formula(ws, f"={cell_ref(checks, 5)}-{cell_ref(checks, 4)}", MONEY),
        ]
    )


__all__ = ["NO_BASELINE", "RAG_WORD", "TITLE", "StatusLayout", "write_status"]
