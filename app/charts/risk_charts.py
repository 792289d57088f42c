"""Risk charts: a Monte Carlo ``RiskResult`` drawn as matplotlib figures (finish histogram, S-curve, tornado).

Each function returns a new ``Figure`` (no pyplot, no Qt); :func:`export` saves one as PNG or SVG. Dates on
the axes are the dates the engine shows for a finish index ``x`` (working-day index ``ceil(x) - 1``).
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from app.charts.style import (
    ANNOTATION_SIZE,
    BENCHMARK,
    DETERMINISTIC,
    MUTED,
    P50,
    P80,
    PRIMARY,
    TEXT,
    apply_house_style,
    format_date_axis,
    format_percent_axis,
    long_date,
    new_figure,
    percent,
)
from app.engine.calendar import WorkingCalendar
from app.engine.model import Plan
from app.engine.risk import RiskResult
from app.storage.atomic import atomic_write_with

if TYPE_CHECKING:  # matplotlib is imported where a figure is drawn: it is slow to import (see style.py)
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "benchmark_months",
    "criticality_tornado",
    "export",
    "finish_dates",
    "finish_histogram",
    "finish_s_curve",
    "top_critical_tasks",
]

EXPORT_FORMATS = {".png": "png", ".svg": "svg"}
_NAME_LIMIT = 42  # longest task name shown in the tornado before it is shortened with an ellipsis


def finish_dates(result: RiskResult, calendar: WorkingCalendar) -> np.ndarray:
    """Return each iteration's finish as a matplotlib date number (the date of index ``ceil(x) - 1``).

    Args:
        result: The simulation result.
        calendar: The project's working calendar (the one the simulation used).

    Returns:
        A float array, one date number per iteration.
    """
    shown = np.maximum(np.ceil(result.finish_index - 1e-9).astype(np.int64) - 1, 0)
    unique, inverse = np.unique(shown, return_inverse=True)
    numbers = np.asarray([_num(calendar.date_of(int(i))) for i in unique], dtype=np.float64)
    values: np.ndarray = numbers[inverse]
    return values


def benchmark_months(result: RiskResult, calendar: WorkingCalendar) -> int:
    """Return the length of the benchmark window in whole months (12 for the usual "year-plus")."""
    start = calendar.date_of(0)
    return max(1, round((result.benchmark_end - start).days / 30.4375))


def finish_histogram(result: RiskResult, calendar: WorkingCalendar) -> Figure:
    """Draw the spread of simulated finish dates, with P50, P80, deterministic finish and benchmark marked.

    Args:
        result: The simulation result.
        calendar: The project's working calendar.

    Returns:
        A figure with one axes: bars are the share of iterations (%) finishing in each week or span.
    """
    values = finish_dates(result, calendar)
    fig = new_figure()
    ax = fig.add_subplot()
    low, high = float(values.min()), float(values.max())
    width = max(7.0, math.ceil((high - low + 1) / 40))
    bins = np.arange(low, high + width + 1, width) - 0.5
    weights = np.full(values.shape, 100.0 / len(values))
    ax.hist(values, bins=bins.tolist(), weights=weights, color=PRIMARY, alpha=0.85, edgecolor="white",
            linewidth=0.5, label=f"Simulated finishes ({result.iterations:,} iterations)")
    _mark_benchmark(ax, result, calendar, (low, high), shade=True)
    _vertical(ax, result.deterministic_finish, DETERMINISTIC, ":", "deterministic",
              f"Deterministic finish {long_date(result.deterministic_finish)}")
    _vertical(ax, result.percentiles[50], P50, "--", "p50", f"P50 {long_date(result.percentiles[50])}")
    _vertical(ax, result.percentiles[80], P80, "--", "p80", f"P80 {long_date(result.percentiles[80])}")
    ax.set_title(f"When will the project finish? ({_distribution_name(result)}, seed {result.seed})")
    ax.set_xlabel("Finish date")
    ax.set_ylabel("Share of iterations (%)")
    format_percent_axis(ax.yaxis, maximum=100.0)
    format_date_axis(ax.xaxis)
    ax.set_ylim(0, ax.get_ylim()[1] * 1.12)  # headroom for the line labels
    ax.legend(loc="upper right", fontsize=ANNOTATION_SIZE, framealpha=0.95)
    return apply_house_style(fig, grid_axis="y")


def finish_s_curve(result: RiskResult, calendar: WorkingCalendar) -> Figure:
    """Draw the cumulative probability of finishing by each date (0-100%), with P50, P80 and benchmark.

    Args:
        result: The simulation result.
        calendar: The project's working calendar.

    Returns:
        A figure with one axes: a step curve of the share of iterations finished on or before each date.
    """
    values = np.sort(finish_dates(result, calendar))
    unique, counts = np.unique(values, return_counts=True)
    cumulative = np.cumsum(counts) / len(values) * 100.0
    fig = new_figure()
    ax = fig.add_subplot()
    xs = np.concatenate(([unique[0] - 1.0], unique))
    ys = np.concatenate(([0.0], cumulative))
    ax.step(xs, ys, where="post", color=PRIMARY, linewidth=2.2, label="Probability of finishing by the date")
    _mark_benchmark(ax, result, calendar, (float(unique[0]), float(unique[-1])), shade=False)
    planned = _num(result.deterministic_finish)
    chance = percent(float(np.mean(values <= planned)))
    _vertical(ax, result.deterministic_finish, DETERMINISTIC, ":", "deterministic",
              f"Deterministic finish {long_date(result.deterministic_finish)} ({chance} chance)")
    for level, colour in ((50, P50), (80, P80)):
        when = result.percentiles[level]
        x = _num(when)
        ax.plot([x, x], [0, level], color=colour, linestyle="--", linewidth=1.4, gid=f"p{level}",
                label=f"P{level} {long_date(when)}")
        ax.plot([xs[0], x], [level, level], color=colour, linestyle="--", linewidth=1.0)
        ax.plot([x], [level], marker="o", color=colour, markersize=6)
    ax.set_title(f"How sure are we of the finish date? ({_distribution_name(result)}, "
                 f"{result.iterations:,} iterations)")
    ax.set_xlabel("Finish date")
    ax.set_ylabel("Probability of finishing by the date (%)")
    ax.set_ylim(0, 104)
    ax.set_yticks([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
    format_percent_axis(ax.yaxis, maximum=100.0)
    format_date_axis(ax.xaxis)
    ax.legend(loc="lower right", fontsize=ANNOTATION_SIZE, framealpha=0.95)
    return apply_house_style(fig)


def top_critical_tasks(result: RiskResult, plan: Plan, top: int = 15) -> list[tuple[str, str, float]]:
    """Return the ``top`` tasks by criticality index, highest first, as ``(task id, name, share)``.

    Ties keep plan order; tasks never on the critical path are left out.
    """
    names = {task.id: task.name for task in plan.tasks}
    order = {task.id: i for i, task in enumerate(plan.tasks)}
    ranked = sorted((item for item in result.criticality.items() if item[1] > 0),
                    key=lambda item: (-item[1], order.get(item[0], len(order))))
    return [(task_id, names.get(task_id, task_id), share) for task_id, share in ranked[:top]]


def criticality_tornado(result: RiskResult, plan: Plan, top: int = 15) -> Figure:
    """Draw horizontal bars of the tasks most often on the critical path (criticality index, %).

    Args:
        result: The simulation result.
        plan: The plan simulated (for task names).
        top: How many tasks to show.

    Returns:
        A figure with one axes; the most critical task is the top bar.
    """
    rows = top_critical_tasks(result, plan, top)
    fig = new_figure((9.0, max(3.2, 1.4 + 0.36 * len(rows))))
    ax = fig.add_subplot()
    labels = [f"{_shorten(name)} ({task_id})" for task_id, name, _ in rows]
    shares = [share * 100.0 for _, _, share in rows]
    positions = np.arange(len(rows))[::-1]  # first (most critical) at the top
    bars = ax.barh(positions, shares, color=PRIMARY, height=0.68)
    for bar, share in zip(bars, shares, strict=True):
        inside = share >= 88
        shown = f"{share:.0f}%" if share >= 0.5 else "<1%"
        ax.text(share - 1.5 if inside else share + 1.0, bar.get_y() + bar.get_height() / 2, shown,
                va="center", ha="right" if inside else "left", fontsize=ANNOTATION_SIZE,
                color="white" if inside else TEXT)
    ax.set_yticks(positions, labels)
    ax.set_xlim(0, 100)
    format_percent_axis(ax.xaxis, maximum=100.0)
    ax.set_xlabel("Criticality index: share of iterations on the critical path (%)")
    # A figure title, centred on the whole figure: the long task labels push the axes to the right.
    fig.suptitle(f"Which tasks drive the finish date? (top {len(rows)} by criticality)")
    if not rows:
        ax.text(50, 0.5, "No task was critical in any iteration", ha="center", va="center", color=MUTED,
                transform=ax.transData)
        ax.set_yticks([])
        ax.set_ylim(0, 1)
    return apply_house_style(fig, grid_axis="x")


def export(fig: Figure, path: Path) -> None:
    """Write ``fig`` to ``path`` as PNG or SVG (chosen by the suffix), atomically.

    Args:
        fig: The figure to save.
        path: Where to write; its suffix must be ``.png`` or ``.svg``.

    Raises:
        ValueError: the suffix is neither ``.png`` nor ``.svg``.
        OSError: the file could not be written.
    """
    path = Path(path)
    fmt = EXPORT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        kind = path.suffix or "a file without a suffix"
        raise ValueError(f"cannot export a chart as {kind}: use .png or .svg")
    dpi = 150 if fmt == "png" else 100

    def write(tmp: Path) -> None:
        fig.savefig(tmp, format=fmt, dpi=dpi, facecolor="white")

    atomic_write_with(path, write)


def _vertical(ax: Axes, when: date, colour: str, style: str, gid: str, label: str) -> None:
    """Draw a full-height vertical marker line at a date, with a legend label."""
    ax.axvline(_num(when), color=colour, linestyle=style, linewidth=2.0, gid=gid, label=label)


def _mark_benchmark(ax: Axes, result: RiskResult, calendar: WorkingCalendar, span: tuple[float, float],
                    shade: bool) -> None:
    """Mark the end of the benchmark window: a line when it is near the finishes, else an edge note.

    Args:
        ax: The axes with finish dates on x.
        result: The simulation result.
        calendar: The project's working calendar.
        span: The first and last simulated finish (date numbers).
        shade: Shade the part of the axis inside the window.
    """
    months = benchmark_months(result, calendar)
    end = _num(result.benchmark_end)
    low, high = span
    reach = max(high - low, 30.0) * 0.5  # how far outside the finishes the line may pull the axis
    within = percent(result.p_within_benchmark)
    if low - reach <= end <= high + reach:
        label = f"{months}-month benchmark ends {long_date(result.benchmark_end)} ({within} within)"
        ax.axvline(end, color=BENCHMARK, linestyle="-", linewidth=2.0, gid="benchmark", label=label)
        if shade:
            left = min(low, end) - 7
            ax.axvspan(left, end, color=BENCHMARK, alpha=0.12, linewidth=0, gid="benchmark_window")
            ax.set_xlim(left=left)
        return
    before = end < low
    note = (f"← {months}-month benchmark ends {long_date(result.benchmark_end)}\n{within} finish within it"
            if before else
            f"{months}-month benchmark ends {long_date(result.benchmark_end)} →\n{within} finish within it")
    ax.text(0.01 if before else 0.99, 0.97 if before else 0.5, note, transform=ax.transAxes,
            ha="left" if before else "right", va="top", fontsize=ANNOTATION_SIZE, color=TEXT, gid="benchmark",
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "#F7E6F0", "edgecolor": BENCHMARK})


def _num(when: date) -> float:
    """A date as a matplotlib date number (days since the epoch matplotlib uses)."""
    from matplotlib.dates import date2num

    return float(date2num(when))  # type: ignore[no-untyped-call]


def _distribution_name(result: RiskResult) -> str:
    """The distribution family as shown in titles."""
    return {"pert": "PERT", "triangular": "Triangular"}.get(result.distribution, result.distribution)


def _shorten(name: str) -> str:
    """A task name cut to fit beside a bar."""
    return name if len(name) <= _NAME_LIMIT else name[: _NAME_LIMIT - 1].rstrip() + "…"
