"""The timeline's frozen parts: the time-scale header above the bars and the task-name column beside them.

Both are painted by plain functions (``paint_header``, ``paint_names``) so the on-screen widgets and the
PNG/PDF exports draw exactly the same thing; the widgets only supply where row 0 and day column 0 are.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPen, QPolygonF

from app.ui.widgets.gantt_geometry import ROW_HEIGHT, GanttGeometry, Marker, RowKind
from app.ui.widgets.gantt_scale import WEEK_LEVEL, Span, header_spans
from app.ui.widgets.gantt_style import (
    HEADER_HEIGHT,
    PRINT_COLOURS,
    STRIP_HEIGHT,
    TimelineColours,
    freeze_brush,
    pixel_font,
)

ID_WIDTH = 64.0
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter


def visible_columns(area: QRectF, x_offset: float, pixels_per_day: float, days: int) -> tuple[int, int]:
    """The first and last day columns that fall inside ``area`` when column 0 is at ``x_offset``."""
    first = max(0, math.floor(-x_offset / pixels_per_day) - 1)
    last = min(days, math.ceil((area.width() - x_offset) / pixels_per_day) + 1)
    return first, max(first, last)


def paint_header(
    painter: QPainter,
    area: QRectF,
    x_offset: float,
    pixels_per_day: float,
    geometry: GanttGeometry,
    week_text: str,
    colours: TimelineColours = PRINT_COLOURS,
) -> None:
    """Draw the scale (two strips), the freeze strip and the two marker rows into ``area``.

    Args:
        painter: where to draw.
        area: the header's rectangle (``HEADER_HEIGHT`` tall).
        x_offset: where day column 0 is, in pixels from ``area.left()``.
        pixels_per_day: the zoom.
        geometry: the timeline.
        week_text: the translated week label with ``{day}``.
        colours: the print colours, or the screen's from the palette.
    """
    painter.save()
    painter.setClipRect(area)
    painter.fillRect(area, colours.header)
    painter.translate(area.left(), area.top())
    width = area.width()
    if geometry.days:
        first, last = visible_columns(area, x_offset, pixels_per_day, geometry.days)
        upper, lower = header_spans(geometry.origin, first, last, pixels_per_day, week_text)
        _paint_strip(painter, upper, 0, width, x_offset, pixels_per_day, True, colours)
        _paint_strip(painter, lower, STRIP_HEIGHT, width, x_offset, pixels_per_day, False, colours)
        if pixels_per_day >= WEEK_LEVEL:
            painter.setPen(QPen(colours.grid, 1))
            painter.drawLines(
                [
                    QLineF(
                        x_offset + c * pixels_per_day,
                        2 * STRIP_HEIGHT - 4,
                        x_offset + c * pixels_per_day,
                        2 * STRIP_HEIGHT,
                    )
                    for c in range(first, last)
                ]
            )
        _paint_freezes(painter, geometry, width, x_offset, pixels_per_day, colours)
        _paint_markers(painter, geometry.markers, width, x_offset, pixels_per_day, colours)
    painter.setPen(QPen(colours.grid, 1))
    for k in (1, 2, 3):
        painter.drawLine(QLineF(0, k * STRIP_HEIGHT, width, k * STRIP_HEIGHT))  # marker rows share a band
    painter.setPen(QPen(colours.muted, 1))
    painter.drawLine(QLineF(0, HEADER_HEIGHT - 0.5, width, HEADER_HEIGHT - 0.5))
    painter.restore()


def _paint_strip(
    painter: QPainter,
    spans: list[Span],
    top: float,
    width: float,
    x_offset: float,
    pixels_per_day: float,
    bold: bool,
    colours: TimelineColours,
) -> None:
    painter.setFont(pixel_font(11, bold))
    metrics = QFontMetrics(painter.font())
    for span in spans:
        x0, x1 = x_offset + span.start * pixels_per_day, x_offset + span.end * pixels_per_day
        if x1 < 0 or x0 > width:
            continue
        painter.setPen(QPen(colours.grid, 1))
        painter.drawLine(QLineF(x0, top, x0, top + STRIP_HEIGHT))
        left, right = max(x0, 0.0), min(x1, width)  # labels stay in view while their span is
        room = right - left - 6
        if room < 12:
            continue
        text = metrics.elidedText(span.label, Qt.TextElideMode.ElideRight, int(room))
        painter.setPen(colours.text if bold else colours.muted)
        align = _LEFT if bold else _CENTRE
        painter.drawText(QRectF(left + 3, top, room, STRIP_HEIGHT), align, text)


def _paint_freezes(
    painter: QPainter, geometry: GanttGeometry, width: float, x_offset: float, pixels_per_day: float,
    colours: TimelineColours,
) -> None:
    top = 2 * STRIP_HEIGHT
    painter.setFont(pixel_font(10))
    metrics = QFontMetrics(painter.font())
    bands = sorted(geometry.freezes, key=lambda b: b.start)
    spans = [(x_offset + b.start * pixels_per_day, x_offset + b.end * pixels_per_day) for b in bands]
    for band, (x0, x1) in zip(bands, spans, strict=True):
        if x1 >= 0 and x0 <= width:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(freeze_brush(band.scoped))
            painter.drawRect(QRectF(x0, top + 2, x1 - x0, STRIP_HEIGHT - 4))
    # Names may run on past their band up to the next band's start, never over another name.
    painter.setPen(colours.text)
    taken = 0.0
    for k, (band, (x0, x1)) in enumerate(zip(bands, spans, strict=True)):
        if x1 < 0 or x0 > width:
            continue
        left = max(x0, taken)
        limit = min([nx0 for nx0, _ in spans[k + 1 :] if nx0 > x0 + 1] + [width])
        room = limit - left - 4
        if room < 14:
            continue
        text = metrics.elidedText(band.name, Qt.TextElideMode.ElideRight, int(room))
        painter.drawText(QRectF(left + 2, top, room, STRIP_HEIGHT), _LEFT, text)
        taken = left + metrics.horizontalAdvance(text) + 8


@dataclass(frozen=True)
class PlacedMarker:
    """A date marker in the header: its x, which of the two marker rows holds its label, and the label."""

    marker: Marker
    x: float
    row: int
    text: str
    text_width: float


def place_markers(
    markers: tuple[Marker, ...], x_offset: float, pixels_per_day: float, width: float, metrics: QFontMetrics
) -> list[PlacedMarker]:
    """Place the labels of the markers in view over two rows so none overlaps another.

    Each label goes whole into the first row that is free at its marker; when neither is, it is elided
    into the row that frees up first, or left out (the marker's tooltip still names it).
    """
    placed: list[PlacedMarker] = []
    taken = [-1e9, -1e9]
    for marker in markers:
        x = x_offset + marker.column * pixels_per_day
        if not -4 <= x <= width + 4:
            continue
        free = [row for row in (0, 1) if x + 5 >= taken[row]]
        row = free[0] if free else min((0, 1), key=lambda r: taken[r])
        room = width - x - 8
        text = metrics.elidedText(marker.label, Qt.TextElideMode.ElideRight, int(room)) if free else ""
        advance = float(metrics.horizontalAdvance(text)) if text else 0.0
        if free:
            taken[row] = x + 5 + advance + 8
        placed.append(PlacedMarker(marker, x, row, text, advance))
    return placed


def _paint_markers(
    painter: QPainter, markers: tuple[Marker, ...], width: float, x_offset: float, pixels_per_day: float,
    colours: TimelineColours,
) -> None:
    painter.setFont(pixel_font(10, bold=True))
    metrics = QFontMetrics(painter.font())
    placed = place_markers(markers, x_offset, pixels_per_day, width, metrics)
    for item in placed:
        top = (3 + item.row) * STRIP_HEIGHT
        colour = colours.markers[item.marker.kind]
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        x = item.x
        painter.drawPolygon(
            QPolygonF([QPointF(x - 4, top + 2), QPointF(x + 4, top + 2), QPointF(x, top + 9)])
        )
        painter.setPen(QPen(colour, 2))
        painter.drawLine(QLineF(x, top + 7, x, HEADER_HEIGHT))
    for item in placed:  # labels last, on the header colour, so later ticks never run through them
        if item.text:
            top = (3 + item.row) * STRIP_HEIGHT
            box = QRectF(item.x + 5, top, item.text_width + 4, STRIP_HEIGHT)
            painter.fillRect(box.adjusted(-1, 1, 0, -1), colours.header)
            painter.setPen(colours.markers[item.marker.kind])
            painter.drawText(box, _LEFT, item.text)


def paint_names(
    painter: QPainter,
    area: QRectF,
    y_offset: float,
    geometry: GanttGeometry,
    selected_rows: npt.NDArray[np.int64],
    titles: Mapping[str, str],
    colours: TimelineColours = PRINT_COLOURS,
) -> None:
    """Draw the name column: its header block, then one name per row in view.

    Args:
        painter: where to draw.
        area: the column's rectangle, header included.
        y_offset: where row 0's top is, in pixels below the header.
        geometry: the timeline.
        selected_rows: rows to highlight.
        titles: translated ``id`` and ``name`` column titles.
        colours: the print colours, or the screen's from the palette.
    """
    painter.save()
    painter.setClipRect(area)
    painter.translate(area.left(), area.top())
    width = area.width()
    painter.fillRect(QRectF(0, HEADER_HEIGHT, width, area.height() - HEADER_HEIGHT), colours.background)
    body = area.height() - HEADER_HEIGHT
    first = max(0, math.floor(-y_offset / ROW_HEIGHT))
    last = min(geometry.rows, math.ceil((body - y_offset) / ROW_HEIGHT))
    selected = set(selected_rows.tolist())
    regular, bold = pixel_font(12), pixel_font(12, bold=True)
    metrics, bold_metrics = QFontMetrics(regular), QFontMetrics(bold)
    painter.save()
    painter.setClipRect(QRectF(0, HEADER_HEIGHT, width, body))
    for row in range(first, last):
        top = HEADER_HEIGHT + y_offset + row * ROW_HEIGHT
        phase = geometry.kind[row] == RowKind.PHASE
        if phase:
            painter.fillRect(QRectF(0, top, width, ROW_HEIGHT), colours.phase_row)
        if row in selected:
            painter.fillRect(QRectF(0, top, width, ROW_HEIGHT), colours.selected_row)
        if phase:
            painter.setFont(bold)
            painter.setPen(colours.text)
            text = bold_metrics.elidedText(geometry.labels[row], Qt.TextElideMode.ElideRight, int(width - 12))
            painter.drawText(QRectF(6, top, width - 10, ROW_HEIGHT), _LEFT, text)
            continue
        painter.setFont(regular)
        painter.setPen(colours.muted)
        painter.drawText(
            QRectF(14, top, ID_WIDTH - 16, ROW_HEIGHT),
            _LEFT,
            metrics.elidedText(geometry.ids[row], Qt.TextElideMode.ElideRight, int(ID_WIDTH - 18)),
        )
        painter.setPen(colours.critical_text if geometry.critical[row] else colours.text)
        prefix = "◆ " if geometry.kind[row] == RowKind.MILESTONE else ""
        room = int(width - ID_WIDTH - 8)
        text = metrics.elidedText(prefix + geometry.labels[row], Qt.TextElideMode.ElideRight, room)
        painter.drawText(QRectF(ID_WIDTH, top, room, ROW_HEIGHT), _LEFT, text)
    painter.restore()
    painter.fillRect(QRectF(0, 0, width, HEADER_HEIGHT), colours.header)
    painter.setFont(pixel_font(11, bold=True))
    painter.setPen(colours.text)
    painter.drawText(QRectF(14, HEADER_HEIGHT - STRIP_HEIGHT, ID_WIDTH, STRIP_HEIGHT), _LEFT, titles["id"])
    painter.drawText(
        QRectF(ID_WIDTH, HEADER_HEIGHT - STRIP_HEIGHT, width - ID_WIDTH, STRIP_HEIGHT), _LEFT, titles["name"]
    )
    painter.setPen(QPen(colours.muted, 1))
    painter.drawLine(QLineF(0, HEADER_HEIGHT - 0.5, width, HEADER_HEIGHT - 0.5))
    painter.drawLine(QLineF(width - 0.5, 0, width - 0.5, area.height()))
    painter.restore()
