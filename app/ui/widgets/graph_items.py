"""Scene items of the estate graph: one item per system node, one batched item for every edge, a backdrop.

Edges are never one item each: a scene with thousands of long line items in its BSP index takes tens of
seconds and gigabytes to paint the first time (performance notes §4.2). ``EdgeLayerItem`` holds all
segments in numpy arrays, paints only those crossing the exposed area, and takes no part in hit tests.

On screen the scene is drawn in ``graph_colours(palette)``: the palette's base behind it, its text on the
nodes (whose kind or phase fills are darkened under light text in a dark theme), edges and outlines made to
stand out from the base. Exports draw in ``PRINT_GRAPH_COLOURS`` on white. Node text is sized in scene
units, part of the drawing: it grows with the zoom (Ctrl++), not with the system font, so it always fits its
box.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from functools import cache

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

from app.engine.model import System
from app.ui.appearance import GRAPHIC_CONTRAST, TEXT_CONTRAST, blend, legible

# Colours shared by the view, the legend and the exports.
SELECTION_COLOUR = QColor("#ff8f00")
UPSTREAM_COLOUR = QColor("#1565c0")
DOWNSTREAM_COLOUR = QColor("#c62828")
CURRENT_BORDER = QColor("#455a64")
TARGET_BORDER = QColor("#1a237e")
TEXT_COLOUR = QColor("#212121")
NO_GROUP_COLOUR = QColor("#e0e0e0")
DIM_OPACITY = 0.22
ARROW_PIXELS = 10.0  # arrowheads keep about this length on screen
ARROW_SPREAD = 0.42  # radians either side of the edge direction
_DETAIL_LOD = 0.55  # below this zoom a node shows just its id, large enough to read
_SKETCH_LOD = 0.12  # below this zoom a node is a plain coloured box
ARROW_LOD = 0.2  # below this zoom arrowheads would be specks


def group_colour(index: int) -> QColor:
    """Return a light, distinct fill for the ``index``-th kind or phase (golden-ratio hue steps)."""
    return QColor(_group_rgb(index))


@cache
def _group_rgb(index: int) -> int:
    return QColor.fromHsvF((0.07 + index * 0.618034) % 1.0, 0.24 + 0.09 * (index % 3), 0.98).rgb()


class Emphasis(IntEnum):
    """How a node or an edge is drawn while an impact is shown."""

    NORMAL = 0
    DIMMED = 1
    UPSTREAM = 2
    DOWNSTREAM = 3


class EdgeStyle(IntEnum):
    """The kinds of link the edge layer draws."""

    DEPENDENCY = 0
    DATA_FLOW = 1
    REPLACED_BY = 2
    BRIDGE = 3


EDGE_COLOURS: dict[EdgeStyle, QColor] = {
    EdgeStyle.DEPENDENCY: QColor("#546e7a"),
    EdgeStyle.DATA_FLOW: QColor("#78909c"),
    EdgeStyle.REPLACED_BY: QColor("#8e24aa"),
    EdgeStyle.BRIDGE: QColor("#ef6c00"),
}


@dataclass(frozen=True)
class GraphColours:
    """What the graph's background, bands, node text, outlines and edges are drawn in (print by default)."""

    background: QColor = field(default_factory=lambda: QColor("white"))
    text: QColor = field(default_factory=lambda: QColor(TEXT_COLOUR))
    band_current: QColor = field(default_factory=lambda: QColor("#f3f4f5"))
    band_target: QColor = field(default_factory=lambda: QColor("#edf2fb"))
    band_title: QColor = field(default_factory=lambda: QColor("#37474f"))
    lane_rule: QColor = field(default_factory=lambda: QColor("#b0bec5"))
    lane_title: QColor = field(default_factory=lambda: QColor("#546e7a"))
    outline: QColor = field(default_factory=lambda: QColor("white"))
    selection: QColor = field(default_factory=lambda: QColor(SELECTION_COLOUR))
    upstream: QColor = field(default_factory=lambda: QColor(UPSTREAM_COLOUR))
    downstream: QColor = field(default_factory=lambda: QColor(DOWNSTREAM_COLOUR))
    current_border: QColor = field(default_factory=lambda: QColor(CURRENT_BORDER))
    target_border: QColor = field(default_factory=lambda: QColor(TARGET_BORDER))
    edges: dict[EdgeStyle, QColor] = field(default_factory=lambda: dict(EDGE_COLOURS))

    def node_fill(self, fill: QColor) -> QColor:
        """A kind or phase fill, darkened or lightened (same hue) until the node text reads on it."""
        return legible(fill, self.text, TEXT_CONTRAST)


