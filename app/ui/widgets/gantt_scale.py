"""The timeline's time scale: zoom presets and the labelled spans of its two header strips.

Week scale shows day columns under "w/c 1 Jun" week labels, month scale month labels under the year, and
quarter scale UK financial-year quarters ("Q1 2027/28"; the year starts on 1 April). Continuous zoom
between the presets picks the level whose labels fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

ScaleName = Literal["week", "month", "quarter"]
SCALES: dict[ScaleName, float] = {"week": 22.0, "month": 4.0, "quarter": 1.2}  # pixels per day
MIN_PIXELS_PER_DAY = 0.25
MAX_PIXELS_PER_DAY = 48.0
ZOOM_STEP = 1.25
WEEK_LEVEL = 11.0  # at or above this many pixels per day the header shows weeks and days
QUARTER_LEVEL = 1.9  # below this it shows financial-year quarters


@dataclass(frozen=True)
class Span:
    """A labelled stretch of the header: day columns ``[start, end)``."""

    start: int
    end: int
    label: str


def nearest_scale(pixels_per_day: float) -> ScaleName:
    """The preset whose level the header is showing at ``pixels_per_day``."""
    if pixels_per_day >= WEEK_LEVEL:
        return "week"
    return "month" if pixels_per_day >= QUARTER_LEVEL else "quarter"


def financial_year(day: date) -> str:
    """The UK financial year holding ``day``, e.g. ``2027/28`` for 1 April 2027 to 31 March 2028."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def _month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _spans(origin: int, starts: list[date], label: object) -> list[Span]:
    """Spans between consecutive ``starts`` (the last one only bounds the one before)."""
    out = []
    for a, b in zip(starts, starts[1:], strict=False):
        out.append(Span(a.toordinal() - origin, b.toordinal() - origin, label(a)))  # type: ignore[operator]
    return out


def header_spans(
    origin: int, first: int, last: int, pixels_per_day: float, week_text: str = "w/c {day}"
) -> tuple[list[Span], list[Span]]:
    """Return the upper and lower strips' spans covering day columns ``first`` to ``last``.

    Args:
        origin: the date ordinal of day column 0.
        first: the first visible day column.
        last: the last visible day column.
        pixels_per_day: the zoom, which chooses the level and how long labels may be.
        week_text: the translated week label with ``{day}`` (e.g. ``w/c {day}``).
    """
    low = date.fromordinal(origin + first)
    high = date.fromordinal(origin + last)
    if pixels_per_day >= WEEK_LEVEL:
        months = [_add_months(_month_start(low), k) for k in range(_months_between(low, high) + 2)]
        monday = low - timedelta(days=low.weekday())
        weeks = [monday + timedelta(weeks=k) for k in range((high - monday).days // 7 + 2)]
        upper = _spans(origin, months, lambda d: f"{d:%B %Y}")
        lower = _spans(origin, weeks, lambda d: week_text.format(day=f"{d.day} {d:%b}"))
        return upper, lower
    if pixels_per_day >= QUARTER_LEVEL:
        years = [date(y, 1, 1) for y in range(low.year, high.year + 2)]
        months = [_add_months(_month_start(low), k) for k in range(_months_between(low, high) + 2)]
        wide = 31 * pixels_per_day >= 62
        return (
            _spans(origin, years, lambda d: f"{d.year}"),
            _spans(origin, months, lambda d: f"{d:%b %Y}" if wide else f"{d:%b}"),
        )
    fy_first = low.year if low.month >= 4 else low.year - 1
    years = [date(y, 4, 1) for y in range(fy_first, high.year + 2)]
    quarter_start = _add_months(_month_start(low), -((low.month - 4) % 3))
    quarters = [_add_months(quarter_start, 3 * k) for k in range(_months_between(low, high) // 3 + 3)]
    wide = 91 * pixels_per_day >= 72

    def quarter_label(d: date) -> str:
        number = (d.month - 4) % 12 // 3 + 1
        return f"Q{number} {financial_year(d)}" if wide else f"Q{number}"

    return (
        _spans(origin, years, lambda d: f"FY {financial_year(d)}"),
        _spans(origin, quarters, quarter_label),
    )


def _months_between(low: date, high: date) -> int:
    return (high.year - low.year) * 12 + high.month - low.month
