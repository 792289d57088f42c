"""The Risk sheet: criticality per task, the finish percentiles and the histogram of simulated finishes.

Three tables side by side under one frozen header row: criticality (columns A-C, filterable, most critical
first), the percentiles as real dates (E-F), and the histogram of finish dates (H-L) with a native Excel
bar chart over its counts below the percentiles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from app.engine.calendar import WorkingCalendar
from app.engine.model import Plan
from app.engine.risk import RiskResult
from app.exporters.excel.cells import (
    INTEGER,
    PERCENT,
    Cell,
    Column,
    Sheet,
    write_date,
    write_number,
    write_text,
)

TITLE = "Risk"
MAX_BINS = 25
COLUMNS = (
    Column("Task", 10),
    Column("Name", 36),
    Column("Criticality", 11),
    Column("", 2),
    Column("Measure", 34),
    Column("Value", 13),
    Column("", 2),
    Column("Bin from", 11),
    Column("Bin to", 11),
    Column("Label", 11),
    Column("Finishes", 10),
    Column("Cumulative share", 11),
)


@dataclass(frozen=True)
class Bin:
    """A histogram bin of simulated finish dates (inclusive) and how many iterations finished in it."""

    start: date
    end: date
    count: int
    cumulative: float


def finish_dates(plan: Plan, risk: RiskResult) -> np.ndarray:
    """Each iteration's finish date as a date ordinal (the risk engine's rounding of finish indices)."""
    cal = WorkingCalendar.for_project(plan.project)
    shown = np.maximum(np.ceil(risk.finish_index - 1e-9) - 1, 0).astype(np.int64)
    unique, inverse = np.unique(shown, return_inverse=True)
    ordinals = np.array([cal.date_of(int(i)).toordinal() for i in unique.tolist()], dtype=np.int64)
    result: np.ndarray = ordinals[inverse]
    return result


def histogram(plan: Plan, risk: RiskResult) -> list[Bin]:
    """Up to ``MAX_BINS`` equal bins of finish dates (whole weeks when wider than a week)."""
    ordinals = finish_dates(plan, risk)
    if not len(ordinals):
        return []
    low, high = int(ordinals.min()), int(ordinals.max())
    width = max(1, math.ceil((high - low + 1) / MAX_BINS))
    if width > 7:
        width = 7 * math.ceil(width / 7)
    bins = (high - low) // width + 1
    counts = np.bincount((ordinals - low) // width, minlength=bins).tolist()
    total = len(ordinals)
    out, running = [], 0
    for k, count in enumerate(counts):
        running += count
        start = date.fromordinal(low + k * width)
        out.append(Bin(start, start + timedelta(days=width - 1), int(count), running / total))
    return out


def write_risk(wb: Workbook, plan: Plan, risk: RiskResult) -> list[Bin]:
    """Write the sheet; return the histogram bins it shows."""
    sheet = Sheet(wb, TITLE, COLUMNS, freeze="A2")
    ws = sheet.ws
    sheet.header(COLUMNS)
    names = plan.task_by_id
    ranked = sorted(risk.criticality.items(), key=lambda kv: -kv[1])
    measures: list[tuple[str, Cell]] = [
        (f"P{p} finish", write_date(ws, risk.percentiles[p])) for p in sorted(risk.percentiles)
    ]
    measures += [
        ("Mean finish", write_date(ws, risk.mean)),
        ("Deterministic finish (most likely)", write_date(ws, risk.deterministic_finish)),
        ("Benchmark end", write_date(ws, risk.benchmark_end)),
        ("Probability within the benchmark", write_number(ws, risk.p_within_benchmark, PERCENT)),
        ("Iterations", write_number(ws, risk.iterations, "#,##0")),
        ("Seed", write_number(ws, risk.seed, INTEGER)),
        ("Distribution", write_text(ws, risk.distribution)),
    ]
    bins = histogram(plan, risk)
    for k in range(max(len(ranked), len(measures), len(bins))):
        cells: list[Cell] = [None] * len(COLUMNS)
        if k < len(ranked):
            task_id, share = ranked[k]
            task = names.get(task_id)
            cells[0:3] = [
                write_text(ws, task_id),
                write_text(ws, task.name if task else ""),
                write_number(ws, share, PERCENT),
            ]
        if k < len(measures):
            cells[4:6] = [write_text(ws, measures[k][0]), measures[k][1]]
        if k < len(bins):
            b = bins[k]
            cells[7:12] = [
                write_date(ws, b.start),
                write_date(ws, b.end),
                write_text(ws, f"{b.start:%d %b %y}"),
                write_number(ws, b.count, INTEGER),
                write_number(ws, b.cumulative, PERCENT),
            ]
        sheet.append(cells)
    ws.auto_filter.ref = f"A1:C{max(len(ranked) + 1, 2)}"
    sheet.print_titles("1:1")
    if bins:
        _chart(sheet, len(bins), max(len(measures), len(bins)) + 3)
    return bins


def _chart(sheet: Sheet, bins: int, anchor_row: int) -> None:
    chart = BarChart()
    chart.type = "col"
    chart.title = "Simulated finish dates"
    chart.y_axis.title = "Iterations"
    chart.x_axis.title = "Finish date (bin from)"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    chart.gapWidth = 10
    data = Reference(sheet.ws, min_col=11, min_row=1, max_row=bins + 1)
    cats = Reference(sheet.ws, min_col=10, min_row=2, max_row=bins + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.width, chart.height = 22, 10
    sheet.ws.add_chart(chart, f"E{anchor_row}")