PRINT_GRAPH_COLOURS = GraphColours()


def graph_colours(palette: QPalette) -> GraphColours:
    """The graph's colours on screen, from ``palette`` (see the module docstring)."""
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)

    def shape(colour: QColor) -> QColor:
        return legible(colour, base, GRAPHIC_CONTRAST)

    return GraphColours(
        background=base,
        text=text,
        band_current=blend(base, text, 0.05),
        band_target=blend(base, QColor("#3f6fd8"), 0.09),
        band_title=legible(blend(text, base, 0.2), blend(base, text, 0.05)),
        lane_rule=blend(base, text, 0.3),
        lane_title=legible(blend(text, base, 0.3), blend(base, text, 0.05)),
        outline=base,
        selection=shape(SELECTION_COLOUR),
        upstream=shape(UPSTREAM_COLOUR),
        downstream=shape(DOWNSTREAM_COLOUR),
        current_border=shape(CURRENT_BORDER),
        target_border=shape(TARGET_BORDER),
        edges={style: shape(colour) for style, colour in EDGE_COLOURS.items()},
    )


class GraphScene(QGraphicsScene):
    """The estate graph's scene: it knows the colours its items are drawn in (``colours``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours = PRINT_GRAPH_COLOURS


def colours_of(item: QGraphicsItem) -> GraphColours:
    """The colours ``item`` is drawn in: its scene's, or the print colours outside a graph scene."""
    scene = item.scene()
    return scene.colours if isinstance(scene, GraphScene) else PRINT_GRAPH_COLOURS


def edge_pen(style: EdgeStyle, emphasis: Emphasis = Emphasis.NORMAL,
             colours: GraphColours = PRINT_GRAPH_COLOURS) -> QPen:
    """Return the cosmetic pen of an edge (widths in device pixels, so edges stay visible when zoomed out)."""
    colour = QColor(colours.edges[style])
    width = {EdgeStyle.REPLACED_BY: 1.6, EdgeStyle.BRIDGE: 2.4}.get(style, 1.2)
    if style == EdgeStyle.REPLACED_BY:
        colour.setAlphaF(0.8)
    if emphasis == Emphasis.UPSTREAM:
        colour, width = QColor(colours.upstream), 2.4
    elif emphasis == Emphasis.DOWNSTREAM:
        colour, width = QColor(colours.downstream), 2.4
    elif emphasis == Emphasis.DIMMED:
        colour.setAlphaF(0.15)
    pen = QPen(colour, width)
    pen.setCosmetic(True)
    if style == EdgeStyle.DATA_FLOW:
        pen.setStyle(Qt.PenStyle.DashLine)
    elif style == EdgeStyle.REPLACED_BY:
        pen.setStyle(Qt.PenStyle.DashDotLine)
    return pen


