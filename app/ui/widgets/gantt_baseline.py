"""The chosen baseline on the timeline: thin grey bars (hollow diamonds for milestones) under current bars.

``index_baseline`` turns a ``Baseline``'s saved task dates into arrays once per baseline;
``build_baseline_bars`` maps them onto the rows of a ``GanttGeometry`` once per schedule or baseline change
(dates to day columns only: the dates themselves come from the baseline);
``paint_baseline`` draws the rows a paint call shows in one batch, like the current bars (performance notes
B15-B16). Rows are ascending, so culling is a ``searchsorted`` on the row range.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QPolygonF

from app.engine.model import Baseline, BaselineTask
from app.ui.widgets.gantt_geometry import BAR_INSET, ROW_HEIGHT, GanttGeometry
from app.ui.widgets.gantt_style import PRINT_COLOURS, TimelineColours

BASELINE_TOP = ROW_HEIGHT - BAR_INSET + 0.5  # just below the current bar, inside the row
BASELINE_HEIGHT = 4.0
BASELINE_DIAMOND_HALF = 4.5
BASELINE_DIAMOND_Y = ROW_HEIGHT - BASELINE_DIAMOND_HALF - 1.0  # centre, from the row's top


def _empty_int() -> npt.NDArray[np.int64]:
    return np.zeros(0, np.int64)


def _empty_float() -> npt.NDArray[np.float64]:
    return np.zeros(0, np.float64)


@dataclass(frozen=True)
class BaselineBars:
    """The baseline's bars as arrays, one entry per shown task row the baseline holds, rows ascending.

    ``start``/``end`` are day columns (``end`` exclusive: the column after the inclusive baseline finish);
    a milestone (baseline duration 0) is drawn as a diamond at its ``start`` column.
    """

    rows: npt.NDArray[np.int64] = field(default_factory=_empty_int)
    start: npt.NDArray[np.float64] = field(default_factory=_empty_float)
    end: npt.NDArray[np.float64] = field(default_factory=_empty_float)
    milestone: npt.NDArray[np.bool_] = field(default_factory=lambda: np.zeros(0, bool))

    def __len__(self) -> int:
        return len(self.rows)

    def index_of_row(self, row: int) -> int | None:
        """The entry drawn on ``row``, if any (O(log n))."""
        k = int(np.searchsorted(self.rows, row))
        return k if k < len(self.rows) and int(self.rows[k]) == row else None

    def between(self, first: int, stop: int) -> slice:
        """The entries of rows ``first`` to ``stop - 1``."""
        lo, hi = np.searchsorted(self.rows, (first, stop))
        return slice(int(lo), int(hi))


NO_BASELINE = BaselineBars()


@dataclass(frozen=True)
class BaselineDates:
    """One baseline's task dates as arrays (ordinals; ``end`` the day after the finish) and a row lookup.

    Built once per baseline and reused while the document keeps the same ``Baseline`` object.
    """

    baseline: Baseline
    position: dict[str, int]
    start: npt.NDArray[np.int64]
    end: npt.NDArray[np.int64]
    milestone: npt.NDArray[np.bool_]


def index_baseline(baseline: Baseline, previous: BaselineDates | None = None) -> BaselineDates:
    """Return ``baseline``'s task dates as arrays, reusing ``previous`` when it was built for ``baseline``."""
    if previous is not None and previous.baseline is baseline:
        return previous
    saved: tuple[BaselineTask, ...] = baseline.tasks
    return BaselineDates(
        baseline,
        {t.task: k for k, t in enumerate(saved)},
        np.fromiter((t.start.toordinal() for t in saved), np.int64, len(saved)),
        np.fromiter((t.finish.toordinal() + 1 for t in saved), np.int64, len(saved)),
        np.fromiter((t.duration == 0 for t in saved), bool, len(saved)),
    )


