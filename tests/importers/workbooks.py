"""Build messy inventory files in a test's tmp_path, the way procurement teams send them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

HEADERS = ("System", "Supplier", "Type", "Licences", "Annual cost", "Contract end", "Notice period")


def write_workbook(path: Path, rows: Sequence[Sequence[object]], sheet: str = "Inventory",
                   merges: Sequence[str] = (),
                   extra_sheets: dict[str, Sequence[Sequence[object]]] | None = None) -> Path:
    """Write ``rows`` (row 1 first; ``()`` for a blank row) to one sheet of a new workbook at ``path``."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(list(row) if row else [None])
    for cells in merges:
        ws.merge_cells(cells)
    for title, other in (extra_sheets or {}).items():
        extra = workbook.create_sheet(title)
        for row in other:
            extra.append(list(row) if row else [None])
    workbook.save(path)
    return path


def estate_rows(count: int) -> list[tuple[object, ...]]:
    """``count`` good data rows matching ``HEADERS``."""
    return [(f"System {i}", "Acme Telecom", "IVR", 10 + i % 50, f"£{1000 + i:,}", "31/03/2027", 90)
            for i in range(count)]