class NodeItem(QGraphicsItem):
    """A system: a rounded box filled by kind or phase, bordered by estate, with its id and name.

    Args:
        system: the system shown.
        size: the box ``(width, height)`` in scene units.
    """

    def __init__(self, system: System, size: tuple[float, float]) -> None:
        super().__init__()
        self.system = system
        width, height = size
        self._rect = QRectF(-width / 2, -height / 2, width, height)
        self._fill = QColor(NO_GROUP_COLOUR)
        self._selected = False
        self._emphasis = Emphasis.NORMAL
        self._lines: tuple[str, ...] | None = None  # wrapped on first detailed paint
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)
        # Repaints at an unchanged zoom (hover, selection elsewhere) blit pixels instead of drawing text;
        # every change of look calls update(), which refreshes the cache. Exports switch it off.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    @property
    def system_id(self) -> str:
        """The id of the system shown."""
        return self.system.id

    @property
    def fill(self) -> QColor:
        """The current fill colour."""
        return QColor(self._fill)

    @property
    def highlighted(self) -> bool:
        """True while the system is selected."""
        return self._selected

    @property
    def emphasis(self) -> Emphasis:
        """How the node is drawn while an impact is shown."""
        return self._emphasis

    @property
    def label_lines(self) -> tuple[str, ...]:
        """The name as painted when zoomed in: up to two lines, the last one elided."""
        if self._lines is None:
            self._lines = _wrap(self.system.name, _fonts().name, self._rect.width() - 14, 2)
        return self._lines

    def text_colour(self) -> QColor:
        """The colour the id and name are written in: the palette's text on screen."""
        return QColor(colours_of(self).text)

    def set_system(self, system: System) -> None:
        """Show ``system`` (a renamed or edited version of the same id)."""
        self.system = system
        self._lines = None
        self.update()

    def set_fill(self, colour: QColor) -> None:
        """Fill the box with ``colour``."""
        if colour != self._fill:
            self._fill = QColor(colour)
            self.update()

    def set_highlighted(self, selected: bool) -> None:
        """Draw (or stop drawing) the selection halo."""
        if selected != self._selected:
            self._selected = selected
            self.setZValue(2 if selected else 0)
            self.update()

    def set_emphasis(self, emphasis: Emphasis) -> None:
        """Dim the node or outline it as upstream or downstream of the system whose impact is shown."""
        if emphasis != self._emphasis:
            self._emphasis = emphasis
            self.setOpacity(DIM_OPACITY if emphasis == Emphasis.DIMMED else 1.0)
            self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        """The box plus room for the selection halo."""
        return self._rect.adjusted(-6, -6, 6, 6)

    def shape(self) -> QPainterPath:
        """The box itself, so clicks just outside it fall through to the background."""
        path = QPainterPath()
        path.addRect(self._rect)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """Draw the box, the halo or impact outline and the text (just the id when zoomed far out)."""
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        fonts = _fonts()
        colours = colours_of(self)
        fill = colours.node_fill(self._fill)
        if lod < _SKETCH_LOD and not self._selected and self._emphasis in (Emphasis.NORMAL, Emphasis.DIMMED):
            painter.fillRect(self._rect, fill)  # a few pixels across: no border, no text
            return
        target = self.system.estate == "target"
        radius = 12.0 if target else 3.0
        if self._selected:
            painter.setPen(QPen(colours.selection, 5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self._rect.adjusted(-2.5, -2.5, 2.5, 2.5), radius + 2, radius + 2)
        if self._emphasis == Emphasis.UPSTREAM:
            painter.setPen(QPen(colours.upstream, 4))
        elif self._emphasis == Emphasis.DOWNSTREAM:
            painter.setPen(QPen(colours.downstream, 4))
        elif target:
            painter.setPen(QPen(colours.target_border, 1.8))
        else:
            painter.setPen(QPen(colours.current_border, 1.8, Qt.PenStyle.DashLine))
        painter.setBrush(fill)
        painter.drawRoundedRect(self._rect, radius, radius)
        painter.setPen(self.text_colour())
        inner = self._rect.adjusted(7, 3, -7, -3)
        if lod < _DETAIL_LOD:
            painter.setFont(fonts.big_id)
            painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, self.system.id)
            return
        painter.setFont(fonts.id)
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self.system.id)
        painter.setFont(fonts.name)
        top = inner.top() + fonts.id_height - 1
        for line in self.label_lines:
            painter.drawText(QRectF(inner.left(), top, inner.width(), fonts.name_height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, line)
            top += fonts.name_height


class _NodeStyle:
    """Fonts shared by every node (made once, after the application exists): the application's family, in
    scene units (they zoom with the drawing)."""

    def __init__(self) -> None:
        self.id = QFont(QGuiApplication.font())
        self.id.setPixelSize(14)
        self.id.setBold(True)
        self.name = QFont(QGuiApplication.font())
        self.name.setPixelSize(13)
        self.big_id = QFont(self.id)
        self.big_id.setPixelSize(28)
        self.id_height = QFontMetricsF(self.id).height()
        self.name_height = QFontMetricsF(self.name).height()


@cache
def _fonts() -> _NodeStyle:
    return _NodeStyle()


def _wrap(text: str, font: QFont, width: float, max_lines: int) -> tuple[str, ...]:
    """Break ``text`` into at most ``max_lines`` lines of ``width``, eliding the last one."""
    metrics = QFontMetricsF(font)
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines - 1:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        if metrics.horizontalAdvance(line) > width:
            words.insert(0, line)  # one very long word: let the elided last line take it
            break
        lines.append(line)
    if words:
        lines.append(metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width))
    return tuple(lines)