def build_baseline_bars(geometry: GanttGeometry, dates: BaselineDates | None) -> BaselineBars:
    """Return the bars of the baseline's tasks on the task rows of ``geometry`` (empty without a baseline)."""
    if dates is None or not len(dates.start) or not geometry.rows:
        return NO_BASELINE
    task_rows = np.flatnonzero(geometry.task >= 0)
    ids, position = geometry.ids, dates.position
    found = np.fromiter((position.get(ids[r], -1) for r in task_rows.tolist()), np.int64, len(task_rows))
    keep = found >= 0
    if not keep.any():
        return NO_BASELINE
    k = found[keep]
    return BaselineBars(
        task_rows[keep].astype(np.int64),
        (dates.start[k] - geometry.origin).astype(np.float64),
        (dates.end[k] - geometry.origin).astype(np.float64),
        dates.milestone[k],
    )


def baseline_extents(
    bars: BaselineBars, pixels_per_day: float, entries: slice | npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return the left and right pixel edges of the baseline bars (or diamonds) of ``entries``."""
    start, end, milestone = bars.start[entries], bars.end[entries], bars.milestone[entries]
    left = start * pixels_per_day
    right = np.maximum(end * pixels_per_day, left + 2.0)
    centre = (start + 0.5) * pixels_per_day
    return (
        np.where(milestone, centre - BASELINE_DIAMOND_HALF, left),
        np.where(milestone, centre + BASELINE_DIAMOND_HALF, right),
    )


def baseline_rects(bars: BaselineBars, pixels_per_day: float, entries: slice) -> list[QRectF]:
    """The scene rectangles of the entries' bars (a milestone: its diamond's bounding box)."""
    left, right = baseline_extents(bars, pixels_per_day, entries)
    rows, milestone = bars.rows[entries], bars.milestone[entries]
    top = rows * ROW_HEIGHT + np.where(milestone, BASELINE_DIAMOND_Y - BASELINE_DIAMOND_HALF, BASELINE_TOP)
    height = np.where(milestone, 2 * BASELINE_DIAMOND_HALF, BASELINE_HEIGHT)
    return [
        QRectF(x0, y, x1 - x0, h)
        for x0, x1, y, h in zip(left.tolist(), right.tolist(), top.tolist(), height.tolist(), strict=True)
    ]


def paint_baseline(
    painter: QPainter, bars: BaselineBars, pixels_per_day: float, first: int, stop: int, rect: QRectF,
    colours: TimelineColours = PRINT_COLOURS,
) -> None:
    """Draw the baseline bars of rows ``first`` to ``stop - 1`` that reach into the scene ``rect``."""
    if not len(bars):
        return
    span = bars.between(first, stop)
    if span.stop <= span.start:
        return
    left, right = baseline_extents(bars, pixels_per_day, span)
    visible = np.flatnonzero((right >= rect.left()) & (left <= rect.right()))
    if not len(visible):
        return
    left, right = left[visible], right[visible]
    y = bars.rows[span][visible] * ROW_HEIGHT
    milestone = bars.milestone[span][visible]
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setPen(QPen(colours.baseline_edge, 1))
    painter.setBrush(colours.baseline_fill)
    bar = ~milestone
    painter.drawRects(
        [
            QRectF(x0, top + BASELINE_TOP, x1 - x0, BASELINE_HEIGHT)
            for x0, x1, top in zip(left[bar].tolist(), right[bar].tolist(), y[bar].tolist(), strict=True)
        ]
    )
    if milestone.any():
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(colours.baseline_edge, 1.5)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = BASELINE_DIAMOND_HALF
        for x0, x1, top in zip(
            left[milestone].tolist(), right[milestone].tolist(), y[milestone].tolist(), strict=True
        ):
            cx, cy = (x0 + x1) / 2, top + BASELINE_DIAMOND_Y
            corners = [(cx, cy - half), (cx + half, cy), (cx, cy + half), (cx - half, cy)]
            painter.drawPolygon(QPolygonF([QPointF(px, py) for px, py in corners]))
    painter.restore()
