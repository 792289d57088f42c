"""The charts' house style: colours, font sizes, and £/date/percent formatting for matplotlib figures.

Shared by every module in ``app.charts`` so the risk and cost charts look like one product. Pure
matplotlib (``Figure``/``Axes`` objects only): no pyplot, no global ``rcParams`` changes, no Qt.

matplotlib is imported inside the functions that draw, never at module level: the desktop app imports the
chart modules (for colours and formatting) at start-up, and matplotlib costs about half a second to import.
``tests/architecture/test_startup_imports.py`` keeps it that way for every module in ``app.charts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

__all__ = [
    "ACCENT",
    "BENCHMARK",
    "DETERMINISTIC",
    "FIGURE_SIZE",
    "GRID",
    "LABEL_SIZE",
    "MUTED",
    "NEGATIVE",
    "P50",
    "P80",
    "POSITIVE",
    "PRIMARY",
    "SERIES",
    "TEXT",
    "TICK_SIZE",
    "TITLE_SIZE",
    "ANNOTATION_SIZE",
    "apply_house_style",
    "format_date_axis",
    "format_percent_axis",
    "format_pounds_axis",
    "long_date",
    "new_figure",
    "percent",
    "pounds",
    "pounds_formatter",
    "short_date",
]

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies and in greyscale print.
PRIMARY = "#0072B2"  # blue: the main series (histogram bars, S-curve, first cost series)
ACCENT = "#E69F00"  # orange: the second series
P50 = "#009E73"  # green: the median (P50) marker
P80 = "#D55E00"  # vermilion: the P80 marker (the usual planning confidence level)
DETERMINISTIC = "#000000"  # black: the single-point (deterministic) schedule
BENCHMARK = "#CC79A7"  # reddish purple: the 12-month provider-change benchmark window
POSITIVE = "#009E73"  # savings / under budget
NEGATIVE = "#D55E00"  # costs over / overruns
MUTED = "#6E6E6E"  # secondary text, reference lines
TEXT = "#222222"  # titles, labels, ticks
GRID = "#DDDDDD"  # light grid lines
#: An ordered series palette for stacked or grouped bars (cost categories, options, years).
SERIES: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#000000",
)

# Font sizes in points: readable at 100% on a 1280x800 window and in an exported report.
TITLE_SIZE = 13.0
LABEL_SIZE = 11.0
TICK_SIZE = 10.0
ANNOTATION_SIZE = 9.5
#: Default figure size in inches (width, height); the Qt host resizes it to fit the widget.
FIGURE_SIZE: tuple[float, float] = (9.0, 5.5)


def pounds(value: float) -> str:
    """Return an amount of GBP in compact form for charts.

    Under £100,000 in full with separators (``£12,345``); under £1m in thousands (``£450k``); under £1bn in
    millions to one decimal (``£1.2m``); above that in billions (``£1.2bn``). Negative amounts get a
    leading minus (``-£450k``).

    Args:
        value: The amount in pounds.

    Returns:
        The formatted amount.
    """
    sign = "-" if value < 0 else ""
    amount = abs(float(value))
    if round(amount) < 100_000:
        return f"{sign}£{amount:,.0f}"
    if round(amount / 1_000) < 1_000:
        return f"{sign}£{amount / 1_000:,.0f}k"
    if round(amount / 1_000_000, 1) < 1_000:
        return f"{sign}£{amount / 1_000_000:,.1f}m"
    return f"{sign}£{amount / 1_000_000_000:,.1f}bn"


def percent(fraction: float, decimals: int = 0) -> str:
    """Return a fraction as a percentage, e.g. ``0.8`` -> ``80%``.

    Args:
        fraction: A share between 0 and 1.
        decimals: Digits after the decimal point.

    Returns:
        The formatted percentage.
    """
    return f"{fraction * 100:.{decimals}f}%"


def long_date(value: date) -> str:
    """Return a date as ``17 Aug 2028`` (UK day-first, month abbreviated, no leading zero)."""
    return f"{value.day} {value:%b %Y}"


def short_date(value: date) -> str:
    """Return a date as ``Aug 2028`` (month and year, for tick labels and compact legends)."""
    return f"{value:%b %Y}"


def pounds_formatter() -> FuncFormatter:
    """Return a tick formatter that shows axis values with :func:`pounds`."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _position: pounds(value))


