"""The finance workbook export (style guide §6): ``write_workbook(plan, path)``."""

from __future__ import annotations

from app.exporters.excel.workbook import SHEETS, ExportCancelled, build_workbook, write_workbook

__all__ = ["SHEETS", "ExportCancelled", "build_workbook", "write_workbook"]
