"""The Summary sheet: a label in column A, its value in column B and how it is worked out in column C.

Dates are real date cells; every cost figure is a live formula over the Cost lines table or the Cost by FY
totals (through defined names), so editing a line moves the summary.
"""

from __future__ import annotations

from openpyxl import Workbook

from app.engine.cost import CostReport
from app.engine.model import Plan
from app.engine.risk import RiskResult
from app.engine.schedule import Schedule
from app.exporters.excel import cost_by_fy as fy
from app.exporters.excel import cost_lines as cl
from app.exporters.excel.cells import (
    BOLD,
    DECIMAL,
    INTEGER,
    MONEY_SUMMARY,
    PERCENT,
    Cell,
    Column,
    Sheet,
    defined_name,
    write_date,
    write_formula,
    write_number,
    write_text,
    yes_no,
)

TITLE = "Summary"
ONE_OFF = "OneOffCost"
DUAL_RUNNING = "DualRunningCost"
OPTIMISM_BIAS = "OptimismBiasCost"
SWITCHING_VALUE = "SwitchingValue"

COLUMNS = (
    Column("Measure", 44, wrap=True),
    Column("Value", 24, wrap=True),
    Column("How it is worked out", 70, wrap=True),
)

# The labels the issue fixes, in the order they appear.
LABELS = (
    "Project",
    "Finish date",
    "P50 finish",
    "P80 finish",
    "Benchmark months",
    "One-off cost",
    "Dual running cost",
    "Optimism bias",
    "Net present cost (migrate)",
    "Net present cost (do minimum)",
    "Switching value",
)

_BASE_MIGRATE = f'{cl.OPTION},"migrate",{cl.VIEW},"{cl.BASE_VIEW}"'
_GAP = f"({fy.NPC_MIGRATE}-{fy.NPC_DO_MINIMUM})"


def write_summary(
    wb: Workbook, plan: Plan, schedule: Schedule, costs: CostReport, risk: RiskResult
) -> dict[str, int]:
    """Write the sheet; return the row of each label."""
    sheet = Sheet(wb, TITLE, COLUMNS, freeze="A2")
    ws = sheet.ws
    sheet.header(COLUMNS)
    rows: dict[str, int] = {}

    def row(label: str, value: Cell, how: str = "", name: str | None = None) -> None:
        rows[label] = sheet.append([write_text(ws, label, font=BOLD), value, write_text(ws, how)])
        if name:
            defined_name(wb, name, sheet.title, f"B{rows[label]}")

    def money(formula: str) -> Cell:
        return write_formula(ws, formula, MONEY_SUMMARY)

    project = plan.project
    row("Project", write_text(ws, project.name))
    row("Organisation", write_text(ws, project.organisation))
    row("Start date", write_date(ws, project.start_date), "Project setting.")
    row("Finish date", write_date(ws, schedule.finish), "Critical-path finish of the most-likely durations.")
    row("Working days", write_number(ws, schedule.working_days, INTEGER))
    row(
        "Calendar months",
        write_number(ws, schedule.calendar_months, DECIMAL),
        "Start to finish inclusive, in days / 30.4375.",
    )
    row("Benchmark months", write_number(ws, project.benchmark_months, "0.##"), "Project setting.")
    row(
        "Benchmark end",
        write_date(ws, schedule.benchmark_end),
        "The day before the start date plus the benchmark months.",
    )
    row("Within benchmark", yes_no(ws, schedule.within_benchmark))
    row(
        "P50 finish",
        write_date(ws, risk.percentiles[50]),
        f"Monte Carlo, {risk.iterations:,} iterations, seed {risk.seed}, {risk.distribution} (Risk sheet).",
    )
    row("P80 finish", write_date(ws, risk.percentiles[80]), "As above.")
    row("Probability of finishing within the benchmark", write_number(ws, risk.p_within_benchmark, PERCENT))
    horizon = f"{costs.fy_labels[0]} to {costs.fy_labels[-1]}" if costs.fy_labels else ""
    row("Appraisal horizon", write_text(ws, horizon), "Financial years 1 April - 31 March.")
    row(
        "One-off cost",
        money(f'=SUMIFS({cl.AMOUNT},{cl.KIND},"one_off",{_BASE_MIGRATE})'),
        "SUMIFS over Cost lines: Kind one_off, Option migrate, View base (lines, staff effort, exit fees).",
        ONE_OFF,
    )
    row(
        "Dual running cost",
        money(f'=SUMIFS({cl.AMOUNT},{cl.SOURCE},"dual-running",{_BASE_MIGRATE})'),
        "SUMIFS over Cost lines: Source dual-running.",
        DUAL_RUNNING,
    )
    row(
        "Optimism bias",
        money(f'=SUMIFS({cl.AMOUNT},{cl.VIEW},"{cl.OB_VIEW}",{cl.OPTION},"migrate")'),
        "SUMIFS over Cost lines: View optimism bias (capital and operating uplifts).",
        OPTIMISM_BIAS,
    )
    row("Total cost (migrate)", money(f"={fy.TOTAL_MIGRATE}"), "Cost by FY: Total migrate (undiscounted).")
    row("Total cost (do minimum)", money(f"={fy.TOTAL_DO_MINIMUM}"), "Cost by FY: Total do minimum.")
    row(
        "Net present cost (migrate)",
        money(f"={fy.NPC_MIGRATE}"),
        "Cost by FY: SUMPRODUCT of the yearly totals and the discount factors.",
    )
    row("Net present cost (do minimum)", money(f"={fy.NPC_DO_MINIMUM}"), "As above, do minimum.")
    row(
        "Net present cost (migrate, with optimism bias)",
        money(f"={fy.NPC_MIGRATE_WITH_OB}"),
        "Cost by FY: base plus optimism bias, discounted.",
    )
    row(
        "Irrecoverable VAT (migrate)",
        money(f'=SUMIFS({cl.AMOUNT},{cl.VIEW},"{cl.VAT_VIEW}",{cl.OPTION},"migrate")'),
        "Financial view only; excluded from every net present cost.",
    )
    row(
        "Benefits from",
        write_text(ws, costs.benefits_from_fy or "none inside the horizon"),
        "The financial year after the last cutover (Assumptions: BenefitsFirstYear).",
    )
    row(
        "Switching value",
        money(f'=IF({_GAP}<=0,0,IF({fy.BENEFIT_ANNUITY}<=0,"n/a",{_GAP}/{fy.BENEFIT_ANNUITY}))'),
        "The constant annual benefit from the benefits year whose present value equals NPC migrate - "
        "NPC do minimum: the gap / the sum of the discount factors of the benefit years.",
        SWITCHING_VALUE,
    )
    sheet.print_titles("1:1")
    return rows
