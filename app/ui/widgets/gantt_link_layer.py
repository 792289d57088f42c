"""The timeline's dependency arrows in one painted layer: links indexed by row, routed a block at a time."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPolygonF
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from app.ui.widgets.gantt_geometry import ROW_HEIGHT, GanttGeometry
from app.ui.widgets.gantt_items import TimelineLayer, rects_of
from app.ui.widgets.gantt_links import LinkIndex, LinkLines, route_links
from app.ui.widgets.graph_layers import cull_rect

_ROUTE_BLOCK = 64  # rows of arrows routed at a time


class LinkLayerItem(TimelineLayer):
    """Every dependency arrow (FS, SS, FF, SF), critical ones red; only links meeting the area are routed."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-1)
        self.index = LinkIndex.build(GanttGeometry())
        self._routed: tuple[int, int, LinkLines] | None = None  # first row, last row, routed arrows

    def set_frame(self, geometry: GanttGeometry, pixels_per_day: float) -> None:
        """Index the links of ``geometry`` by the rows they span."""
        if geometry is not self.geometry:
            self.index = LinkIndex.build(geometry)
        self._routed = None
        super().set_frame(geometry, pixels_per_day)

    def lines_in(self, rect: QRectF) -> LinkLines:
        """The routed arrows of the links whose rows meet ``rect`` (scene coordinates), and perhaps more.

        Links are routed a block of rows at a time and kept until the frame changes, so repainting or
        scrolling within the block reuses them.
        """
        first = math.floor(rect.top() / ROW_HEIGHT) // _ROUTE_BLOCK * _ROUTE_BLOCK - _ROUTE_BLOCK
        last = (math.floor(rect.bottom() / ROW_HEIGHT) // _ROUTE_BLOCK + 2) * _ROUTE_BLOCK
        if self._routed is None or not (self._routed[0] <= first and last <= self._routed[1]):
            chosen = self.index.between(first, last)
            self._routed = (first, last, route_links(self.geometry, self.pixels_per_day, self.index, chosen))
        return self._routed[2]

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        """Draw the segments and arrowheads that cross this paint call's area."""
        if not len(self.index):
            return
        rect = cull_rect(self, painter, option)
        lines = self.lines_in(rect)
        s, h = lines.segments, lines.heads
        seen = (
            (np.minimum(s[:, 0], s[:, 2]) <= rect.right() + 1)
            & (np.maximum(s[:, 0], s[:, 2]) >= rect.left() - 1)
            & (np.minimum(s[:, 1], s[:, 3]) <= rect.bottom() + 1)
            & (np.maximum(s[:, 1], s[:, 3]) >= rect.top() - 1)
        )
        near = (
            (h[:, 0] >= rect.left() - 8)
            & (h[:, 0] <= rect.right() + 8)
            & (h[:, 1] >= rect.top() - 8)
            & (h[:, 1] <= rect.bottom() + 8)
        )
        # Legs are horizontal or vertical: filled as thin rectangles without antialiasing (crisp, and far
        # cheaper than stroked lines), clamped to the area so long legs are not rasterised off screen. Only
        # the arrowheads, few and slanted, are antialiased, all in one path fill.
        for critical, colour in ((False, self.colours.link), (True, self.colours.critical_text)):
            shown = s[seen & (lines.critical == critical)]
            if len(shown):
                shown[:, 0::2] = np.clip(shown[:, 0::2], rect.left() - 2, rect.right() + 2)
                shown[:, 1::2] = np.clip(shown[:, 1::2], rect.top() - 2, rect.bottom() + 2)
                half = 1.0 if critical else 0.5
                low = np.minimum(shown[:, :2], shown[:, 2:]) - half
                size = np.abs(shown[:, 2:] - shown[:, :2]) + 2 * half
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawRects(rects_of(low[:, 0], low[:, 1], size[:, 0], size[:, 1]))
            tips = h[near & (lines.head_critical == critical)]
            if len(tips):
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QBrush(colour))
                x, y, dx, dy = tips[:, 0], tips[:, 1], tips[:, 2], tips[:, 3]
                corners = np.column_stack(
                    (x, y, x - 6 * dx - 4 * dy, y - 6 * dy + 4 * dx, x - 6 * dx + 4 * dy, y - 6 * dy - 4 * dx)
                )
                heads_path = QPainterPath()
                for ax, ay, bx, by, cx, cy in corners.tolist():
                    heads_path.addPolygon(QPolygonF([QPointF(ax, ay), QPointF(bx, by), QPointF(cx, cy)]))
                painter.drawPath(heads_path)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
