"""The two full-scene layers under the estate graph's nodes: every edge in one item, and the backdrop.

Both are single items that take no part in hit tests (empty shape), so the scene's BSP index holds two
large items instead of thousands of long ones, and clicks and tooltips only ever find nodes.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from app.engine.layout import HEADER_HEIGHT, LANE_GAP, EstateLayout
from app.ui.widgets.graph_items import (
    ARROW_LOD,
    ARROW_PIXELS,
    PRINT_GRAPH_COLOURS,
    EdgeGeometry,
    EdgeStyle,
    Emphasis,
    GraphColours,
    arrowhead_lines,
    colours_of,
    edge_pen,
)

_ANTIALIAS_LIMIT = 2500  # visible segments above which edges are drawn without antialiasing
_ANTIALIAS_LOD = 0.3  # zoom below which edges are drawn without antialiasing

# Dimmed edges first, highlighted ones last, so an impact path is never hidden under greyed-out links.
_PAINT_ORDER = (Emphasis.DIMMED, Emphasis.NORMAL, Emphasis.UPSTREAM, Emphasis.DOWNSTREAM)


def cull_rect(item: QGraphicsItem, painter: QPainter, option: QStyleOptionGraphicsItem) -> QRectF:
    """Return the part of ``item`` (in its coordinates) that this paint call can actually show.

    ``QGraphicsScene.render()`` passes the whole bounding rect as the exposed rect (performance notes
    §4.3), so the painter's device rect and clip are intersected as well.
    """
    rect = QRectF(option.exposedRect) if not option.exposedRect.isEmpty() else item.boundingRect()
    device = painter.device()
    if device is not None and device.width() > 0 and device.height() > 0:
        inverse, invertible = painter.worldTransform().inverted()
        if invertible:
            ratio = max(1.0, device.devicePixelRatioF())
            visible = QRectF(0, 0, device.width() * ratio, device.height() * ratio)
            rect = rect.intersected(inverse.mapRect(visible))
    if painter.hasClipping():
        rect = rect.intersected(painter.clipBoundingRect())
    return rect


def clip_segments(segments: npt.NDArray[np.float64],
                  clip: tuple[float, float, float, float]) -> npt.NDArray[np.float64]:
    """Clip ``(n, 4)`` segments to the box ``(left, top, right, bottom)`` (Liang-Barsky, vectorised).

    Returns:
        The parts inside the box; segments entirely outside are dropped.
    """
    x1, y1, x2, y2 = segments.T
    dx, dy = x2 - x1, y2 - y1
    left, top, right, bottom = clip
    start = np.zeros(len(segments))
    end = np.ones(len(segments))
    inside = np.ones(len(segments), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - top), (dy, bottom - y1)):
            ratio = q / p
            inside &= ~((p == 0) & (q < 0))
            start = np.where(p < 0, np.maximum(start, ratio), start)
            end = np.where(p > 0, np.minimum(end, ratio), end)
    inside &= start <= end
    start, end = start[inside], end[inside]
    x1, y1, dx, dy = x1[inside], y1[inside], dx[inside], dy[inside]
    return np.column_stack((x1 + start * dx, y1 + start * dy, x1 + end * dx, y1 + end * dy))


def _crowded_pen(pen: QPen, level: Emphasis) -> QPen:
    """The pen for frames with thousands of edges: one pixel wide (two for an impact path)."""
    fast = QPen(pen)
    fast.setWidthF(1.0 if level in (Emphasis.DIMMED, Emphasis.NORMAL) else 2.0)
    return fast


class _LayerItem(QGraphicsItem):
    """A painted layer that never takes the mouse and is never found by hit tests."""

    def __init__(self) -> None:
        super().__init__()
        self._bounds = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        """Everything the layer may paint."""
        return self._bounds

    def shape(self) -> QPainterPath:
        """Nothing: hit tests go straight through the layer."""
        return QPainterPath()

    def contains(self, point: QPointF | QPoint) -> bool:  # type: ignore[override]
        """Never: the layer is not hit by clicks or tooltips."""
        return False


class EdgeLayerItem(_LayerItem):
    """Every integration and replaced-by link, painted in batches of one pen per (style, emphasis).

    Arrowheads keep roughly the same size on screen: their strokes are built per zoom step (a factor
    of 1.25) on first use and cached until the edges change.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-1)
        self._geometry = EdgeGeometry.empty()
        self._styles: npt.NDArray[np.int64] = np.zeros(0, np.int64)
        self._emphasis: npt.NDArray[np.int64] = np.zeros(0, np.int64)
        self._box = np.zeros((0, 4))
        # (pen, thin pen for crowded frames, solid pen for arrowheads, segment mask, arrowhead mask)
        self._buckets: list[tuple[QPen, QPen, QPen, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]] = []
        self._bridges: npt.NDArray[np.int64] = np.zeros(0, np.int64)
        self._arrow_cache: dict[int, list[QLineF]] = {}
        # Per bucket, every segment (and per zoom step, every arrowhead) as ready QLineF lists: a frame that
        # shows the whole estate draws these as they are instead of building thousands of objects again.
        self._whole_lines: dict[int, list[QLineF]] = {}
        self._whole_heads: dict[tuple[int, int], list[QLineF]] = {}
        self.colours = PRINT_GRAPH_COLOURS

    def set_colours(self, colours: GraphColours) -> None:
        """Draw the edges in ``colours`` (the screen's from the palette, or the print colours)."""
        self.colours = colours
        self._rebucket()
        self.update()

    @property
    def edge_count(self) -> int:
        """How many edges the layer holds."""
        return len(self._styles)

    @property
    def emphasis(self) -> npt.NDArray[np.int64]:
        """Each edge's ``Emphasis`` (a copy)."""
        return self._emphasis.copy()

    def set_edges(self, geometry: EdgeGeometry, styles: npt.NDArray[np.int64]) -> None:
        """Replace every edge.

        Args:
            geometry: the routed segments.
            styles: each edge's ``EdgeStyle``.
        """
        self.prepareGeometryChange()
        self._geometry = geometry
        self._styles = np.asarray(styles, dtype=np.int64)
        self._emphasis = np.zeros(len(self._styles), np.int64)
        self._arrow_cache = {}
        segments = geometry.segments
        self._box = np.column_stack((np.minimum(segments[:, 0], segments[:, 2]),
                                     np.minimum(segments[:, 1], segments[:, 3]),
                                     np.maximum(segments[:, 0], segments[:, 2]),
                                     np.maximum(segments[:, 1], segments[:, 3])))
        self._bridges = np.flatnonzero(self._styles == EdgeStyle.BRIDGE)
        if len(segments):
            low, high = self._box[:, :2].min(axis=0), self._box[:, 2:].max(axis=0)
            margin = ARROW_PIXELS / ARROW_LOD + 4
            self._bounds = QRectF(low[0], low[1], high[0] - low[0], high[1] - low[1]).adjusted(
                -margin, -margin, margin, margin)
        else:
            self._bounds = QRectF()
        self._rebucket()
        self.update()  # also refreshes the device cache

    def set_emphasis(self, emphasis: npt.NDArray[np.int64] | None) -> None:
        """Set each edge's ``Emphasis``; ``None`` draws them all normally."""
        if emphasis is None:
            emphasis = np.zeros(len(self._styles), np.int64)
        self._emphasis = np.asarray(emphasis, dtype=np.int64)
        self._rebucket()
        self.update()

    def _rebucket(self) -> None:
        geometry = self._geometry
        style, emphasis = self._styles[geometry.edge], self._emphasis[geometry.edge]
        arrow_style, arrow_emphasis = self._styles[geometry.arrow_edge], self._emphasis[geometry.arrow_edge]
        self._buckets = []
        self._whole_lines = {}
        self._whole_heads = {}
        for level in _PAINT_ORDER:
            for kind in EdgeStyle:
                mask = (style == kind) & (emphasis == level)
                if mask.any():
                    pen = edge_pen(kind, level, self.colours)
                    solid = QPen(pen)
                    solid.setStyle(Qt.PenStyle.SolidLine)
                    self._buckets.append((pen, _crowded_pen(pen, level), solid, mask,
                                          (arrow_style == kind) & (arrow_emphasis == level)))

    def _arrowheads(self, lod: float) -> tuple[list[QLineF], float]:
        """Return the arrowhead strokes for zoom ``lod`` and their length in scene units."""
        step = round(math.log(max(lod, 1e-6)) / math.log(1.25))
        length = max(ARROW_PIXELS, ARROW_PIXELS / 1.25**step)
        if step not in self._arrow_cache:
            if len(self._arrow_cache) > 8:
                self._arrow_cache.clear()
            self._arrow_cache[step] = arrowhead_lines(self._geometry, length)
        return self._arrow_cache[step], length

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """Draw the segments that cross the visible area, clipped to it, then arrowheads and bridges.

        Clipping here (not just culling) matters: Qt dashes a whole line before clipping it, so long dashed
        lines running far off screen would cost as much as drawing them all.
        """
        segments = self._geometry.segments
        if not len(segments):
            return
        rect = cull_rect(self, painter, option)
        box = self._box
        visible = ((box[:, 0] <= rect.right()) & (box[:, 2] >= rect.left())
                   & (box[:, 1] <= rect.bottom()) & (box[:, 3] >= rect.top()))
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        # Antialiasing thousands of thin lines is most of the cost of a zoomed-out frame and shows little.
        crowded = np.count_nonzero(visible) > _ANTIALIAS_LIMIT or lod < _ANTIALIAS_LOD
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, not crowded)
        margin = 8.0 / max(lod, 1e-6)
        clip = (rect.left() - margin, rect.top() - margin, rect.right() + margin, rect.bottom() + margin)
        for number, (pen, thin, _solid, mask, _heads) in enumerate(self._buckets):
            chosen = np.flatnonzero(visible & mask)
            if not len(chosen):
                continue
            painter.setPen(thin if crowded else pen)
            if len(chosen) == np.count_nonzero(mask):  # the whole bucket is in view: no clipping needed
                if number not in self._whole_lines:
                    self._whole_lines[number] = [QLineF(*row) for row in segments[chosen].tolist()]
                painter.drawLines(self._whole_lines[number])
                continue
            clipped = clip_segments(segments[chosen], clip)
            if len(clipped):
                painter.drawLines([QLineF(*row) for row in clipped.tolist()])
        if lod >= ARROW_LOD and len(self._geometry.tips):
            strokes, length = self._arrowheads(lod)
            step = round(math.log(max(lod, 1e-6)) / math.log(1.25))
            tips = self._geometry.tips
            near = ((tips[:, 0] >= rect.left() - length) & (tips[:, 0] <= rect.right() + length)
                    & (tips[:, 1] >= rect.top() - length) & (tips[:, 1] <= rect.bottom() + length))
            for number, (_pen, _thin, solid, _mask, heads) in enumerate(self._buckets):
                chosen = np.flatnonzero(near & heads)
                if not len(chosen):
                    continue
                painter.setPen(solid)
                whole = len(chosen) == np.count_nonzero(heads)
                if whole and (number, step) in self._whole_heads:
                    painter.drawLines(self._whole_heads[number, step])
                    continue
                lines = [strokes[j] for i in chosen.tolist() for j in (2 * i, 2 * i + 1)]
                if whole:
                    self._whole_heads[number, step] = lines
                painter.drawLines(lines)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._paint_bridges(painter, rect, lod)

    def _paint_bridges(self, painter: QPainter, rect: QRectF, lod: float) -> None:
        """Mark each coexistence bridge with a diamond half way along (about 16 pixels across)."""
        if not len(self._bridges):
            return
        size = max(9.0, 8.0 / max(lod, 1e-6))
        colour = QColor(self.colours.edges[EdgeStyle.BRIDGE])
        outline = QPen(self.colours.outline, 1.5)
        outline.setCosmetic(True)
        painter.setPen(outline)
        for index in self._bridges.tolist():
            x, y = self._geometry.midpoints[index]
            if not rect.adjusted(-size, -size, size, size).contains(QPointF(x, y)):
                continue
            fill = QColor(colour)
            if self._emphasis[index] == Emphasis.DIMMED:
                fill.setAlphaF(0.2)
            painter.setBrush(QBrush(fill))
            painter.drawPolygon(QPolygonF([QPointF(x, y - size), QPointF(x + size, y), QPointF(x, y + size),
                                           QPointF(x - size, y)]))


