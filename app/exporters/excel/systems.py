"""The Systems sheet: one row per system of the current and target estates, every field."""

from __future__ import annotations

from openpyxl import Workbook

from app.engine.model import COMPONENT_KIND_LABELS, Plan
from app.exporters.excel.cells import (
    INTEGER,
    Column,
    Sheet,
    write_date,
    write_money,
    write_number,
    write_text,
)

TITLE = "Systems"

COLUMNS = (
    Column("ID", 10),
    Column("Name", 32, wrap=True),
    Column("Estate", 9),
    Column("Kind", 14),
    Column("Kind (label)", 30),
    Column("Action", 10),
    Column("Vendor", 18),
    Column("Seats", 8),
    Column("Annual run cost (£)", 16),
    Column("Contract end", 12),
    Column("Notice (days)", 9),
    Column("Renewal (months)", 10),
    Column("Exit fee (£)", 14),
    Column("Personal data", 20),
    Column("Classification", 18),
    Column("Replaced by", 16),
    Column("Phase", 10),
    Column("Number ranges", 20),
    Column("Notes", 50, wrap=True),
)


def write_systems(wb: Workbook, plan: Plan) -> None:
    """Write the sheet."""
    sheet = Sheet(wb, TITLE, COLUMNS, freeze="C2")
    ws = sheet.ws
    sheet.header(COLUMNS)
    for s in plan.systems:
        sheet.append(
            [
                write_text(ws, s.id),
                write_text(ws, s.name),
                write_text(ws, s.estate),
                write_text(ws, s.kind),
                write_text(ws, COMPONENT_KIND_LABELS.get(s.kind, "")),
                write_text(ws, s.action),
                write_text(ws, s.vendor),
                write_number(ws, s.seats, INTEGER),
                write_money(ws, s.annual_run_cost),
                write_date(ws, s.contract_end),
                write_number(ws, s.notice_days, INTEGER),
                write_number(ws, s.renewal_months, INTEGER),
                write_money(ws, s.exit_fee),
                write_text(ws, s.personal_data),
                write_text(ws, s.classification),
                write_text(ws, "; ".join(s.replaced_by)),
                write_text(ws, s.phase),
                write_text(ws, "; ".join(s.number_ranges)),
                write_text(ws, s.notes),
            ]
        )
    sheet.table(1)
