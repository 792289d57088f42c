"""Cost charts: the migrate option's cost by financial year and the net present cost comparison.

Functions take a ``CostReport`` and return a matplotlib ``Figure`` (no pyplot, no Qt). Every bar and point is
a figure the report already holds (an item's ``by_fy`` value, ``by_fy_do_minimum``, ``npc_*``): the charts
draw, they do not add money up. Stacking places each item's bar on the ones below it, which is layout only.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from app.charts.style import (
    ACCENT,
    ANNOTATION_SIZE,
    DETERMINISTIC,
    MUTED,
    PRIMARY,
    SERIES,
    TEXT,
    apply_house_style,
    format_pounds_axis,
    new_figure,
    pounds,
)
from app.engine.cost import CostReport

if TYPE_CHECKING:  # matplotlib is imported where a figure is drawn: it is slow to import (see style.py)
    from matplotlib.figure import Figure

__all__ = ["OTHER_CATEGORIES", "cost_by_fy", "item_segments", "npc_comparison", "shown_categories"]

#: The legend entry of the categories beyond the named ones (drawn in one muted colour).
OTHER_CATEGORIES = "Other categories"
#: How many categories get a colour of their own; the rest share ``OTHER_CATEGORIES``.
NAMED_CATEGORIES = 7
_BAR_WIDTH = 0.62


def shown_categories(report: CostReport) -> list[str]:
    """The migrate categories named in the legend: the largest first, by the report's ``by_category``."""
    ranked = sorted(report.by_category, key=lambda name: report.by_category[name], reverse=True)
    return [name for name in ranked if report.by_category[name] > 0][:NAMED_CATEGORIES]


def cost_by_fy(report: CostReport) -> Figure:
    """Stacked bars of the migrate option's base cost by financial year, with the do-minimum comparator.

    Each migrate base item is drawn as its own bar segment per year, coloured by its category (the largest
    ``NAMED_CATEGORIES`` categories by colour, the rest in grey), so a year's full bar reaches
    ``by_fy_migrate``. The do-minimum option (``by_fy_do_minimum``) is a line with markers.

    Args:
        report: the plan's cost report.

    Returns:
        The figure, legend outside the plot on the right.
    """
    from matplotlib.patches import Patch

    fig = new_figure()
    ax = fig.add_subplot()
    labels = list(report.fy_labels)
    positions = list(range(len(labels)))
    named = shown_categories(report)
    colour = {name: SERIES[k] for k, name in enumerate(named)}
    order = {name: k for k, name in enumerate(named)}
    items = sorted(report.items("migrate"), key=lambda i: order.get(i.category, len(named)))
    tops = [0.0] * len(labels)
    used: dict[str, bool] = defaultdict(bool)
    for item in items:
        heights = [item.by_fy.get(fy, 0.0) for fy in labels]
        if not any(heights):
            continue
        key = item.category if item.category in colour else OTHER_CATEGORIES
        used[key] = True
        ax.bar(
            positions,
            heights,
            _BAR_WIDTH,
            bottom=list(tops),
            color=colour.get(key, MUTED),
            linewidth=0,
            gid=f"cost:{item.id}",
            label="_nolegend_",
        )
        tops = [top + max(height, 0.0) for top, height in zip(tops, heights, strict=True)]
    do_minimum = [report.by_fy_do_minimum.get(fy, 0.0) for fy in labels]
    ax.plot(
        positions,
        do_minimum,
        color=DETERMINISTIC,
        marker="o",
        linewidth=2,
        markersize=5,
        label="Do minimum",
        gid="do-minimum",
    )
    ax.set_xticks(positions, labels)
    ax.set_xlabel("Financial year")
    ax.set_ylabel("Cost (ex VAT, real prices)")
    ax.set_title("Cost by financial year: migrate vs do minimum")
    format_pounds_axis(ax.yaxis)
    ax.set_ylim(0, max([*tops, *do_minimum, 1.0]) * 1.06)  # headroom above the tallest bar
    handles = [Patch(color=colour[name], label=name) for name in named if used[name]]
    if used[OTHER_CATEGORIES]:
        handles.append(Patch(color=MUTED, label=OTHER_CATEGORIES))
    line_handles, _ = ax.get_legend_handles_labels()
    ax.legend(
        handles=[*handles, *line_handles],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        title="Migrate by category",
    )
    apply_house_style(fig, grid_axis="y")
    return fig


def npc_comparison(report: CostReport) -> Figure:
    """Bars of net present cost: migrate, migrate with optimism bias, and do minimum, each labelled.

    Args:
        report: the plan's cost report (``npc_migrate``, ``npc_migrate_with_ob``, ``npc_do_minimum``).

    Returns:
        The figure.
    """
    fig = new_figure((6.0, 3.6))
    ax = fig.add_subplot()
    names = ["Migrate", "Migrate with\noptimism bias", "Do minimum"]
    values = [report.npc_migrate, report.npc_migrate_with_ob, report.npc_do_minimum]
    colours = [PRIMARY, ACCENT, MUTED]
    bars = ax.bar(range(len(values)), values, 0.6, color=colours, linewidth=0, gid="npc")
    ax.bar_label(
        bars,
        labels=[pounds(v) for v in values],
        padding=3,
        fontsize=ANNOTATION_SIZE + 1,
        color=TEXT,
        fontweight="bold",
    )
    ax.set_xticks(range(len(values)), names)
    ax.set_ylabel("Net present cost")
    ax.set_title(f"Net present cost over {len(report.fy_labels)} years")
    format_pounds_axis(ax.yaxis)
    ax.set_ylim(0, max(max(values), 1.0) * 1.15)  # headroom for the value labels
    apply_house_style(fig, grid_axis="y")
    return fig


def item_segments(fig: Figure) -> dict[str, list[float]]:
    """The drawn heights of each item's segments in a ``cost_by_fy`` figure, by item id (for checks)."""
    from matplotlib.container import BarContainer

    out: dict[str, list[float]] = {}
    for container in fig.axes[0].containers:
        if not isinstance(container, BarContainer) or not container.patches:
            continue
        gid = container.patches[0].get_gid()
        if gid and gid.startswith("cost:"):
            out[gid.removeprefix("cost:")] = [p.get_height() for p in container.patches]
    return out
