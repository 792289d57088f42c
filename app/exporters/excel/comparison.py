"""The Comparison sheet: the working plan and each scenario side by side, one column per version.

Values come from ``app.engine.scenarios.compare`` (each version scheduled, costed and simulated with the
same seed); the net present cost difference and the whole "Difference from the working plan" block are
live formulas over those values (money in pounds, dates as calendar days later). Scenarios are not on the
Cost lines sheet, so their figures are values, not SUMIFS. A version that cannot be scheduled shows why,
as text, and its figures are left empty.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.engine.model import Plan
from app.engine.scenarios import ScenarioFigures
from app.exporters.excel.cells import (
    BOLD,
    INTEGER,
    MONEY_SUMMARY,
    Cell,
    Column,
    Sheet,
    cell_ref,
    defined_name,
    row_range,
    write_date,
    write_formula,
    write_money,
    write_number,
    write_text,
    yes_no,
)

TITLE = "Comparison"
VERSIONS = "ComparisonVersions"
DAYS = "+0;-0;0"
MONEY_CHANGE = "+£#,##0;-£#,##0;£0"
FIRST = 2  # the working plan's column; scenarios follow

# The value rows, in order; NAMES gives the defined name of a row (across the versions).
LABELS = (
    "Finish date",
    "P50 finish",
    "P80 finish",
    "Working days",
    "Within benchmark",
    "One-off cost",
    "Dual running cost",
    "Total cost (migrate)",
    "Net present cost (migrate)",
    "Net present cost (do minimum)",
    "Net present cost difference (migrate - do minimum)",
    "Switching value",
)
DIFFERENCE = "Difference from the working plan"
_DATES = {"Finish date": "finish", "P50 finish": "p50", "P80 finish": "p80"}
_MONEY = {
    "One-off cost": "one_off",
    "Dual running cost": "dual_running",
    "Total cost (migrate)": "total_migrate",
    "Net present cost (migrate)": "npc_migrate",
    "Net present cost (do minimum)": "npc_do_minimum",
    "Switching value": "switching_value",
}
NAMES = {
    "Finish date": "CompareFinish",
    "One-off cost": "CompareOneOffCost",
    "Dual running cost": "CompareDualRunning",
    "Total cost (migrate)": "CompareTotalMigrate",
    "Net present cost (migrate)": "CompareNPCMigrate",
    "Net present cost (do minimum)": "CompareNPCDoMinimum",
    "Net present cost difference (migrate - do minimum)": "CompareNPCDifference",
    "Switching value": "CompareSwitchingValue",
}
NPC_GAP = LABELS[10]


@dataclass(frozen=True)
class ComparisonLayout:
    """Where the figures went: the row of each label, and of each difference row (for tests)."""

    rows: dict[str, int]
    differences: dict[str, int]
    columns: int


def write_comparison(wb: Workbook, plan: Plan, versions: Sequence[ScenarioFigures]) -> ComparisonLayout:
    """Write the sheet; ``versions`` is ``compare(plan)``: the working plan first, then each scenario."""
    count = max(len(versions), 1)
    last = FIRST + count - 1
    columns = [Column("Measure", 46, wrap=True)] + [Column(v.name, 18, wrap=True) for v in versions]
    sheet = Sheet(wb, TITLE, columns, freeze="B2")
    ws = sheet.ws
    sheet.header(["Measure", *(v.name for v in versions)])
    sheet.print_titles("1:1")
    ws.print_title_cols = "A:A"
    if versions:
        defined_name(wb, VERSIONS, sheet.title, row_range(1, FIRST, last))
    plans = {s.id: s.plan for s in plan.scenarios}

    def row(label: str, cells: Sequence[Cell], bold: bool = False) -> int:
        return sheet.append([write_text(ws, label, font=BOLD if bold else None), *cells])

    row(
        "Version",
        [
            write_text(ws, "Working plan" if v.scenario is None else f"Scenario {v.scenario}")
            for v in versions
        ],
    )
    version_plans = [plan if v.scenario is None else plans.get(v.scenario) for v in versions]
    row("Project", [write_text(ws, p.project.name) if p else None for p in version_plans])
    row("Start date", [write_date(ws, p.project.start_date) if p else None for p in version_plans])
    if any(v.problem for v in versions):
        row("Cannot be scheduled because", [write_text(ws, v.problem) for v in versions])
    rows: dict[str, int] = {}
    writers: dict[str, Callable[[ScenarioFigures], Cell]] = {
        "Working days": lambda v: write_number(ws, v.working_days, INTEGER),
        "Within benchmark": lambda v: None if v.within_benchmark is None else yes_no(ws, v.within_benchmark),
    }
    for label in LABELS:
        row_no = sheet.row + 1
        cells: list[Cell] = []
        for k, v in enumerate(versions):
            column = FIRST + k
            if label in _DATES:
                cells.append(write_date(ws, getattr(v, _DATES[label])))
            elif label == NPC_GAP:
                cells.append(_gap(ws, v, rows, column))
            elif label in _MONEY:
                cells.append(_money(ws, v, getattr(v, _MONEY[label])))
            else:
                cells.append(writers[label](v))
        rows[label] = row(label, cells, bold=label == NPC_GAP)
        if label in NAMES and versions:
            defined_name(wb, NAMES[label], sheet.title, row_range(row_no, FIRST, last))
    sheet.blank()
    sheet.section(DIFFERENCE)
    differences = _differences(sheet, versions, rows)
    return ComparisonLayout(rows, differences, count)


def _money(ws: WriteOnlyWorksheet, version: ScenarioFigures, value: float | None) -> Cell:
    if version.problem:
        return None
    if value is None:
        return write_text(ws, "n/a")
    return write_money(ws, value, summary=True)


def _gap(ws: WriteOnlyWorksheet, version: ScenarioFigures, rows: dict[str, int], column: int) -> Cell:
    if version.problem or version.npc_migrate is None or version.npc_do_minimum is None:
        return None
    migrate = cell_ref(rows["Net present cost (migrate)"], column)
    do_minimum = cell_ref(rows["Net present cost (do minimum)"], column)
    return write_formula(ws, f"={migrate}-{do_minimum}", MONEY_SUMMARY, BOLD)


_DIFFERENCES = (
    ("Finish date", "Finish date (calendar days later)", DAYS),
    ("P50 finish", "P50 finish (calendar days later)", DAYS),
    ("P80 finish", "P80 finish (calendar days later)", DAYS),
    ("Working days", "Working days (more)", DAYS),
    ("One-off cost", "One-off cost (£ more)", MONEY_CHANGE),
    ("Dual running cost", "Dual running cost (£ more)", MONEY_CHANGE),
    ("Total cost (migrate)", "Total cost, migrate (£ more)", MONEY_CHANGE),
    ("Net present cost (migrate)", "Net present cost, migrate (£ more)", MONEY_CHANGE),
    ("Net present cost (do minimum)", "Net present cost, do minimum (£ more)", MONEY_CHANGE),
    (NPC_GAP, "Net present cost difference (£ more)", MONEY_CHANGE),
    ("Switching value", "Switching value (£ more)", MONEY_CHANGE),
)


def _numeric(version: ScenarioFigures, label: str) -> bool:
    """True when ``version`` has a number (or date) in row ``label``, so a difference can be taken."""
    if version.problem:
        return False
    if label == NPC_GAP:
        return version.npc_migrate is not None and version.npc_do_minimum is not None
    field = _DATES.get(label) or _MONEY.get(label) or "working_days"
    return getattr(version, field) is not None


def _differences(sheet: Sheet, versions: Sequence[ScenarioFigures], rows: dict[str, int]) -> dict[str, int]:
    """Each scenario's figure minus the working plan's, as formulas; the working plan's column stays empty."""
    ws = sheet.ws
    out: dict[str, int] = {}
    base = versions[0] if versions else None
    for source, label, number_format in _DIFFERENCES:
        cells: list[Cell] = [None]
        for k, v in enumerate(versions[1:], start=1):
            if base is None or not (_numeric(base, source) and _numeric(v, source)):
                cells.append(write_text(ws, "n/a"))
                continue
            column = FIRST + k
            ours, theirs = cell_ref(rows[source], column), f"${cell_ref(rows[source], FIRST)}"
            cells.append(write_formula(ws, f"={ours}-{theirs}", number_format))
        out[label] = sheet.append([write_text(ws, label), *cells])
    return out


__all__ = ["DIFFERENCE", "LABELS", "NAMES", "TITLE", "ComparisonLayout", "write_comparison"]
