"""Benchmark the finance workbook export (run on demand): time and peak Python memory (tracemalloc).

    .venv/bin/python benchmarks/bench_export.py

Plans: the Department for Citizen Services sample, and a generated 10,000-task plan with two effort roles
per task and 2,000 cost lines (``bench_cost.costed_plan``). "Sheets only" passes the schedule, cost report
and risk result in (what the GUI does, having them already); "end to end" lets ``write_workbook`` compute
them (2,000 risk iterations).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import openpyxl  # noqa: E402

from app.engine.cost import compute_costs  # noqa: E402
from app.engine.model import Plan  # noqa: E402
from app.engine.risk import simulate  # noqa: E402
from app.engine.schedule import compute_schedule  # noqa: E402
from app.exporters.excel import write_workbook  # noqa: E402
from app.storage.interchange import read_json  # noqa: E402
from benchmarks.bench_cost import costed_plan  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def measure(run: Callable[[], None], repeats: int) -> tuple[float, float]:
    """Median seconds over ``repeats`` runs, and the peak traced memory (MB) of one more run."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 1e6


def bench(name: str, plan: Plan, folder: Path, repeats: int) -> None:
    """Print sheets-only and end-to-end figures for ``plan``."""
    schedule = compute_schedule(plan)
    costs = compute_costs(plan, schedule)
    risk = simulate(plan, iterations=2000, seed=1)
    out = folder / f"{name}.xlsx"

    def sheets_only() -> None:
        write_workbook(plan, out, schedule=schedule, costs=costs, risk=risk)

    def end_to_end() -> None:
        write_workbook(plan, out)

    for label, run in (("sheets only", sheets_only), ("end to end", end_to_end)):
        seconds, peak = measure(run, repeats)
        print(
            f"{name:<28} {label:<12} median {seconds * 1000:8.0f} ms   peak {peak:7.1f} MB   "
            f"file {out.stat().st_size / 1e6:6.2f} MB"
        )
    rows = sum(1 for item in costs.lines for v in item.by_fy.values() if v != 0.0)
    print(f"{'':<28} {len(plan.tasks):,} tasks, {len(costs.lines):,} cost items, {rows:,} Cost lines rows")


def main() -> None:
    """Run the benchmarks and print the results."""
    lxml = "yes" if openpyxl.LXML else "no"
    print(f"openpyxl {openpyxl.__version__}, lxml {lxml}, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench(
            "Citizen Services sample",
            read_json(ROOT / "sample_projects" / "citizen-services.json"),
            folder,
            5,
        )
        bench("Generated 10,000 tasks", costed_plan(), folder, 3)


if __name__ == "__main__":
    main()
