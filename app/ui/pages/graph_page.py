"""The Graph page: the estate dependency graph with its toolbar, colour legend and impact panel."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPalette, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import ChangeSet
from app.engine.impact import Impact
from app.ui.appearance import status_ink
from app.ui.document import Document
from app.ui.file_dialogs import ask_save_path
from app.ui.selection import SystemSelection
from app.ui.widgets.graph_content import COLOUR_MODES, ColourMode
from app.ui.widgets.graph_items import (
    DOWNSTREAM_COLOUR,
    UPSTREAM_COLOUR,
    EdgeStyle,
    GraphColours,
    edge_pen,
)
from app.ui.widgets.graph_view import EstateGraphView
from app.ui.widgets.keyboard_access import offer_in_context_menu, put_tools_in_tab_order

_SWATCH = QSize(28, 16)


class GraphPage(QWidget):
    """The estate graph, a toolbar (fit, zoom, colour by, impact, export), a legend and an impact panel.

    Args:
        document: the open document.
        selection: the system selection shared with the other pages.
        parent: the owning widget.
    """

    def __init__(self, document: Document, selection: SystemSelection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._selection = selection
        self.view = EstateGraphView(document, selection, self)

        self.toolbar = QToolBar(self.tr("Graph tools"), self)
        self.toolbar.setAccessibleName(self.tr("Graph tools"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.fit_action = self._action(self.tr("&Fit"), self.tr("Show the whole estate"), "F", self.view.fit)
        self.zoom_in_action = self._action(self.tr("Zoom &in"), self.tr("Zoom in on the graph"),
                                           QKeySequence.StandardKey.ZoomIn, self.view.zoom_in)
        self.zoom_in_action.setShortcuts([*self.zoom_in_action.shortcuts(), QKeySequence("Ctrl+=")])
        self.zoom_out_action = self._action(self.tr("Zoom &out"), self.tr("Zoom out of the graph"),
                                            QKeySequence.StandardKey.ZoomOut, self.view.zoom_out)
        self.toolbar.addSeparator()
        colour_label = QLabel(self.tr("C&olour by:"), self)
        self.colour_combo = QComboBox(self)
        self.colour_combo.addItem(self.tr("Kind"), "kind")
        self.colour_combo.addItem(self.tr("Phase"), "phase")
        self.colour_combo.setAccessibleName(self.tr("Colour systems by"))
        self.colour_combo.setToolTip(self.tr("Fill each system by its component kind or by its phase"))
        colour_label.setBuddy(self.colour_combo)
        self.toolbar.addWidget(colour_label)
        self.toolbar.addWidget(self.colour_combo)
        self.toolbar.addSeparator()
        self.impact_action = self._action(
            self.tr("Show &impact"), self.tr("Dim everything the selected system does not affect"),
            "Ctrl+I", None)
        self.impact_action.setCheckable(True)
        self.impact_action.toggled.connect(self._on_impact_action_toggled)
        self.toolbar.addSeparator()
        self.export_png_action = self._action(
            self.tr("Export &PNG…"), self.tr("Save the graph as a PNG image"), "Ctrl+E", self._export_png)
        self.export_svg_action = self._action(
            self.tr("Export &SVG…"), self.tr("Save the graph as an SVG drawing"), "Ctrl+Shift+E",
            self._export_svg)

        self.legend = QListWidget(self)
        self.legend.setAccessibleName(self.tr("Graph legend"))
        self.legend.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.legend.setIconSize(_SWATCH)
        self.legend.setWordWrap(True)
        self.legend.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.legend.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.impact_panel = QTextBrowser(self)
        self.impact_panel.setAccessibleName(self.tr("Impact of the selected system"))
        self.impact_panel.setOpenLinks(False)
        legend_title = QLabel(self.tr("&Legend"), self)
        legend_title.setBuddy(self.legend)
        impact_title = QLabel(self.tr("I&mpact of the selected system"), self)
        impact_title.setBuddy(self.impact_panel)

        side = QSplitter(Qt.Orientation.Vertical, self)
        for title, widget in ((legend_title, self.legend), (impact_title, self.impact_panel)):
            box = QWidget(side)
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(6, 4, 4, 0)
            box_layout.addWidget(title)
            box_layout.addWidget(widget)
            side.addWidget(box)
        side.setStretchFactor(0, 1)
        side.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([900, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter)
        for name, action in self._actions().items():
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
                button.setObjectName(f"graph_{name}_button")
        put_tools_in_tab_order(self.toolbar, self.tr("More graph tools"))
        offer_in_context_menu(self.view, self._actions().values())
        QWidget.setTabOrder(self.colour_combo, self.view)
        QWidget.setTabOrder(self.view, self.legend)
        QWidget.setTabOrder(self.legend, self.impact_panel)

        self.colour_combo.currentIndexChanged.connect(self._on_colour_combo_current_index_changed)
        self.view.legend_changed.connect(self._on_view_legend_changed)
        selection.selection_changed.connect(self._on_selection_selection_changed)
        document.plan_changed.connect(self._on_document_plan_changed)
        self._on_view_legend_changed()
        self._show_impact_text()

    def _action(self, text: str, tip: str, shortcut: QKeySequence.StandardKey | str,
                slot: Callable[[], None] | None) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        self.addAction(action)
        self.toolbar.addAction(action)
        return action

    def _actions(self) -> dict[str, QAction]:
        return {"fit": self.fit_action, "zoom_in": self.zoom_in_action, "zoom_out": self.zoom_out_action,
                "impact": self.impact_action, "export_png": self.export_png_action,
                "export_svg": self.export_svg_action}

    # --- legend -----------------------------------------------------------------------------------------

    def _on_view_legend_changed(self) -> None:
        self.legend.clear()
        heading = self.tr("Colour: kind") if self.view.colour_by == "kind" else self.tr("Colour: phase")
        self._legend_heading(heading)
        colours = self.view.colours  # the swatches match the graph in the current theme
        for label, colour in self.view.legend():
            self._legend_row(label, _swatch(colours.node_fill(colour), colours.lane_title))
        self._legend_heading(self.tr("Systems"))
        ground = colours.background
        self._legend_row(self.tr("Current estate (dashed border)"),
                         _swatch(ground, colours.current_border, True))
        self._legend_row(self.tr("Target estate (rounded border)"), _swatch(ground, colours.target_border))
        self._legend_row(self.tr("Selected"), _swatch(ground, colours.selection, width=4))
        self._legend_row(self.tr("Upstream (it depends on)"), _swatch(ground, colours.upstream, width=3))
        self._legend_row(self.tr("Downstream (depends on it)"), _swatch(ground, colours.downstream, width=3))
        self._legend_heading(self.tr("Links"))
        self._legend_row(self.tr("Dependency (source first)"), _line(EdgeStyle.DEPENDENCY, colours))
        self._legend_row(self.tr("Data flow"), _line(EdgeStyle.DATA_FLOW, colours))
        self._legend_row(self.tr("Replaced by"), _line(EdgeStyle.REPLACED_BY, colours))
        self._legend_row(self.tr("Coexistence bridge (◆)"), _line(EdgeStyle.BRIDGE, colours))

    def _legend_heading(self, text: str) -> None:
        item = QListWidgetItem(text, self.legend)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)

    def _legend_row(self, text: str, icon: QIcon) -> None:
        item = QListWidgetItem(icon, text, self.legend)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setToolTip(text)

    # --- impact -----------------------------------------------------------------------------------------

    def _show_impact_text(self) -> None:
        """List what the selected system affects, or say how to pick one."""
        system_id = self._selection.current
        plan = self._document.plan
        if system_id is None or system_id not in plan.system_by_id:
            hint = self.tr("Select a system to see what it affects.")
            self.impact_panel.setHtml(f"<p>{html.escape(hint)}</p>")
            return
        impact = self.view.impact_index.impact_of(system_id)
        self.impact_panel.setHtml(self._impact_html(impact))

    def _impact_html(self, impact: Impact) -> str:
        plan = self._document.plan
        systems = plan.system_by_id
        links = {link.id: link for link in plan.integrations}

        def system_rows(ids: tuple[str, ...]) -> str:
            return "".join(f"<li>{html.escape(systems[i].name)} ({html.escape(i)})</li>" for i in ids)

        def link_rows(ids: tuple[str, ...]) -> str:
            rows = []
            for link_id in ids:
                link = links[link_id]
                arrow = "→" if link.dependency else "⇢"
                text = f"{link.id}: {link.source} {arrow} {link.target}"
                if link.name:
                    text += f" — {link.name}"
                rows.append(f"<li>{html.escape(text)}</li>")
            return "".join(rows)

        parts = [f"<p>{html.escape(impact.summary)}</p>"]
        palette = self.impact_panel.palette()
        sections = (
            (self.tr("Upstream"), status_ink(UPSTREAM_COLOUR, palette), system_rows(impact.upstream),
             len(impact.upstream)),
            (self.tr("Downstream"), status_ink(DOWNSTREAM_COLOUR, palette), system_rows(impact.downstream),
             len(impact.downstream)),
            (self.tr("Integrations"), palette.color(QPalette.ColorRole.Text), link_rows(impact.integrations),
             len(impact.integrations)),
        )
        for title, colour, body, count in sections:
            heading = self.tr("{title} ({count})").format(title=title, count=count)
            parts.append(f"<h4 style='color:{colour.name()}'>{html.escape(heading)}</h4>")
            parts.append(f"<ul>{body}</ul>" if count else f"<p>{html.escape(self.tr('None'))}</p>")
        return "".join(parts)

    # --- slots ------------------------------------------------------------------------------------------

    def _on_colour_combo_current_index_changed(self, index: int) -> None:
        mode: ColourMode = COLOUR_MODES[COLOUR_MODES.index(self.colour_combo.itemData(index))]
        self.view.set_colour_by(mode)

    def _on_impact_action_toggled(self, on: bool) -> None:
        self.view.set_impact_follows_selection(on)

    def _on_selection_selection_changed(self, _ids: tuple[str, ...]) -> None:
        self._show_impact_text()

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        self._show_impact_text()

    # --- export -----------------------------------------------------------------------------------------

    def _ask_export_path(self, title: str, file_filter: str, suffix: str) -> Path | None:
        """Ask where to export; ``None`` when cancelled (tests replace this)."""
        stem = self._document.display_name.rsplit(".", 1)[0] or "estate"
        return ask_save_path(self, title, f"{stem}-graph{suffix}", file_filter, suffix)

    def _export_png(self) -> None:
        path = self._ask_export_path(self.tr("Export graph as PNG"), self.tr("PNG images (*.png)"), ".png")
        if path is not None and not self.view.export_png(path):
            QMessageBox.warning(self, self.tr("Export failed"),
                                self.tr("Could not write {path}.").format(path=path))

    def _export_svg(self) -> None:
        path = self._ask_export_path(self.tr("Export graph as SVG"), self.tr("SVG drawings (*.svg)"), ".svg")
        if path is not None:
            self.view.export_svg(path)


def _swatch(fill: QColor, border: QColor, dashed: bool = False, width: float = 1.5) -> QIcon:
    pixmap = QPixmap(_SWATCH)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(border, width)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    painter.setPen(pen)
    painter.setBrush(fill)
    painter.drawRoundedRect(2, 2, _SWATCH.width() - 4, _SWATCH.height() - 4, 4, 4)
    painter.end()
    return QIcon(pixmap)


def _line(style: EdgeStyle, colours: GraphColours) -> QIcon:
    pixmap = QPixmap(_SWATCH)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(edge_pen(style, colours=colours))
    middle = _SWATCH.height() // 2
    painter.drawLine(1, middle, _SWATCH.width() - 2, middle)
    if style == EdgeStyle.BRIDGE:
        painter.setBrush(edge_pen(style, colours=colours).color())
        centre = _SWATCH.width() / 2
        painter.drawPolygon(QPolygonF([QPointF(centre, middle - 5), QPointF(centre + 5, middle),
                                       QPointF(centre, middle + 5), QPointF(centre - 5, middle)]))
    painter.end()
    return QIcon(pixmap)
