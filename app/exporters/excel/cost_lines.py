"""The Cost lines sheet: one row per cost item per financial year, the table every total is a SUMIFS over.

Columns are named for whole columns (``CostAmount``, ``CostCategory``, ...), so a finance officer who
appends a row below the table moves every total. Years in which an item costs nothing are left out (they
add nothing to any sum and would multiply the rows by the horizon).
"""

from __future__ import annotations

from openpyxl import Workbook

from app.engine.cost import CostItem, CostReport
from app.exporters.excel.cells import Column, Sheet, defined_name, write_money, write_text

TITLE = "Cost lines"

BASE_VIEW = "base"
OB_VIEW = "optimism bias"
VAT_VIEW = "VAT"
_VIEWS = {"optimism-bias": OB_VIEW, "vat": VAT_VIEW}

COLUMNS = (
    Column("Line id", 22),
    Column("Name", 48),
    Column("Category", 28),
    Column("Option", 12),
    Column("Kind", 12),
    Column("Source", 14),
    Column("View", 14),
    Column("System", 12),
    Column("Phase", 10),
    Column("FY", 10),
    Column("Amount (£)", 16),
)

# Defined names of whole columns, used by every formula over the lines.
CATEGORY = "CostCategory"
OPTION = "CostOption"
KIND = "CostKind"
SOURCE = "CostSource"
VIEW = "CostView"
SYSTEM = "CostSystem"
PHASE = "CostPhase"
FY = "CostFY"
AMOUNT = "CostAmount"
_NAMED = {
    CATEGORY: "C",
    OPTION: "D",
    KIND: "E",
    SOURCE: "F",
    VIEW: "G",
    SYSTEM: "H",
    PHASE: "I",
    FY: "J",
    AMOUNT: "K",
}


def view_of(item: CostItem) -> str:
    """The view a cost item belongs to: ``base``, ``optimism bias`` or ``VAT``."""
    return _VIEWS.get(item.source, BASE_VIEW)


def sumifs(*criteria: tuple[str, str]) -> str:
    """``SUMIFS(CostAmount, name1, crit1, ...)`` (criteria are formula fragments, quoted by the caller)."""
    parts = ",".join(f"{name},{crit}" for name, crit in criteria)
    return f"SUMIFS({AMOUNT},{parts})"


def write_cost_lines(wb: Workbook, costs: CostReport) -> int:
    """Write the sheet and its column names; return the number of data rows."""
    sheet = Sheet(wb, TITLE, COLUMNS, freeze="C2")
    ws = sheet.ws
    sheet.header(COLUMNS)
    for item in costs.lines:
        fixed = [
            write_text(ws, item.id),
            write_text(ws, item.name),
            write_text(ws, item.category),
            write_text(ws, item.option),
            write_text(ws, item.kind),
            write_text(ws, item.source),
            write_text(ws, view_of(item)),
            write_text(ws, item.system),
            write_text(ws, item.phase),
        ]
        for label in costs.fy_labels:
            amount = item.by_fy.get(label, 0.0)
            if amount == 0.0:
                continue
            # A write-only row is written out at once, so the same cells can serve each year's row.
            sheet.append([*fixed, write_text(ws, label), write_money(ws, amount)])
    sheet.table(1)
    for name, letter in _NAMED.items():
        defined_name(wb, name, sheet.title, f"{letter}:{letter}")
    return sheet.row - 1
