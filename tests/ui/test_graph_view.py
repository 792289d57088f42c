"""Graph page: a node per system, click and shared selection, colours, incremental refresh, impact, export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from app.engine.edits import InsertItem, RemoveItem, set_item_fields
from app.engine.model import System
from app.storage.interchange import read_json
from app.ui.document import Document
from app.ui.pages.graph_page import GraphPage
from app.ui.selection import SystemSelection
from app.ui.widgets.graph_items import Emphasis, NodeItem
from tests.conftest import SAMPLES


@pytest.fixture
def document() -> Document:
    """A document holding the Midshire sample."""
    return Document(read_json(SAMPLES / "midshire.json"))


@pytest.fixture
def selection() -> SystemSelection:
    """A fresh shared selection."""
    return SystemSelection()


@pytest.fixture
def page(hosted: Callable[[QWidget], QWidget], document: Document, selection: SystemSelection) -> GraphPage:
    """The graph page, shown at a typical size inside a main window (as the app hosts it)."""
    return hosted(GraphPage(document, selection))  # type: ignore[return-value]


def _node_point(page: GraphPage, system_id: str) -> QPoint:
    view = page.view
    return view.mapFromScene(view.nodes[system_id].sceneBoundingRect().center())


def test_one_node_per_system_and_one_edge_layer(page: GraphPage, document: Document) -> None:
    view = page.view
    assert set(view.nodes) == {s.id for s in document.plan.systems}
    assert sum(isinstance(item, NodeItem) for item in view.scene().items()) == len(document.plan.systems)
    assert len(view.scene().items()) == len(document.plan.systems) + 2  # nodes, edge layer, backdrop
    replaced = sum(len(s.replaced_by) for s in document.plan.systems)
    assert view.edge_layer.edge_count == len(document.plan.integrations) + replaced


def test_clicking_a_node_selects_it(page: GraphPage, qtbot: QtBot, selection: SystemSelection) -> None:
    page.view.centre_on(["A24"])
    with qtbot.waitSignal(selection.selection_changed):
        qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=_node_point(page, "A24"))
    assert selection.ids == ("A24",)
    assert page.view.nodes["A24"].highlighted
    assert "Council CRM" in page.impact_panel.toPlainText()


def test_tooltip_lists_the_details(page: GraphPage) -> None:
    text = page.view.tooltip_text("A13")
    for expected in ("Legacy PBX/ACD/IVR", "A13", "Current", "Contact-centre platform / tenant",
                     "P5 Decommission & hypercare", "CCaaS tenant (dev/test/prod) (A07)", "Seats", "Vendor"):
        assert expected in text


def test_the_edge_layer_is_never_hit(page: GraphPage) -> None:
    view = page.view
    view.fit()
    layer = view.edge_layer
    assert not layer.contains(layer.boundingRect().center())
    for node_id in ("A07", "A13"):
        assert view.node_at(_node_point(page, node_id)) is view.nodes[node_id]


def test_selection_from_elsewhere_highlights_and_centres(page: GraphPage, selection: SystemSelection) -> None:
    view = page.view
    view.zoom_by(3.0)
    selection.set_selected(["A13", "L04"])
    assert view.nodes["A13"].highlighted and view.nodes["L04"].highlighted
    assert not view.nodes["A07"].highlighted
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    area = view.nodes["A13"].sceneBoundingRect().united(view.nodes["L04"].sceneBoundingRect())
    assert visible.contains(area)
    # Centred, except where the scroll range ends (A13 and L04 sit near the bottom of the scene).
    for offset, bar in ((visible.center().x() - area.center().x(), view.horizontalScrollBar()),
                        (visible.center().y() - area.center().y(), view.verticalScrollBar())):
        assert abs(offset) < 5 or bar.value() in (bar.minimum(), bar.maximum())
    selection.set_selected([])
    assert not view.nodes["A13"].highlighted


def test_colour_by_phase_changes_node_brushes(page: GraphPage) -> None:
    view = page.view
    by_kind = {k: n.fill.name() for k, n in view.nodes.items()}
    legend_kind = page.legend.count()
    page.colour_combo.setCurrentIndex(page.colour_combo.findData("phase"))
    assert view.colour_by == "phase"
    by_phase = {k: n.fill.name() for k, n in view.nodes.items()}
    assert by_phase != by_kind
    assert by_phase["A15"] == by_phase["A16"]  # both P2
    assert by_phase["A15"] != by_phase["A18"]  # P2 vs W3
    assert page.legend.count() != legend_kind
    assert page.legend.findItems("P2 Design, build, integrate", Qt.MatchFlag.MatchExactly)


def test_rename_updates_the_label_without_relayout(page: GraphPage, document: Document) -> None:
    view = page.view
    node = view.nodes["A24"]
    generation = view.layout_generation
    position = node.pos()
    document.push(set_item_fields(document.plan, "systems", "A24", name="Council CRM (Dynamics 365)"))
    assert view.nodes["A24"] is node
    assert view.layout_generation == generation
    assert node.pos() == position
    assert " ".join(node.label_lines) == "Council CRM (Dynamics 365)"
    assert "Council CRM (Dynamics 365)" in view.tooltip_text("A24")


def test_adding_and_removing_a_system_changes_the_nodes(page: GraphPage, document: Document) -> None:
    view = page.view
    kept = view.nodes["A07"]
    document.push(InsertItem("systems", System("A99", "New wallboard", "target", "reporting", phase="P2")))
    assert "A99" in view.nodes
    assert view.nodes["A07"] is kept  # existing nodes are reused, not rebuilt
    assert view.nodes["A99"].scene() is view.scene()
    document.push(RemoveItem("systems", "A99"))
    assert "A99" not in view.nodes
    document.undo_stack.undo()
    assert "A99" in view.nodes


def test_impact_dims_unrelated_nodes(page: GraphPage, selection: SystemSelection) -> None:
    view = page.view
    selection.set_selected(["A24"])
    page.impact_action.setChecked(True)
    impact = view.impact
    assert impact is not None and impact.system == "A24"
    nodes = view.nodes
    assert nodes["A24"].emphasis == Emphasis.NORMAL
    assert {k for k, n in nodes.items() if n.emphasis == Emphasis.DOWNSTREAM} == set(impact.downstream)
    assert {k for k, n in nodes.items() if n.emphasis == Emphasis.UPSTREAM} == set(impact.upstream)
    unrelated = set(nodes) - {"A24", *impact.upstream, *impact.downstream}
    assert unrelated and all(nodes[k].emphasis == Emphasis.DIMMED for k in unrelated)
    assert all(nodes[k].opacity() < 0.5 for k in unrelated)
    assert (view.edge_layer.emphasis == Emphasis.DIMMED).any()
    assert (view.edge_layer.emphasis >= Emphasis.UPSTREAM).any()
    page.impact_action.setChecked(False)
    assert all(n.emphasis == Emphasis.NORMAL for n in nodes.values())


def test_keyboard_zoom_and_fit(page: GraphPage, qtbot: QtBot) -> None:
    view = page.view
    view.setFocus()
    fitted = view.zoom
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom > fitted
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom < fitted
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert view.zoom == pytest.approx(fitted)


def test_exports_write_whole_pictures(page: GraphPage, tmp_path: Path) -> None:
    png, svg = tmp_path / "graph.png", tmp_path / "graph.svg"
    assert page.view.export_png(png)
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 0 and image.height() > 0
    rect = page.view.scene().sceneRect()
    assert image.width() == pytest.approx(rect.width(), abs=1)
    # Edges reach the far right of the picture (the edge layer is not clipped to a view-sized area).
    right_band = [image.pixelColor(x, y).name() for x in range(image.width() - 400, image.width() - 200, 4)
                  for y in range(0, image.height(), 8)]
    assert any(c not in ("#ffffff", "#edf2fb") for c in right_band)
    page.view.export_svg(svg)
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and text.count("<polyline") + text.count("<path") + text.count("<line") > 50
    assert "<image" not in text  # on-screen pixel caches never leak into the vector export
    assert all(item.cacheMode() == item.CacheMode.DeviceCoordinateCache for item in page.view.nodes.values())


def test_export_actions_ask_for_a_path(page: GraphPage, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "picture"
    monkeypatch.setattr(GraphPage, "_ask_export_path",
                        lambda self, title, file_filter, suffix: target.with_suffix(suffix))
    page.export_png_action.trigger()
    page.export_svg_action.trigger()
    assert target.with_suffix(".png").stat().st_size > 0
    assert target.with_suffix(".svg").stat().st_size > 0


def test_controls_have_accessible_names_and_shortcuts(page: GraphPage) -> None:
    for widget in page.findChildren(QWidget):
        if isinstance(widget, (QAbstractButton, QComboBox)) and widget.isVisible():
            assert widget.accessibleName(), widget
    for widget in (page.view, page.legend, page.impact_panel, page.colour_combo):
        assert widget.accessibleName()
    for action in (page.fit_action, page.zoom_in_action, page.zoom_out_action, page.impact_action,
                   page.export_png_action, page.export_svg_action):
        assert not action.shortcut().isEmpty() and action.statusTip()