class BackdropItem(_LayerItem):
    """The current and target estate bands with their titles, and the phase lanes with theirs."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-2)
        self._layout = EstateLayout({}, 0.0, 0.0)
        self._lane_titles: list[str] = []
        self._band_titles: tuple[str, str] = ("", "")

    def set_layout(self, layout: EstateLayout, lane_titles: list[str], band_titles: tuple[str, str]) -> None:
        """Draw the bands and lanes of ``layout``.

        Args:
            layout: the estate layout.
            lane_titles: one title per lane of ``layout.lanes``.
            band_titles: the titles of the current and the target band.
        """
        self.prepareGeometryChange()
        self._layout = layout
        self._lane_titles = list(lane_titles)
        self._band_titles = band_titles
        self._bounds = QRectF(0, 0, layout.width, layout.height)
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """Draw the band backgrounds, the lane rules and every title."""
        layout = self._layout
        if not layout.positions:
            return
        top = min(lane.top for lane in layout.lanes) - HEADER_HEIGHT
        bottom = max(lane.top + lane.height for lane in layout.lanes) + 10
        colours = colours_of(self)
        bands = ((layout.current_span, colours.band_current, self._band_titles[0]),
                 (layout.target_span, colours.band_target, self._band_titles[1]))
        # The application's family in scene units: titles are part of the drawing and zoom with it.
        title_font = QFont(QGuiApplication.font())
        title_font.setPixelSize(40)
        title_font.setBold(True)
        lane_font = QFont(QGuiApplication.font())
        lane_font.setPixelSize(26)
        for (left, right), colour, title in bands:
            if right <= left:
                continue
            band = QRectF(left - 18, top, right - left + 36, bottom - top)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(band, 10, 10)
            painter.setPen(colours.band_title)
            painter.setFont(title_font)
            painter.drawText(QRectF(band.left() + 14, top + 4, band.width() - 28, HEADER_HEIGHT - 6),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
            painter.setFont(lane_font)
            for lane, name in zip(layout.lanes, self._lane_titles, strict=False):
                painter.setPen(QPen(colours.lane_rule, 1, Qt.PenStyle.DotLine))
                rule_y = lane.top + 4
                painter.drawLine(QPointF(band.left() + 8, rule_y), QPointF(band.right() - 8, rule_y))
                painter.setPen(colours.lane_title)
                painter.drawText(QRectF(band.left() + 14, lane.top + 6, band.width() - 28, LANE_GAP - 10),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
