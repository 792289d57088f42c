"""The status dashboard: a ``StatusReport`` (and its ``Variance``) as one figure a board reads at a glance.

A programme tile (its RAG status in colour *and* in words, its main reason, finish against the baseline,
percent complete and, with a baseline, the cost change), one tile per phase coloured by RAG, and beside the
phase tiles, on the same rows, each phase's baseline finish against its forecast finish. Every figure is one
the engine computed: the dashboard draws and words, it works nothing out. No pyplot, no Qt.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.charts.style import (
    ANNOTATION_SIZE,
    LABEL_SIZE,
    MUTED,
    TEXT,
    TITLE_SIZE,
    apply_house_style,
    format_date_axis,
    long_date,
    new_figure,
    pounds,
)
from app.engine.model import Rag
from app.engine.tracking import RagAssessment, StatusReport, Variance
from app.storage.atomic import atomic_write_with

if TYPE_CHECKING:  # matplotlib is imported where a figure is drawn: it is slow to import (see style.py)
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch

__all__ = [
    "DASHBOARD_SIZE",
    "EXPORT_FORMATS",
    "MAX_PHASE_ROWS",
    "RAG_COLOURS",
    "RAG_WORDS",
    "export_dashboard",
    "shown_phases",
    "slip_text",
    "status_dashboard",
]

#: The words of each status: the dashboard always writes them, so it never relies on colour alone.
RAG_WORDS: dict[str, str] = {"red": "Red", "amber": "Amber", "green": "Green"}
#: (fill, ink) per status: dark ink on a pale fill, contrast >= 4.5:1 for the status text.
RAG_COLOURS: dict[str, tuple[str, str]] = {
    "red": ("#fdecea", "#b71c1c"),
    "amber": ("#fff4e5", "#8a4b00"),
    "green": ("#e8f5e9", "#1b5e20"),
}
#: 1280 x 800 pixels at the house 100 dpi: the window size the dashboard is designed for.
DASHBOARD_SIZE: tuple[float, float] = (12.8, 8.0)
EXPORT_FORMATS = {".png": "png", ".pdf": "pdf", ".svg": "svg"}
_NAME_LIMIT = 34  # longest phase name shown on a tile before an ellipsis
_REASON_PIXELS = 8.0  # a generous average width of a reason's character at LABEL_SIZE, in pixels at 100 dpi
_BASELINE_MARK = "#555555"
#: The most phase rows that stay readable at 1280 x 800; beyond it the worst phases are shown.
MAX_PHASE_ROWS = 16
_ORDER = {"green": 0, "amber": 1, "red": 2}


def slip_text(days: int | None, unit: str = "working day") -> str:
    """Slip in words: ``12 working days late``, ``3 working days early``, ``on baseline``, ``no baseline``."""
    if days is None:
        return "no baseline"
    if days == 0:
        return "on baseline"
    units = unit if abs(days) == 1 else f"{unit}s"
    return f"{days} {units} late" if days > 0 else f"{-days} {units} early"


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def shown_phases(report: StatusReport, limit: int = MAX_PHASE_ROWS) -> tuple[RagAssessment, ...]:
    """The phases the dashboard draws, in plan order: all of them, or the ``limit`` worst (red, then amber,
    then the latest slip) when there are more."""
    phases = report.phases
    if len(phases) <= limit:
        return phases
    ranked = sorted(
        range(len(phases)), key=lambda k: (-_ORDER[phases[k].status], -(phases[k].slip_days or 0), k)
    )
    return tuple(phases[k] for k in sorted(ranked[:limit]))


def status_dashboard(
    report: StatusReport,
    variance: Variance | None = None,
    title: str = "",
    size: tuple[float, float] = DASHBOARD_SIZE,
) -> Figure:
    """Return the status dashboard of ``report``.

    Args:
        report: the programme's and phases' RAG assessments (``app.engine.tracking.assess``).
        variance: the forecast against the chosen baseline, for the cost change; None without a baseline.
        title: the dashboard's heading (usually the project name); "Programme status" when empty.
        size: width and height in inches (the default is 1280 x 800 pixels on screen).

    Returns:
        The figure: ``fig.axes`` are the programme tile, the phase tiles and the finish chart, in that order.
        Tiles carry gids ``tile:programme`` and ``tile:<phase id>``; with more than ``MAX_PHASE_ROWS`` phases
        only the worst are drawn (:func:`shown_phases`) and the chart's title says so.
    """
    fig = new_figure(size)
    phases = shown_phases(report)
    rows = max(len(phases), 1)
    grid = fig.add_gridspec(2, 2, height_ratios=[1.25, max(rows * 0.42, 2.0)], width_ratios=[1.25, 1.0])
    programme_ax = fig.add_subplot(grid[0, :])
    tiles_ax = fig.add_subplot(grid[1, 0])
    chart_ax = fig.add_subplot(grid[1, 1], sharey=tiles_ax)
    _draw_programme_tile(programme_ax, report, variance, size[0])
    _draw_phase_tiles(tiles_ax, phases)
    _draw_finishes(chart_ax, report, phases)
    heading = title or "Programme status"
    when = f" at {long_date(report.status_date)}" if report.status_date else " (no status date set)"
    fig.suptitle(f"{heading}: {RAG_WORDS[report.programme.status]}{when}")
    apply_house_style(fig, [chart_ax], grid_axis="x")
    for ax in (programme_ax, tiles_ax):
        ax.set_axis_off()
    fig.suptitle(fig.get_suptitle(), fontsize=TITLE_SIZE + 2, fontweight="bold", color=TEXT)
    return fig


def _tile(
    ax: Axes, x: float, y: float, width: float, height: float, status: Rag, gid: str, transform_axes: bool
) -> FancyBboxPatch:
    from matplotlib.patches import FancyBboxPatch

    fill, ink = RAG_COLOURS[status]
    patch = FancyBboxPatch(
        (x, y),
        width,
        height,
        boxstyle="round,pad=0,rounding_size=0.02",
        facecolor=fill,
        edgecolor=ink,
        linewidth=2.0,
        gid=gid,
        transform=ax.transAxes if transform_axes else ax.transData,
    )
    ax.add_patch(patch)
    return patch


def _draw_programme_tile(ax: Axes, report: StatusReport, variance: Variance | None, width: float) -> None:
    programme = report.programme
    _, ink = RAG_COLOURS[programme.status]
    _tile(ax, 0.0, 0.0, 1.0, 1.0, programme.status, "tile:programme", transform_axes=True)
    word = RAG_WORDS[programme.status]
    ax.text(
        0.015,
        0.82,
        f"Programme: {word}",
        transform=ax.transAxes,
        fontsize=TITLE_SIZE + 5,
        fontweight="bold",
        color=ink,
        va="center",
        gid="programme-status",
    )
    facts = [f"Forecast finish {long_date(programme.forecast_finish)}"]
    if programme.baseline_finish is not None:
        facts.append(f"baseline {long_date(programme.baseline_finish)}")
    facts.append(slip_text(programme.slip_days))
    facts.append(f"{programme.percent_complete:.0f}% complete")
    ax.text(
        0.985,
        0.82,
        " · ".join(facts),
        transform=ax.transAxes,
        fontsize=LABEL_SIZE,
        color=TEXT,
        ha="right",
        va="center",
    )
    reasons = programme.reasons
    limit = int(width * 100 * 0.93 / _REASON_PIXELS)
    shown = [_shortened(r, limit) for r in reasons[:2]]
    if len(reasons) > 2:
        shown[-1] = _shortened(shown[-1], limit - 12) + f"  (+{len(reasons) - 2} more)"
    ax.text(
        0.015,
        0.47,
        "\n".join(shown),
        transform=ax.transAxes,
        fontsize=LABEL_SIZE,
        color=TEXT,
        va="center",
        linespacing=1.5,
        gid="programme-reason",
    )
    ax.text(
        0.015,
        0.14,
        _cost_line(report, variance),
        transform=ax.transAxes,
        fontsize=ANNOTATION_SIZE + 0.5,
        color=MUTED,
        va="center",
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    _out_of_layout(ax)


def _cost_line(report: StatusReport, variance: Variance | None) -> str:
    if report.baseline is None:
        return "No baseline chosen: only deadline and contract-end rules apply."
    text = f"Against baseline '{report.baseline.name}' saved {long_date(report.baseline.saved)}"
    if variance is not None and variance.total_current is not None and variance.total_change is not None:
        change = variance.total_change
        sign = "+" if change > 0 else ""
        text += (
            f"; cost {pounds(variance.total_current)} against {pounds(variance.baseline.total_migrate)}"
            f" ({sign}{pounds(change)})"
        )
    return text + "."


def _draw_phase_tiles(ax: Axes, phases: tuple[RagAssessment, ...]) -> None:
    ax.set_xlim(0, 1)
    if not phases:
        ax.text(0.5, 0, "No phases with tasks.", ha="center", va="center", color=MUTED, fontsize=LABEL_SIZE)
        ax.set_ylim(0.6, -0.6)
        return
    for row, phase in enumerate(phases):
        _, ink = RAG_COLOURS[phase.status]
        _tile(ax, 0.0, row - 0.42, 1.0, 0.84, phase.status, f"tile:{phase.phase}", transform_axes=False)
        ax.text(
            0.02,
            row,
            _shortened(phase.name, _NAME_LIMIT),
            fontsize=ANNOTATION_SIZE + 0.5,
            color=TEXT,
            va="center",
            ha="left",
        )
        parts = [RAG_WORDS[phase.status]]
        if phase.slip_days is not None:
            parts.append(slip_text(phase.slip_days, "day"))
        parts.append(f"{phase.percent_complete:.0f}% done")
        detail = " · ".join(parts)
        ax.text(
            0.98,
            row,
            detail,
            fontsize=ANNOTATION_SIZE + 0.5,
            color=ink,
            fontweight="bold",
            va="center",
            ha="right",
            gid=f"status:{phase.phase}",
        )
    ax.set_ylim(len(phases) - 0.5, -0.5)  # first phase at the top
    _out_of_layout(ax)


def _day_number(day: date) -> float:
    """A date as a matplotlib date number (the x axis of the finish chart)."""
    from matplotlib.dates import date2num

    return float(date2num(day))  # type: ignore[no-untyped-call]


def _out_of_layout(ax: Axes) -> None:
    """Keep a tile's texts out of constrained layout: they are sized to fit, and must not shrink the grid."""
    for text in ax.texts:
        text.set_in_layout(False)


