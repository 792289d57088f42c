"""The timeline's painted layers: the calendar backdrop and every bar (arrows: ``gantt_link_layer``).

Each is one item covering the whole scene that paints only what the paint call can show (performance notes
§0, B15-B17: one item per bar is ~500x slower to build). Rows are sorted by y, so bars cull by slicing the
row range; arrows cull through a y-sorted segment index. None takes the mouse: the view hit-tests by row.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen, QPolygonF, QStaticText
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.ui.widgets.gantt_baseline import NO_BASELINE, BaselineBars, paint_baseline
from app.ui.widgets.gantt_geometry import (
    BAR_INSET,
    MILESTONE_HALF,
    ROW_HEIGHT,
    GanttGeometry,
    RowKind,
    row_extents,
)
from app.ui.widgets.gantt_scale import WEEK_LEVEL, header_spans
from app.ui.widgets.gantt_style import (
    BAR_EDGE,
    BAR_FILL,
    CRITICAL_EDGE,
    CRITICAL_FILL,
    HELD_EDGE,
    PRINT_COLOURS,
    TimelineColours,
    freeze_brush,
    marker_pen,
    pixel_font,
)
from app.ui.widgets.graph_layers import cull_rect

LABEL_ROOM = 260.0  # pixels right of a bar its name may take


def rects_of(
    left: np.ndarray, top: np.ndarray, width: np.ndarray, height: float | np.ndarray
) -> list[QRectF]:
    heights = np.broadcast_to(height, left.shape).tolist()
    return [
        QRectF(x, y, w, h)
        for x, y, w, h in zip(left.tolist(), top.tolist(), width.tolist(), heights, strict=True)
    ]


def _diamond(x: float, y: float, half: float) -> QPolygonF:
    return QPolygonF([QPointF(x, y - half), QPointF(x + half, y), QPointF(x, y + half), QPointF(x - half, y)])


class TimelineLayer(QGraphicsItem):
    """A layer drawn from a ``GanttGeometry`` at some pixels per day; never hit by clicks or tooltips."""

    def __init__(self) -> None:
        super().__init__()
        self._bounds = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.geometry = GanttGeometry()
        self.pixels_per_day = 4.0
        self.selected_rows: npt.NDArray[np.int64] = np.zeros(0, np.int64)
        self.colours: TimelineColours = PRINT_COLOURS  # the view sets the palette's on screen

    def set_colours(self, colours: TimelineColours) -> None:
        """Draw in ``colours`` (the print colours, or the screen's from the palette)."""
        self.colours = colours
        self.update()

    def set_frame(self, geometry: GanttGeometry, pixels_per_day: float) -> None:
        """Draw ``geometry`` at ``pixels_per_day``."""
        self.prepareGeometryChange()
        self.geometry = geometry
        self.pixels_per_day = pixels_per_day
        self._bounds = QRectF(0, 0, geometry.days * pixels_per_day + LABEL_ROOM, geometry.rows * ROW_HEIGHT)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        """Everything the layer may paint."""
        return self._bounds

    def shape(self) -> QPainterPath:
        """Nothing: the view hit-tests rows itself."""
        return QPainterPath()

    def contains(self, point: QPointF | QPoint) -> bool:  # type: ignore[override]
        """Never: the layer takes no clicks."""
        return False

    def set_selected_rows(self, rows: npt.NDArray[np.int64]) -> None:
        """Highlight ``rows``."""
        self.selected_rows = rows
        self.update()

    def _visible_rows(self, rect: QRectF) -> slice:
        first = max(0, math.floor(rect.top() / ROW_HEIGHT))
        return slice(first, max(first, min(self.geometry.rows, math.ceil(rect.bottom() / ROW_HEIGHT))))


class CalendarLayerItem(TimelineLayer):
    """Weekends, bank holidays, freeze bands, grid lines, phase and selected row bands, and date lines."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-2)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the part of the calendar this paint call shows."""
        g, ppd = self.geometry, self.pixels_per_day
        rect = cull_rect(self, painter, option).intersected(QRectF(0, 0, g.days * ppd, g.rows * ROW_HEIGHT))
        if rect.isEmpty():
            return
        top, height = rect.top(), rect.height()
        first, last = max(0, math.floor(rect.left() / ppd)), min(g.days, math.ceil(rect.right() / ppd))
        painter.setPen(Qt.PenStyle.NoPen)
        if ppd >= 7.0:
            saturdays = np.arange(first - (first - 5) % 7, last + 1, 7)
            painter.setBrush(self.colours.weekend)
            painter.drawRects(
                rects_of(
                    saturdays * ppd, np.full(len(saturdays), top), np.full(len(saturdays), 2 * ppd), height
                )
            )
        if ppd >= 1.5 and len(g.non_working):
            shown = g.non_working[
                np.searchsorted(g.non_working, first - 1) : np.searchsorted(g.non_working, last + 1)
            ]
            painter.setBrush(self.colours.holiday)
            painter.drawRects(
                rects_of(shown * ppd, np.full(len(shown), top), np.full(len(shown), max(ppd, 1.0)), height)
            )
        for band in g.freezes:
            if band.end * ppd >= rect.left() and band.start * ppd <= rect.right():
                painter.setBrush(freeze_brush(band.scoped))
                painter.drawRect(QRectF(band.start * ppd, top, (band.end - band.start) * ppd, height))
        self._paint_grid(painter, rect, first, last)
        self._paint_row_bands(painter, rect)
        for marker in g.markers:
            x = marker.column * ppd
            if rect.left() - 2 <= x <= rect.right() + 2:
                painter.setPen(marker_pen(marker.kind, self.colours))
                painter.drawLine(QLineF(x, top, x, rect.bottom()))

    def _paint_grid(self, painter: QPainter, rect: QRectF, first: int, last: int) -> None:
        g, ppd = self.geometry, self.pixels_per_day
        pen = QPen(self.colours.grid, 1)
        pen.setCosmetic(True)
        painter.setPen(pen)
        if ppd >= WEEK_LEVEL:
            columns = list(range(first, last + 1))
        else:
            columns = [span.start for span in header_spans(g.origin, first, last, ppd)[1]]
        painter.drawLines([QLineF(c * ppd, rect.top(), c * ppd, rect.bottom()) for c in columns])

    def _paint_row_bands(self, painter: QPainter, rect: QRectF) -> None:
        rows = self._visible_rows(rect)
        phase_rows = np.flatnonzero(self.geometry.kind[rows] == RowKind.PHASE) + rows.start
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colours.phase_row)
        painter.drawRects(
            [QRectF(rect.left(), r * ROW_HEIGHT, rect.width(), ROW_HEIGHT) for r in phase_rows.tolist()]
        )
        chosen = self.selected_rows[(self.selected_rows >= rows.start) & (self.selected_rows < rows.stop)]
        painter.setBrush(self.colours.selected_row)
        painter.drawRects(
            [QRectF(rect.left(), r * ROW_HEIGHT, rect.width(), ROW_HEIGHT) for r in chosen.tolist()]
        )


