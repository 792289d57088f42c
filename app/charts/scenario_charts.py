"""Scenario charts: the versions of a plan side by side, as one matplotlib figure a board can compare.

:func:`comparison_figure` draws two panels from the engine's ``ScenarioFigures``: each version's finish
and P80 dates (a dot for each, joined by a line), and grouped bars of one-off cost, dual running and net
present cost in £m. :func:`export` saves the figure as PNG, PDF or SVG. No pyplot, no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from app.charts.style import (
    ANNOTATION_SIZE,
    DETERMINISTIC,
    MUTED,
    P80,
    SERIES,
    apply_house_style,
    format_date_axis,
    new_figure,
)
from app.engine.scenarios import ScenarioFigures
from app.storage.atomic import atomic_write_with

if TYPE_CHECKING:  # matplotlib is imported where a figure is drawn: it is slow to import (see style.py)
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["EXPORT_FORMATS", "comparison_figure", "export", "version_label"]

EXPORT_FORMATS = {".png": "png", ".pdf": "pdf", ".svg": "svg"}
#: The cost series in the grouped bars: (``ScenarioFigures`` field, legend label, colour).
COST_SERIES: tuple[tuple[str, str, str], ...] = (
    ("one_off", "One-off cost", SERIES[0]),
    ("dual_running", "Dual running", SERIES[1]),
    ("npc_migrate", "NPC (migrate)", SERIES[2]),
)
_NAME_LIMIT = 28  # longest version name shown on an axis before it is shortened with an ellipsis


def version_label(figures: ScenarioFigures) -> str:
    """The name a version goes by on the chart: its name, with "(working)" for the working plan."""
    name = figures.name if len(figures.name) <= _NAME_LIMIT else figures.name[: _NAME_LIMIT - 1] + "…"
    return f"{name} (working)" if figures.scenario is None else name


def comparison_figure(figures: Sequence[ScenarioFigures]) -> Figure:
    """Draw the versions side by side: finish vs P80 dates, and one-off, dual running and NPC in £m.

    Args:
        figures: One entry per version, in the order to show them (the working plan first, as
            ``compare`` returns them). A version with a ``problem`` gets a note instead of marks.

    Returns:
        A figure with two axes: ``axes[0]`` the dates (one row per version, first at the top; the finish
        dots have gid ``finish``, the P80 dots ``p80``), ``axes[1]`` the costs (one bar per version in each
        series, gids ``one_off``, ``dual_running`` and ``npc_migrate``).
    """
    fig = new_figure((11.0, max(4.2, 2.2 + 0.45 * len(figures))))
    dates_ax, costs_ax = fig.subplots(1, 2, width_ratios=(1.0, 1.1))
    labels = [version_label(f) for f in figures]
    _draw_dates(dates_ax, figures, labels)
    _draw_costs(costs_ax, figures, labels)
    fig.suptitle("Scenarios compared: when they finish and what they cost")
    apply_house_style(fig, [dates_ax], grid_axis="x")
    apply_house_style(fig, [costs_ax], grid_axis="y")
    return fig


def _draw_dates(ax: Axes, figures: Sequence[ScenarioFigures], labels: list[str]) -> None:
    """One row per version: a dot at the finish, a dot at P80, a line between them."""
    rows = np.arange(len(figures))[::-1].astype(float)  # first version at the top
    finish_x, finish_y, p80_x, p80_y = [], [], [], []
    for row, version in zip(rows, figures, strict=True):
        if version.finish is None:
            continue
        finish_x.append(_num(version.finish))
        finish_y.append(row)
        if version.p80 is not None:
            p80_x.append(_num(version.p80))
            p80_y.append(row)
            ax.plot([_num(version.finish), _num(version.p80)], [row, row], color=MUTED, linewidth=2.0,
                    zorder=1)
    ax.scatter(finish_x, finish_y, s=70, color=DETERMINISTIC, zorder=3, gid="finish", label="Planned finish")
    ax.scatter(p80_x, p80_y, s=70, color=P80, marker="D", zorder=3, gid="p80", label="P80 (80% sure by)")
    known = finish_x + p80_x
    centre = (min(known) + max(known)) / 2 if known else _num(date.today())
    for row, version in zip(rows, figures, strict=True):
        if version.finish is None:
            note = "cannot be scheduled" if version.problem else "no figures"
            ax.text(centre, row, note, ha="center", va="center", color=MUTED, fontsize=ANNOTATION_SIZE,
                    style="italic")
    if known:
        span = max(max(known) - min(known), 30.0)
        low, high = min(known) - 0.15 * span, max(known) + 0.15 * span
        ax.set_xlim(low, high)
        _date_ticks(ax, high - low)
    ax.set_yticks(rows, labels)
    ax.set_ylim(-0.7, len(figures) - 0.3)
    ax.set_title("Finish and P80 dates", pad=26)
    ax.set_xlabel("Date")
    if not known:
        format_date_axis(ax.xaxis)
    if known:
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=ANNOTATION_SIZE,
                  frameon=False, borderaxespad=0.2)


def _draw_costs(ax: Axes, figures: Sequence[ScenarioFigures], labels: list[str]) -> None:
    """Grouped bars: for each version, one bar per cost series, in £m."""
    from matplotlib.ticker import FuncFormatter

    positions = np.arange(len(figures), dtype=float)
    width = 0.8 / len(COST_SERIES)
    for k, (field, label, colour) in enumerate(COST_SERIES):
        values = [_millions(getattr(version, field)) for version in figures]
        offset = (k - (len(COST_SERIES) - 1) / 2) * width
        ax.bar(positions + offset, values, width=width * 0.95, color=colour, label=label, gid=field)
    for position, version in zip(positions, figures, strict=True):
        if version.one_off is None:
            ax.text(position, 0.03, "no figures", ha="center", va="bottom", color=MUTED,
                    fontsize=ANNOTATION_SIZE, style="italic", rotation=90, transform=ax.get_xaxis_transform())
    ax.set_xticks(positions, labels, rotation=20 if len(figures) > 2 else 0,
                  ha="right" if len(figures) > 2 else "center")
    ax.set_title("Costs (base view, ex VAT)", pad=26)
    ax.set_ylabel("£ million")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"£{value:,.1f}m"))
    ax.axhline(0, color=MUTED, linewidth=0.8)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize=ANNOTATION_SIZE,
              frameon=False, borderaxespad=0.2)


def export(fig: Figure, path: Path) -> None:
    """Write ``fig`` to ``path`` as PNG, PDF or SVG (chosen by the suffix), atomically.

    Raises:
        ValueError: the suffix is not ``.png``, ``.pdf`` or ``.svg``.
        OSError: the file could not be written.
    """
    path = Path(path)
    fmt = EXPORT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        kind = path.suffix or "a file without a suffix"
        raise ValueError(f"cannot export a chart as {kind}: use .png, .pdf or .svg")
    dpi = 150 if fmt == "png" else 100

    def write(tmp: Path) -> None:
        fig.savefig(tmp, format=fmt, dpi=dpi, facecolor="white")

    atomic_write_with(path, write)


def _date_ticks(ax: Axes, days: float) -> None:
    """At most about four date ticks across ``days`` (the panel is half a figure wide): months or years."""
    from matplotlib.dates import DateFormatter, MonthLocator, YearLocator

    months = days / 30.4375
    interval = next((k for k in (1, 2, 3, 4, 6, 12, 24, 36, 60, 120) if months / k <= 4), 120)
    if interval < 12:
        ax.xaxis.set_major_locator(MonthLocator(interval=interval))  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_formatter(DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
    else:
        ax.xaxis.set_major_locator(YearLocator(base=interval // 12))  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_formatter(DateFormatter("%Y"))  # type: ignore[no-untyped-call]


def _millions(value: float | None) -> float:
    """Pounds as £m for the bars; a missing figure draws no bar (height 0)."""
    return 0.0 if value is None else value / 1_000_000


def _num(when: date) -> float:
    """A date as a matplotlib date number."""
    from matplotlib.dates import date2num

    return float(date2num(when))  # type: ignore[no-untyped-call]
