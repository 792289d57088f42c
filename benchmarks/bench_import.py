"""Time guessing the columns of and reading a 50,000-row inventory, as .xlsx and as .csv.

Run on demand: ``.venv/bin/python benchmarks/bench_import.py [ROWS]``. Prints seconds per step.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.importers.inventory import guess_columns, read_inventory  # noqa: E402

HEADERS = ("Ref", "System", "Supplier", "Component type", "Seats", "Annual run cost (£)", "Contract end",
           "Notice (days)", "Estate", "Classification", "Notes")
KINDS = ("IVR / self-service", "ACD", "Call recording", "WFM", "CRM", "SBC", "Webchat", "Payments")
T = TypeVar("T")


def _row(i: int) -> tuple[object, ...]:
    end = f"{1 + i % 28:02d}/{1 + i % 12:02d}/20{27 + i % 5}"
    return (f"R{i:06d}", f"System {i}", f"Supplier {i % 37}", KINDS[i % len(KINDS)], 10 + i % 200,
            f"£{1000 + (i * 37) % 90000:,}", end, 30 + i % 4 * 30,
            "current" if i % 3 else "target", "OFFICIAL" if i % 4 else "OFFICIAL-SENSITIVE", f"note {i}")


def write_xlsx(path: Path, rows: int) -> None:
    """Write a workbook with a title row, the header row and ``rows`` data rows."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Inventory")
    ws.append(["Contact centre estate"])
    ws.append(HEADERS)
    for i in range(rows):
        ws.append(_row(i))
    workbook.save(path)


def write_csv(path: Path, rows: int) -> None:
    """Write the same inventory as UTF-8 CSV with a BOM."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(_row(i) for i in range(rows))


def _timed(label: str, step: Callable[[], T]) -> T:
    started = time.perf_counter()
    value = step()
    print(f"  {label:<22}{time.perf_counter() - started:8.2f} s")
    return value


def main(rows: int = 50_000) -> None:
    """Write both files in a temporary folder, then time guess_columns and read_inventory on each."""
    with tempfile.TemporaryDirectory() as folder:
        for suffix, writer in ((".xlsx", write_xlsx), (".csv", write_csv)):
            path = Path(folder) / f"estate{suffix}"
            writer(path, rows)
            print(f"{path.name}: {rows:,} rows, {path.stat().st_size / 1048576:.1f} MB")
            _timed("guess_columns", lambda path=path: guess_columns(path))  # type: ignore[misc]
            result = _timed("read_inventory", lambda path=path: read_inventory(path))  # type: ignore[misc]
            print(f"  -> {len(result.systems):,} systems, {len(result.problems)} problems")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
