"""The window follows the system's font size and a high-contrast palette, painted charts included.

A 20 pt application font and a high-contrast palette (black window and base, white text, yellow highlight)
are set before the window is built: every page's text must be at least that large, and every painted chart
(the timeline's bar labels, the graph's node labels, the RAG banner and tiles) must take its text colour from
the palette, with status colours made legible on the theme's background and always named in words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt, QThreadPool
from PySide6.QtGui import QColor, QFont, QFontInfo, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.charts.status_charts import RAG_COLOURS
from app.ui.appearance import TEXT_CONTRAST, contrast, font_scale, legible, luminance, relative_font
from app.ui.main_window import MainWindow
from app.ui.widgets.gantt_style import PRINT_COLOURS, timeline_colours
from app.ui.widgets.graph_items import PRINT_GRAPH_COLOURS, graph_colours
from app.ui.widgets.tracking_bar import TrackingBar
from app.ui.widgets.tracking_status_models import PHASE_KEYS
from tests.conftest import SAMPLES

POINTS = 20.0
TEXT_WIDGETS = (QLabel, QAbstractItemView, QLineEdit, QAbstractButton, QComboBox, QAbstractSpinBox, QTextEdit)
# A size in a style sheet or in rich text that does not scale with the application font.
FIXED_SIZE = re.compile(r"font-size\s*:\s*\d+(\.\d+)?\s*(px|pt)", re.IGNORECASE)


def high_contrast_palette() -> QPalette:
    """White on black with a yellow highlight, as Windows' "High Contrast Black" theme."""
    palette = QPalette()
    black, white, yellow = QColor("black"), QColor("white"), QColor("#ffff00")
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, black), (roles.Base, black), (roles.AlternateBase, QColor("#1a1a1a")),
                         (roles.Button, black), (roles.ToolTipBase, black), (roles.WindowText, white),
                         (roles.Text, white), (roles.ButtonText, white), (roles.ToolTipText, white),
                         (roles.BrightText, yellow), (roles.Highlight, yellow),
                         (roles.HighlightedText, black), (roles.PlaceholderText, QColor("#c0c0c0")),
                         (roles.Link, QColor("#8080ff")), (roles.Light, QColor("#808080")),
                         (roles.Midlight, QColor("#606060")), (roles.Mid, QColor("#808080")),
                         (roles.Dark, QColor("#c0c0c0")), (roles.Shadow, white)):
        palette.setColor(role, colour)
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#00ff00"))  # HC shows disabled in green
    return palette


@pytest.fixture
def system_look(qapp: QApplication) -> Iterator[tuple[QFont, QPalette]]:
    """A 20 pt application font and the high-contrast palette, put back afterwards."""
    old_font, old_palette = QApplication.font(), QApplication.palette()
    font = QFont(old_font)
    font.setPointSizeF(POINTS)
    palette = high_contrast_palette()
    QApplication.setFont(font)
    QApplication.setPalette(palette)
    yield font, palette
    QApplication.setFont(old_font)
    QApplication.setPalette(old_palette)