class BarLayerItem(TimelineLayer):
    """Phase brackets, task bars (critical in red), milestone diamonds, deadlines, freeze holds and names,
    over the chosen baseline's bars when it has any."""

    def __init__(self) -> None:
        super().__init__()
        self.show_labels = True
        self.baseline: BaselineBars = NO_BASELINE
        self._label_source: tuple[str, ...] = ()
        self._label_cache: dict[int, QStaticText] = {}

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the bars of the rows this paint call shows."""
        g, ppd = self.geometry, self.pixels_per_day
        rect = cull_rect(self, painter, option)
        rows = self._visible_rows(rect)
        if rows.stop <= rows.start:
            return
        left, right = row_extents(g, ppd, rows)
        visible = (right + LABEL_ROOM >= rect.left()) & (left <= rect.right())
        index = np.flatnonzero(visible) + rows.start
        paint_baseline(painter, self.baseline, ppd, rows.start, rows.stop, rect, self.colours)
        if not len(index):
            return
        left, right = left[visible], right[visible]
        kind, critical = g.kind[index], g.critical[index]
        y = index * ROW_HEIGHT
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        bars = kind == RowKind.TASK
        for mask, fill, edge in (
            (bars & ~critical, BAR_FILL, BAR_EDGE),
            (bars & critical, CRITICAL_FILL, CRITICAL_EDGE),
        ):
            painter.setPen(QPen(edge, 1))
            painter.setBrush(fill)
            painter.drawRects(
                rects_of(
                    left[mask], y[mask] + BAR_INSET, right[mask] - left[mask], ROW_HEIGHT - 2 * BAR_INSET
                )
            )
        held = g.held[index] & bars
        if held.any():
            painter.setPen(QPen(HELD_EDGE, 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(
                rects_of(
                    left[held] - 2,
                    y[held] + BAR_INSET - 2,
                    right[held] - left[held] + 4,
                    ROW_HEIGHT - 2 * BAR_INSET + 4,
                )
            )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._paint_phases(painter, left, right, y, kind)
        self._paint_milestones(painter, left, right, y, kind, critical, g.held[index])
        self._paint_deadlines(painter, index, right, y)
        self._paint_selection(painter, index, left, right, y, kind)
        if self.show_labels:
            self._paint_labels(painter, index, right, y, kind)

    def label_colour(self) -> QColor:
        """The colour task names beside the bars are written in: the palette's text on screen."""
        return QColor(self.colours.text)

    def set_baseline(self, bars: BaselineBars) -> None:
        """Draw ``bars`` (for the current geometry) under the current bars; ``NO_BASELINE`` for none."""
        self.baseline = bars
        self.update()

    def _paint_phases(
        self,
        painter: QPainter,
        left: npt.NDArray[np.float64],
        right: npt.NDArray[np.float64],
        y: npt.NDArray[np.float64],
        kind: npt.NDArray[np.int8],
    ) -> None:
        phase = kind == RowKind.PHASE
        if not phase.any():
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.colours.phase)
        for x0, x1, top in zip(left[phase].tolist(), right[phase].tolist(), y[phase].tolist(), strict=True):
            bar, drop = top + 7, top + 16
            tip = min(5.0, (x1 - x0) / 2)
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(x0, bar),
                        QPointF(x1, bar),
                        QPointF(x1, drop),
                        QPointF(x1 - tip, bar + 5),
                        QPointF(x0 + tip, bar + 5),
                        QPointF(x0, drop),
                    ]
                )
            )

    def _paint_milestones(
        self,
        painter: QPainter,
        left: npt.NDArray[np.float64],
        right: npt.NDArray[np.float64],
        y: npt.NDArray[np.float64],
        kind: npt.NDArray[np.int8],
        critical: npt.NDArray[np.bool_],
        held: npt.NDArray[np.bool_],
    ) -> None:
        for k in np.flatnonzero(kind == RowKind.MILESTONE).tolist():
            centre = QPointF((left[k] + right[k]) / 2, y[k] + ROW_HEIGHT / 2)
            painter.setPen(QPen(HELD_EDGE, 2.5) if held[k] else QPen(self.colours.milestone_outline, 1))
            painter.setBrush(CRITICAL_FILL if critical[k] else self.colours.milestone)
            painter.drawPolygon(_diamond(centre.x(), centre.y(), MILESTONE_HALF + 1))

    def _paint_deadlines(
        self,
        painter: QPainter,
        index: npt.NDArray[np.int64],
        right: npt.NDArray[np.float64],
        y: npt.NDArray[np.float64],
    ) -> None:
        deadline = self.geometry.deadline[index]
        late = self.geometry.late[index]
        for k in np.flatnonzero(~np.isnan(deadline)).tolist():
            x = float(deadline[k]) * self.pixels_per_day
            colour = self.colours.deadline_missed if late[k] else self.colours.deadline_met
            if late[k] and right[k] > x:
                slip = QPen(self.colours.deadline_missed, 2, Qt.PenStyle.DotLine)
                painter.setPen(slip)
                painter.drawLine(QLineF(x, y[k] + ROW_HEIGHT - 3, right[k], y[k] + ROW_HEIGHT - 3))
            painter.setPen(QPen(colour, 1))
            painter.setBrush(colour)
            top = float(y[k]) + 1
            painter.drawPolygon(QPolygonF([QPointF(x - 4, top), QPointF(x + 4, top), QPointF(x, top + 6)]))
            painter.drawLine(QLineF(x, top + 6, x, top + ROW_HEIGHT - 4))

    def _paint_selection(
        self,
        painter: QPainter,
        index: npt.NDArray[np.int64],
        left: npt.NDArray[np.float64],
        right: npt.NDArray[np.float64],
        y: npt.NDArray[np.float64],
        kind: npt.NDArray[np.int8],
    ) -> None:
        chosen = np.flatnonzero(np.isin(index, self.selected_rows) & (kind != RowKind.PHASE))
        if not len(chosen):
            return
        pen = QPen(self.colours.selection_edge, 2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRects(
            rects_of(
                left[chosen] - 1,
                y[chosen] + BAR_INSET - 3,
                right[chosen] - left[chosen] + 2,
                ROW_HEIGHT - 2 * BAR_INSET + 6,
            )
        )

    def _paint_labels(
        self,
        painter: QPainter,
        index: npt.NDArray[np.int64],
        right: npt.NDArray[np.float64],
        y: npt.NDArray[np.float64],
        kind: npt.NDArray[np.int8],
    ) -> None:
        font = pixel_font(11)
        painter.setFont(font)
        painter.setPen(self.label_colour())
        if self._label_source is not self.geometry.labels:  # a new layout: drop the prepared names
            self._label_source, self._label_cache = self.geometry.labels, {}
        metrics = QFontMetrics(font)
        offset = (ROW_HEIGHT - metrics.height()) / 2
        deadline = self.geometry.deadline[index] * self.pixels_per_day
        for k in np.flatnonzero(kind != RowKind.PHASE).tolist():
            x = float(right[k]) + 5
            if not np.isnan(deadline[k]) and deadline[k] + 4 > x and deadline[k] - x < 6:
                x = float(deadline[k]) + 6  # keep the name clear of a deadline marker at the bar's end
            row = int(index[k])
            text = self._label_cache.get(row)
            if text is None:  # elided and laid out once, then drawn as a static text on every frame
                elided = metrics.elidedText(
                    self.geometry.labels[row], Qt.TextElideMode.ElideRight, int(LABEL_ROOM - 10)
                )
                text = self._label_cache[row] = QStaticText(elided)
            painter.drawStaticText(QPointF(x, float(y[k]) + offset), text)
