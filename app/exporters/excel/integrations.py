"""The Integrations sheet: one row per link between systems, every field."""

from __future__ import annotations

from openpyxl import Workbook

from app.engine.model import Plan
from app.exporters.excel.cells import Column, Sheet, write_text, yes_no

TITLE = "Integrations"

COLUMNS = (
    Column("ID", 10),
    Column("Source", 12),
    Column("Source name", 28),
    Column("Target", 12),
    Column("Target name", 28),
    Column("Name", 32, wrap=True),
    Column("Kind", 14),
    Column("Dependency", 11),
    Column("Coexistence bridge", 12),
    Column("Notes", 50, wrap=True),
)


def write_integrations(wb: Workbook, plan: Plan) -> None:
    """Write the sheet (system names are looked up for reading; ids are what the plan holds)."""
    sheet = Sheet(wb, TITLE, COLUMNS, freeze="B2")
    ws = sheet.ws
    sheet.header(COLUMNS)
    names = plan.system_by_id
    for i in plan.integrations:
        source, target = names.get(i.source), names.get(i.target)
        sheet.append(
            [
                write_text(ws, i.id),
                write_text(ws, i.source),
                write_text(ws, source.name if source else ""),
                write_text(ws, i.target),
                write_text(ws, target.name if target else ""),
                write_text(ws, i.name),
                write_text(ws, i.kind),
                yes_no(ws, i.dependency),
                yes_no(ws, i.coexistence_bridge),
                write_text(ws, i.notes),
            ]
        )
    sheet.table(1)