@dataclass(frozen=True)
class EdgeGeometry:
    """Every segment of the edge layer, and where arrowheads go.

    Attributes:
        segments: ``(n, 4)`` array of ``x1, y1, x2, y2`` (edge bodies).
        edge: ``(n,)`` index of the edge each segment belongs to.
        midpoints: ``(edges, 2)`` the middle of each edge (where a coexistence bridge gets its marker).
        tips: ``(k, 2)`` arrowhead points, at the target end of the edges that have one.
        angles: ``(k,)`` direction (radians) each arrowhead points in.
        arrow_edge: ``(k,)`` index of the edge of each arrowhead.
    """

    segments: npt.NDArray[np.float64]
    edge: npt.NDArray[np.int64]
    midpoints: npt.NDArray[np.float64]
    tips: npt.NDArray[np.float64]
    angles: npt.NDArray[np.float64]
    arrow_edge: npt.NDArray[np.int64]

    @classmethod
    def empty(cls) -> EdgeGeometry:
        """No edges at all."""
        return cls(np.zeros((0, 4)), np.zeros(0, np.int64), np.zeros((0, 2)), np.zeros((0, 2)), np.zeros(0),
                   np.zeros(0, np.int64))


def arrowhead_lines(geometry: EdgeGeometry, length: float) -> list[QLineF]:
    """Return the two strokes of every arrowhead, ``length`` scene units long: ``[a0, b0, a1, b1, ...]``."""
    strokes = []
    for side in (-1.0, 1.0):
        back = geometry.angles + np.pi + side * ARROW_SPREAD
        tails = geometry.tips + np.column_stack((np.cos(back), np.sin(back))) * length
        strokes.append(np.hstack((tails, geometry.tips)))
    pairs = np.stack(strokes, axis=1).reshape(-1, 4)
    return [QLineF(x1, y1, x2, y2) for x1, y1, x2, y2 in pairs.tolist()]


def route_edges(starts: npt.NDArray[np.float64], ends: npt.NDArray[np.float64], half_width: float,
                arrows: npt.NDArray[np.bool_]) -> EdgeGeometry:
    """Route edges between node centres: side to side, or a bracket on the right for same-column pairs.

    Args:
        starts: ``(edges, 2)`` source node centres.
        ends: ``(edges, 2)`` target node centres.
        half_width: half a node's width.
        arrows: ``(edges,)`` true where the edge gets an arrowhead at its target.
    """
    count = len(starts)
    if count == 0:
        return EdgeGeometry.empty()
    dx = ends[:, 0] - starts[:, 0]
    same = np.abs(dx) < 1.0
    direction = np.where(dx < 0, -1.0, 1.0)
    p0 = starts.copy()
    p3 = ends.copy()
    p0[:, 0] += direction * half_width
    p3[:, 0] -= np.where(same, -1.0, direction) * half_width
    # Same-column links leave and re-enter on the right through a short elbow.
    elbow = p0[:, 0] + 22.0 + 6.0 * (np.arange(count) % 4)
    p1 = np.where(same[:, None], np.column_stack((elbow, p0[:, 1])), p0)
    p2 = np.where(same[:, None], np.column_stack((elbow, p3[:, 1])), p3)
    body = np.stack((np.hstack((p0, p1)), np.hstack((p1, p2)), np.hstack((p2, p3))), axis=1)
    keep = np.ones((count, 3), bool)
    keep[:, 0] = same
    keep[:, 2] = same
    edge_ids = np.repeat(np.arange(count), keep.sum(axis=1))
    vector = p3 - np.where(same[:, None], p2, p0)
    heads = np.flatnonzero(arrows)
    middle = np.where(same[:, None], np.column_stack((elbow, (p0[:, 1] + p3[:, 1]) / 2)), (p0 + p3) / 2)
    return EdgeGeometry(body[keep], edge_ids.astype(np.int64), middle, p3[heads],
                        np.arctan2(vector[heads, 1], vector[heads, 0]), heads.astype(np.int64))
