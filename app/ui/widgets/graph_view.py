"""The estate dependency graph: systems as nodes, integrations and replaced-by links as batched edges.

``EstateGraphView`` keeps a ``dict[system id, NodeItem]`` in step with the ``Document``: structural changes
re-run ``layout_estate`` and move, add or remove only the nodes concerned (never ``scene.clear()``);
field edits update the named nodes in place. All edges live in one ``EdgeLayerItem``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QGraphicsItem, QGraphicsView, QToolTip, QWidget

from app.engine.edits import ChangeSet
from app.engine.impact import Impact, ImpactIndex
from app.engine.layout import EstateLayout, layout_estate
from app.engine.model import Plan, System
from app.ui.document import Document
from app.ui.selection import SystemSelection
from app.ui.widgets import graph_export
from app.ui.widgets.graph_content import (
    ColourMode,
    edge_emphasis,
    edge_geometry,
    legend_entries,
    node_colours,
    node_emphasis,
    plan_edges,
    system_tooltip,
)
from app.ui.widgets.graph_items import (
    PRINT_GRAPH_COLOURS,
    Emphasis,
    GraphColours,
    GraphScene,
    NodeItem,
    graph_colours,
)
from app.ui.widgets.graph_layers import BackdropItem, EdgeLayerItem

MIN_SCALE = 0.03
MAX_SCALE = 4.0
ZOOM_STEP = 1.25
_LAYOUT_FIELDS = ("estate", "phase", "replaced_by")  # system fields that move nodes


class EstateGraphView(QGraphicsView):
    """Zoomable, pannable picture of the estate that shares its selection with the other views.

    Args:
        document: the open document.
        selection: the shared system selection.
        parent: the owning widget.

    Signals:
        legend_changed(): the colours or the groups they stand for changed.
        impact_changed(object): the impact shown changed (an ``Impact``, or ``None`` when cleared).
    """

    legend_changed = Signal()
    impact_changed = Signal(object)

    def __init__(self, document: Document, selection: SystemSelection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._selection = selection
        self._scene = GraphScene(self)
        self._nodes: dict[str, NodeItem] = {}
        self._edges = EdgeLayerItem()
        # The whole-estate frame is mostly edges: keep their pixels between repaints at the same zoom (the
        # cache covers only the part of the layer on screen). Exports switch caching off.
        self._edges.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._backdrop = BackdropItem()
        self._scene.addItem(self._backdrop)
        self._scene.addItem(self._edges)
        self._edge_list = plan_edges(document.plan)
        self._layout = EstateLayout({}, 0.0, 0.0)
        self._colour_by: ColourMode = "kind"
        self._highlighted: set[str] = set()
        self._impact: Impact | None = None
        self._impact_index: ImpactIndex | None = None
        self._impact_follows_selection = False
        self._clicking = False
        self._press_position: QPointF | None = None
        self._auto_fit = True  # keep fitting on resize until the user zooms or a selection is centred
        self.layout_generation = 0  # bumped on every full relayout (tests check edits avoid it)

        self.setScene(self._scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Estate dependency graph"))
        self.setAccessibleDescription(self.tr(
            "Systems of the current estate on the left and the target estate on the right. Click a system "
            "to select it; Ctrl+wheel or Ctrl+plus and Ctrl+minus zoom, F fits, arrow keys pan."))

        document.plan_changed.connect(self._on_document_plan_changed)
        selection.selection_changed.connect(self._on_selection_selection_changed)
        self._set_colours(graph_colours(self.palette()))
        self._relayout()
        self._on_selection_selection_changed(selection.ids)

    # --- state ------------------------------------------------------------------------------------------

    @property
    def nodes(self) -> dict[str, NodeItem]:
        """The node item of every system, by id (do not modify)."""
        return self._nodes

    @property
    def edge_layer(self) -> EdgeLayerItem:
        """The single item that paints every edge."""
        return self._edges

    @property
    def estate_layout(self) -> EstateLayout:
        """The layout the nodes were placed by."""
        return self._layout

    @property
    def colour_by(self) -> ColourMode:
        """What node fills stand for: ``kind`` or ``phase``."""
        return self._colour_by

    @property
    def impact(self) -> Impact | None:
        """The impact currently highlighted, if any."""
        return self._impact

    @property
    def impact_index(self) -> ImpactIndex:
        """An impact index of the current plan (built on first use after each change)."""
        if self._impact_index is None or self._impact_index.plan is not self._document.plan:
            self._impact_index = ImpactIndex(self._document.plan)
        return self._impact_index

    @property
    def zoom(self) -> float:
        """The current scale (1.0 is one scene unit per pixel)."""
        return self.transform().m11()

    def node_at(self, point: QPoint) -> NodeItem | None:
        """Return the node under ``point`` (viewport coordinates), if any."""
        for item in self.items(point):
            if isinstance(item, NodeItem):
                return item
        return None

    def legend(self) -> list[tuple[str, QColor]]:
        """Return ``(label, fill)`` for each group the node colours stand for."""
        return legend_entries(self._document.plan, self._colour_by, self.tr("No phase"))

    def set_colour_by(self, mode: ColourMode) -> None:
        """Fill nodes by component ``kind`` or by ``phase``."""
        if mode != self._colour_by:
            self._colour_by = mode
            self._recolour(self._document.plan.systems)
            self.legend_changed.emit()

    # --- zoom and navigation -----------------------------------------------------------------------------

    def zoom_by(self, factor: float) -> None:
        """Scale the view by ``factor``, kept between ``MIN_SCALE`` and ``MAX_SCALE``."""
        self._auto_fit = False
        target = min(MAX_SCALE, max(MIN_SCALE, self.zoom * factor))
        if not math.isclose(target, self.zoom):
            self.scale(target / self.zoom, target / self.zoom)

    def zoom_in(self) -> None:
        """Zoom in one step."""
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        """Zoom out one step."""
        self.zoom_by(1 / ZOOM_STEP)

    def fit(self) -> None:
        """Show the whole estate (never magnified beyond 1.5)."""
        rect = self._scene.sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.5:
            self.zoom_by(1.5 / self.zoom)
        self._auto_fit = True

    def centre_on(self, ids: list[str] | tuple[str, ...]) -> None:
        """Scroll so the nodes of ``ids`` are in the middle of the view."""
        items = [self._nodes[i] for i in ids if i in self._nodes]
        if not items:
            return
        area = QRectF()
        for item in items:
            area = area.united(item.sceneBoundingRect())
        self._auto_fit = False
        self.centerOn(area.center())

    # --- impact ------------------------------------------------------------------------------------------

    def show_impact(self, system_id: str | None) -> None:
        """Dim everything but ``system_id``, its upstream and downstream systems and their links.

        ``None`` or an unknown id clears the highlight.
        """
        if system_id is None or system_id not in self._nodes:
            self.clear_impact()
            return
        impact = self.impact_index.impact_of(system_id)
        for node_id, emphasis in node_emphasis(impact, self._nodes).items():
            self._nodes[node_id].set_emphasis(emphasis)
        self._edges.set_emphasis(edge_emphasis(impact, self._edge_list))
        self._impact = impact
        self.impact_changed.emit(impact)

    def clear_impact(self) -> None:
        """Draw every node and edge normally again."""
        if self._impact is None:
            return
        for node in self._nodes.values():
            node.set_emphasis(Emphasis.NORMAL)
        self._edges.set_emphasis(None)
        self._impact = None
        self.impact_changed.emit(None)

    def set_impact_follows_selection(self, on: bool) -> None:
        """Show the impact of the current selection, now and whenever it changes (or stop doing so)."""
        self._impact_follows_selection = on
        self.show_impact(self._selection.current if on else None)

    # --- export ------------------------------------------------------------------------------------------

    def export_png(self, path: str | Path, scale: float = 1.0) -> bool:
        """Write the whole graph as a PNG image (``scale`` pixels per scene unit); returns success."""
        with self._print_colours():
            return graph_export.export_png(self._scene, path, scale)

    def export_svg(self, path: str | Path) -> None:
        """Write the whole graph as an SVG drawing."""
        with self._print_colours():
            graph_export.export_svg(self._scene, path, self.tr("Estate dependency graph"),
                                    self._document.plan.project.name)

    @contextmanager
    def _print_colours(self) -> Iterator[None]:
        """Draw in the print colours (on white) while exporting, then in the screen's again."""
        screen = self._scene.colours
        self._set_colours(PRINT_GRAPH_COLOURS)
        try:
            yield
        finally:
            self._set_colours(screen)

    # --- appearance -------------------------------------------------------------------------------------

    @property
    def colours(self) -> GraphColours:
        """The colours the graph is drawn in (from the palette)."""
        return self._scene.colours

    def _set_colours(self, colours: GraphColours) -> None:
        self._scene.colours = colours
        self._scene.setBackgroundBrush(colours.background)
        self._edges.set_colours(colours)
        self._scene.update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """Follow a change of theme."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._set_colours(graph_colours(self.palette()))
            for node in self._nodes.values():
                node.update()  # refresh their cached pixels
            self.legend_changed.emit()

    # --- building ----------------------------------------------------------------------------------------

    def _relayout(self) -> None:
        """Lay the plan out again, reusing the nodes of systems that still exist."""
        plan = self._document.plan
        layout = layout_estate(plan)
        known = plan.system_by_id
        for system_id in [i for i in self._nodes if i not in known]:
            self._scene.removeItem(self._nodes.pop(system_id))
            self._highlighted.discard(system_id)
        for system in plan.systems:
            node = self._nodes.get(system.id)
            if node is None:
                node = NodeItem(system, layout.node_size)
                self._nodes[system.id] = node
                self._scene.addItem(node)
            elif node.system is not system:
                node.set_system(system)
            x, y = layout.positions[system.id]
            if node.pos() != QPointF(x, y):
                node.setPos(x, y)
        self._layout = layout
        self._edge_list = plan_edges(plan)
        self._edges.set_edges(edge_geometry(self._edge_list, layout), self._edge_list.styles)
        self._backdrop.set_layout(layout, self._lane_titles(plan, layout),
                                  (self.tr("Current estate"), self.tr("Target estate")))
        self._scene.setSceneRect(QRectF(0, 0, layout.width, layout.height))
        self._recolour(plan.systems)
        self.layout_generation += 1
        self.legend_changed.emit()

    def _refresh_systems(self, ids: frozenset[str]) -> bool:
        """Update the named nodes in place; returns False when a change needs a new layout."""
        plan = self._document.plan
        changed: list[System] = []
        for system_id in ids:
            system = plan.system_by_id.get(system_id)
            node = self._nodes.get(system_id)
            if system is None or node is None:
                return False
            if any(getattr(system, f) != getattr(node.system, f) for f in _LAYOUT_FIELDS):
                return False
            changed.append(system)
        for system in changed:
            node = self._nodes[system.id]
            node.set_system(system)
        self._recolour(changed)
        return True

    def _recolour(self, systems: tuple[System, ...] | list[System]) -> None:
        colours = node_colours(self._document.plan, self._colour_by)
        for system in systems:
            node = self._nodes.get(system.id)
            if node is not None:
                node.set_fill(colours[system.id])

    def _lane_titles(self, plan: Plan, layout: EstateLayout) -> list[str]:
        phases = plan.phase_by_id
        return [phases[lane.phase].name or lane.phase if lane.phase in phases else
                (lane.phase or self.tr("No phase")) for lane in layout.lanes]

    def tooltip_text(self, system_id: str) -> str:
        """Return the hover text of a system (built when asked: thousands of nodes need no strings)."""
        plan = self._document.plan
        labels = {"name": self.tr("Name"), "id": self.tr("Id"), "estate": self.tr("Estate"),
                  "current": self.tr("Current"), "target": self.tr("Target"), "kind": self.tr("Kind"),
                  "vendor": self.tr("Vendor"), "seats": self.tr("Seats"), "phase": self.tr("Phase"),
                  "none": self.tr("None"), "replaced_by": self.tr("Replaced by")}
        return system_tooltip(plan, plan.system_by_id[system_id], labels)

    # --- document and selection ----------------------------------------------------------------------------

    def _on_document_plan_changed(self, changes: ChangeSet) -> None:
        touched = changes.touches("systems") or changes.touches("integrations")
        if changes.touches("integrations") or (changes.touches("systems") and (
                changes.structural or not changes.ids or not self._refresh_systems(changes.ids))):
            self._relayout()
            if changes.touches("project") and changes.structural:
                self.fit()  # a different plan was loaded
        elif changes.touches("phases"):
            self._relayout_titles()
        if touched or changes.touches("phases"):
            self._highlight(self._selection.ids)
            if self._impact is not None or self._impact_follows_selection:
                self.show_impact(self._impact.system if self._impact else self._selection.current)
            if not changes.structural:
                self.legend_changed.emit()

    def _relayout_titles(self) -> None:
        """Phases were renamed or reordered: refresh lane titles, tooltips and phase colours."""
        plan = self._document.plan
        self._backdrop.set_layout(self._layout, self._lane_titles(plan, self._layout),
                                  (self.tr("Current estate"), self.tr("Target estate")))
        self._recolour(plan.systems)

    def _on_selection_selection_changed(self, ids: tuple[str, ...]) -> None:
        self._highlight(ids)
        if ids and not self._clicking:
            self.centre_on(ids)
        if self._impact_follows_selection:
            self.show_impact(self._selection.current)

    def _highlight(self, ids: tuple[str, ...]) -> None:
        wanted = {i for i in ids if i in self._nodes}
        for system_id in self._highlighted - wanted:
            if system_id in self._nodes:
                self._nodes[system_id].set_highlighted(False)
        for system_id in wanted - self._highlighted:
            self._nodes[system_id].set_highlighted(True)
        self._highlighted = wanted

    # --- gestures ------------------------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Show a system's details when the pointer rests on its node."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            node = self.node_at(event.pos())
            if node is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_text(node.system_id), self.viewport())
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """Select the clicked system (Ctrl toggles it); on the background, start panning."""
        self._press_position = None
        if event.button() == Qt.MouseButton.LeftButton:
            node = self.node_at(event.position().toPoint())
            if node is not None:
                ids = [node.system_id]
                if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                    current = list(self._selection.ids)
                    ids = [i for i in current if i != node.system_id] if node.system_id in current \
                        else [*current, node.system_id]
                self._clicking = True
                try:
                    self._selection.set_selected(ids)
                finally:
                    self._clicking = False
                event.accept()
                return
            self._press_position = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """A click on the background (not a drag) clears the selection."""
        super().mouseReleaseEvent(event)
        start, self._press_position = self._press_position, None
        if start is not None and (event.position() - start).manhattanLength() < 4:
            self._selection.set_selected(())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Keep the whole estate in view until the user zooms or a selection is centred."""
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        """Ctrl+wheel zooms about the pointer; the plain wheel scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(ZOOM_STEP ** steps)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """F fits, Ctrl++ / Ctrl+- zoom, Escape clears the selection; arrow keys pan (base class)."""
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() == Qt.Key.Key_Equal):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_out()
        elif event.key() == Qt.Key.Key_F and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.fit()
        elif event.key() == Qt.Key.Key_Escape and self._selection.ids:
            self._selection.set_selected(())
        else:
            super().keyPressEvent(event)
            return
        event.accept()