def format_pounds_axis(axis: Axis) -> None:
    """Show an axis's ticks as compact pounds (``£450k``, ``£1.2m``)."""
    axis.set_major_formatter(pounds_formatter())


def format_percent_axis(axis: Axis, maximum: float = 1.0) -> None:
    """Show an axis's ticks as whole percentages; ``maximum`` is the data value that means 100%."""
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(xmax=maximum, decimals=0))


def format_date_axis(axis: Axis, max_ticks: int = 7) -> None:
    """Show an axis of matplotlib dates with few, non-overlapping, unambiguous labels (``Aug 2028``).

    Ticks fall on years (``2028``), months (``Aug 2028``) or days (``17 Aug 2028``) as the span needs, so
    every label carries its year.

    Args:
        axis: ``ax.xaxis`` or ``ax.yaxis`` holding date values (``datetime.date`` or date numbers).
        max_ticks: The most ticks to show; fewer keeps long date labels from touching.
    """
    from matplotlib.dates import AutoDateFormatter, AutoDateLocator

    locator = AutoDateLocator(minticks=3, maxticks=max_ticks)  # type: ignore[no-untyped-call]
    formatter = AutoDateFormatter(locator, defaultfmt="%d %b %Y")  # type: ignore[no-untyped-call]
    formatter.scaled = {365.0: "%Y", 30.0: "%b %Y", 1.0: "%d %b %Y", 1 / 24: "%d %b %Y"}
    axis.set_major_locator(locator)
    axis.set_major_formatter(formatter)


def new_figure(size: tuple[float, float] = FIGURE_SIZE) -> Figure:
    """Return an empty ``Figure`` with the house layout (constrained, white, screen resolution).

    Args:
        size: Width and height in inches.

    Returns:
        A figure with no axes yet; add them with ``fig.add_subplot()`` then call :func:`apply_house_style`.
    """
    from matplotlib.figure import Figure

    return Figure(figsize=size, dpi=100, layout="constrained", facecolor="white")


def apply_house_style(
    fig: Figure, axes: Sequence[Axes] | None = None, grid_axis: Literal["both", "x", "y"] | None = "both"
) -> Figure:
    """Apply the house style to a built figure: fonts, colours, light grid, no top/right spines.

    Call it after plotting (titles and labels set) so their sizes are adjusted too. Safe to call twice.

    Args:
        fig: The figure to restyle in place.
        axes: The axes to style; all of ``fig.axes`` when omitted.
        grid_axis: Which value lines get a light grid (``"x"`` suits horizontal bars); ``None`` for none.

    Returns:
        ``fig``, for chaining.
    """
    fig.set_facecolor("white")
    if fig.get_layout_engine() is None:
        fig.set_layout_engine("constrained")
    for ax in axes if axes is not None else fig.axes:
        _style_axes(ax, grid_axis)
    suptitle = fig.get_suptitle()
    if suptitle:
        fig.suptitle(suptitle, fontsize=TITLE_SIZE, fontweight="bold", color=TEXT)
    return fig


def _style_axes(ax: Axes, grid_axis: Literal["both", "x", "y"] | None) -> None:
    """Style one axes: title and label sizes, tick colours, spines and grid."""
    ax.set_facecolor("white")
    ax.title.set_fontsize(TITLE_SIZE)
    ax.title.set_fontweight("bold")
    ax.title.set_color(TEXT)
    for label in (ax.xaxis.label, ax.yaxis.label):
        label.set_fontsize(LABEL_SIZE)
        label.set_color(TEXT)
    ax.tick_params(axis="both", labelsize=TICK_SIZE, colors=TEXT, length=4)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
    ax.set_axisbelow(True)
    ax.grid(False)
    if grid_axis is not None:
        ax.grid(True, axis=grid_axis, color=GRID, linewidth=0.8)
    legend = ax.get_legend()
    if legend is not None:
        legend.get_frame().set_edgecolor(GRID)
        for text in legend.get_texts():
            text.set_fontsize(ANNOTATION_SIZE + 0.5)