def _draw_finishes(ax: Axes, report: StatusReport, phases: tuple[RagAssessment, ...]) -> None:
    from matplotlib.lines import Line2D

    with_baseline = any(p.baseline_finish is not None for p in phases)
    for row, phase in enumerate(phases):
        _, ink = RAG_COLOURS[phase.status]
        if phase.baseline_finish is not None:
            ax.plot(
                [_day_number(phase.baseline_finish), _day_number(phase.forecast_finish)],
                [row, row],
                color=ink,
                linewidth=2.5,
                solid_capstyle="butt",
                gid=f"slip:{phase.phase}",
            )
            ax.plot(
                [_day_number(phase.baseline_finish)],
                [row],
                marker="o",
                markersize=8,
                markerfacecolor="white",
                markeredgecolor=_BASELINE_MARK,
                markeredgewidth=2,
                linestyle="none",
                gid=f"baseline:{phase.phase}",
            )
        ax.plot(
            [_day_number(phase.forecast_finish)],
            [row],
            marker="D",
            markersize=8,
            color=ink,
            linestyle="none",
            gid=f"forecast:{phase.phase}",
        )
    if report.status_date is not None:
        ax.axvline(
            _day_number(report.status_date), color=MUTED, linestyle="--", linewidth=1.2, gid="status-date"
        )
    ax.tick_params(axis="y", left=False, labelleft=False)
    format_date_axis(ax.xaxis, max_ticks=6)
    title = (
        "Finish by phase: baseline vs forecast (slip in working days)"
        if with_baseline
        else "Forecast finish by phase (no baseline)"
    )
    if len(phases) < len(report.phases):
        title += f"\nThe {len(phases)} worst of {len(report.phases)} phases"
    ax.set_title(title, loc="left")
    handles = [Line2D([], [], marker="D", color=TEXT, linestyle="none", label="Forecast finish (RAG colour)")]
    if with_baseline:
        handles.insert(
            0,
            Line2D(
                [],
                [],
                marker="o",
                markerfacecolor="white",
                markeredgecolor=_BASELINE_MARK,
                markeredgewidth=2,
                linestyle="none",
                label="Baseline finish",
            ),
        )
    if report.status_date is not None:
        handles.append(Line2D([], [], color=MUTED, linestyle="--", label="Status date"))
    ax.legend(
        handles=handles,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.04),
        ncols=len(handles),
        frameon=False,
        fontsize=ANNOTATION_SIZE,
    )


def export_dashboard(fig: Figure, path: Path) -> None:
    """Write ``fig`` to ``path`` as PNG, PDF or SVG (chosen by the suffix), atomically.

    Raises:
        ValueError: the suffix is not ``.png``, ``.pdf`` or ``.svg``.
        OSError: the file could not be written.
    """
    path = Path(path)
    fmt = EXPORT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(
            f"cannot export the dashboard as {path.suffix or 'a file without a suffix'}: "
            "use .png, .pdf or .svg"
        )

    def write(tmp: Path) -> None:
        fig.savefig(tmp, format=fmt, dpi=150 if fmt == "png" else 100, facecolor="white")

    atomic_write_with(path, write)