@pytest.fixture
def midshire(system_look: tuple[QFont, QPalette], make_window: Callable[..., MainWindow],
             monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    """Midshire with a baseline (so the RAG banner and status table have colours), built in that look."""
    monkeypatch.setattr(TrackingBar, "ask_baseline_name", lambda self, suggested: suggested)
    window = make_window(SAMPLES / "midshire.json", show=True)
    window.tracking_page.bar.save_baseline()
    yield window
    assert QThreadPool.globalInstance().waitForDone(10_000)


def _pages(window: MainWindow) -> Iterator[tuple[str, QWidget]]:
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        page = window.tabs.widget(index)
        assert page is not None
        yield window.tabs.tabText(index).replace("&", ""), page
        for inner in page.findChildren(QTabWidget):
            for tab in range(1, inner.count()):
                inner.setCurrentIndex(tab)
                QApplication.processEvents()
                yield f"{window.tabs.tabText(index)} ▸ {inner.tabText(tab)}".replace("&", ""), page
            inner.setCurrentIndex(0)


def test_every_shown_text_is_at_least_the_system_font_size(midshire: MainWindow,
                                                           system_look: tuple[QFont, QPalette]) -> None:
    smallest = QFontInfo(system_look[0]).pixelSize()
    assert smallest >= 26  # 20 pt at 96 dpi
    too_small, fixed = [], []
    for title, page in _pages(midshire):
        for widget in [page, *page.findChildren(QWidget)]:
            if not widget.isVisibleTo(midshire):
                continue
            sheet = widget.styleSheet()
            if FIXED_SIZE.search(sheet):
                fixed.append(f"{title}: {type(widget).__name__} style sheet {sheet!r}")
            if isinstance(widget, (QLabel, QTextEdit)):
                text = widget.text() if isinstance(widget, QLabel) else widget.toHtml()
                sizes = {m.group(0) for m in FIXED_SIZE.finditer(text)} - {f"font-size:{POINTS:g}pt"}
                if sizes:  # (a text edit writes its own font, the application's, into its HTML)
                    fixed.append(f"{title}: {type(widget).__name__} {widget.accessibleName()!r} text {sizes}")
            if isinstance(widget, TEXT_WIDGETS) and QFontInfo(widget.font()).pixelSize() < smallest:
                entry = f"{type(widget).__name__} {widget.accessibleName()!r} {widget.font().toString()}"
                if entry not in too_small:
                    too_small.append(f"{title}: {entry}")
    assert too_small == [], "\n".join(too_small)
    assert fixed == [], "\n".join(fixed)


def test_model_fonts_and_colours_follow_the_system(midshire: MainWindow,
                                                   system_look: tuple[QFont, QPalette]) -> None:
    """Bold rows use the application font; the RAG cell is a wash with its word legible on it."""
    font, palette = system_look
    tracking = midshire.tracking_page
    model = tracking.phase_model
    assert model.rowCount() > 0
    column = PHASE_KEYS.index("status")
    for row in range(model.rowCount()):
        index = model.index(row, column)
        fill = index.data(Qt.ItemDataRole.BackgroundRole).color()
        ink = index.data(Qt.ItemDataRole.ForegroundRole).color()
        assert index.data() in ("Red", "Amber", "Green")  # the word, never colour alone
        assert contrast(ink, fill) >= TEXT_CONTRAST
        assert luminance(fill) < 0.2  # a dark wash under the high-contrast theme, not a pale block
        assert QFontInfo(index.data(Qt.ItemDataRole.FontRole)).pixelSize() >= QFontInfo(font).pixelSize()
    totals = midshire.costs_page.fy_model  # its total rows are bold
    fonts = [totals.index(r, c).data(Qt.ItemDataRole.FontRole)
             for r in range(totals.rowCount(QModelIndex())) for c in range(totals.columnCount(QModelIndex()))]
    assert any(f is not None and f.bold() for f in fonts)
    assert all(QFontInfo(f).pixelSize() >= QFontInfo(font).pixelSize() for f in fonts if f is not None)


def test_timeline_draws_in_palette_colours_and_grows_with_the_font(
        midshire: MainWindow, system_look: tuple[QFont, QPalette]) -> None:
    _font, palette = system_look
    view = midshire.timeline_page.view
    midshire.tabs.setCurrentWidget(midshire.timeline_page)
    QApplication.processEvents()
    assert view.label_colour() == palette.color(QPalette.ColorRole.Text)  # bar labels: white
    assert view.colours.background == palette.color(QPalette.ColorRole.Base)
    assert view.colours.text == palette.color(QPalette.ColorRole.Text)
    for colour in (view.colours.muted, *view.colours.markers.values()):  # on the header
        assert contrast(colour, view.colours.header) >= TEXT_CONTRAST
    for colour in (view.colours.muted, view.colours.critical_text):  # names and ids on the rows
        assert contrast(colour, view.colours.background) >= TEXT_CONTRAST
    assert view.chart_scale == pytest.approx(font_scale(), rel=1e-6) and view.chart_scale > 1.9
    assert view.header.height() == view.header_height > 150  # 80 design pixels, doubled
    image = view.viewport().grab().toImage()
    corner = image.pixelColor(image.width() - 3, image.height() - 3)
    assert luminance(corner) < 0.1  # the chart's background is the theme's black, not white


def test_graph_nodes_and_backdrop_use_palette_text(midshire: MainWindow,
                                                   system_look: tuple[QFont, QPalette]) -> None:
    _font, palette = system_look
    view = midshire.graph_page.view
    text = palette.color(QPalette.ColorRole.Text)
    assert view.colours.background == palette.color(QPalette.ColorRole.Base)
    nodes = list(view.nodes.values())
    assert nodes
    for node in nodes:
        assert node.text_colour() == text
        assert contrast(text, view.colours.node_fill(node.fill)) >= TEXT_CONTRAST
    for title in (view.colours.band_title, view.colours.lane_title):
        assert contrast(title, view.colours.band_current) >= TEXT_CONTRAST


def test_tracking_banner_and_summary_tiles_keep_palette_text(
        midshire: MainWindow, system_look: tuple[QFont, QPalette]) -> None:
    _font, palette = system_look
    white = palette.color(QPalette.ColorRole.WindowText)
    banner = midshire.tracking_page.banner
    midshire.tabs.setCurrentWidget(midshire.tracking_page)
    assert banner.status_label.text().split()[-1] in ("Red", "Amber", "Green")
    assert banner.facts_label.palette().color(QPalette.ColorRole.WindowText) == white
    assert banner.reasons_label.palette().color(QPalette.ColorRole.WindowText) == white
    word = banner.status_label.palette().color(QPalette.ColorRole.WindowText)
    assert contrast(word, banner.fill) >= TEXT_CONTRAST and contrast(white, banner.fill) >= TEXT_CONTRAST
    body = QFontInfo(QApplication.font()).pixelSize()
    assert QFontInfo(banner.status_label.font()).pixelSize() >= 1.3 * body  # still the largest text
    midshire.tabs.setCurrentWidget(midshire.summary_page)
    for tile in midshire.summary_page.tiles.values():
        assert QFontInfo(tile.value_label.font()).pixelSize() >= 1.3 * body
        assert tile.value_label.palette().color(QPalette.ColorRole.WindowText) == white
        word = tile.status_label.palette().color(QPalette.ColorRole.WindowText)
        assert contrast(word, tile.fill) >= TEXT_CONTRAST and contrast(white, tile.fill) >= TEXT_CONTRAST
        assert tile.status_label.text().strip()  # the status in words


def test_notices_keep_the_palette_text_colour(midshire: MainWindow) -> None:
    labels = [midshire.costs_page.notice_label, midshire.gaps_page.notice_label,
              midshire.risk_page.stale_label, midshire.scenarios_page.stale_label,
              midshire.tracking_page.message_label, midshire.timeline_page.view.overlay]
    for label in labels:
        assert "color:" not in label.styleSheet().replace("background", ""), label.accessibleName()
        assert label.palette().color(QPalette.ColorRole.WindowText) == QColor("white")


def test_a_theme_change_while_running_is_followed(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> None:
    monkeypatch.setattr(TrackingBar, "ask_baseline_name", lambda self, suggested: suggested)
    window = make_window(SAMPLES / "midshire.json", show=True)
    window.tracking_page.bar.save_baseline()
    banner, timeline = window.tracking_page.banner, window.timeline_page.view
    assert luminance(banner.fill) > 0.5 and timeline.colours.background == QColor("white")
    old = QApplication.palette()
    try:
        QApplication.setPalette(high_contrast_palette())
        QApplication.processEvents()
        assert luminance(banner.fill) < 0.2
        text = banner.facts_label.palette().color(QPalette.ColorRole.WindowText)
        assert contrast(text, banner.fill) >= TEXT_CONTRAST, text.name()
        notice = window.risk_page.stale_label
        assert notice.palette().color(QPalette.ColorRole.WindowText) == QColor("white")
        assert timeline.colours.background == QColor("black") and timeline.label_colour() == QColor("white")
        assert window.graph_page.view.colours.text == QColor("white")
    finally:
        QApplication.setPalette(old)
        QApplication.processEvents()


def test_legible_keeps_the_hue_and_reaches_the_contrast() -> None:
    black, white = QColor("black"), QColor("white")
    for _fill, ink in RAG_COLOURS.values():
        colour = QColor(ink)
        assert legible(colour, white) == colour  # already readable on white: unchanged
        shade = legible(colour, black)
        assert contrast(shade, black) >= TEXT_CONTRAST
        assert abs(shade.hslHueF() - colour.hslHueF()) < 0.05  # red stays red, green stays green


def test_exports_keep_print_colours_whatever_the_theme(system_look: tuple[QFont, QPalette]) -> None:
    """PNG and PDF exports are for paper: dark text on white, whatever the screen shows."""
    _font, palette = system_look
    assert timeline_colours(palette).background == QColor("black")
    assert PRINT_COLOURS.background == QColor("white")
    assert luminance(PRINT_COLOURS.text) < 0.05
    assert graph_colours(palette).text == QColor("white") and PRINT_GRAPH_COLOURS.background == QColor("white")


def test_relative_fonts_scale_the_system_font(system_look: tuple[QFont, QPalette], qtbot: QtBot) -> None:
    font = system_look[0]
    heading = relative_font(font, 1.5, bold=True)
    assert heading.pointSizeF() == pytest.approx(30.0) and heading.bold()
    pixels = QFont(font)
    pixels.setPixelSize(30)
    assert relative_font(pixels, 0.5).pixelSize() == 15
