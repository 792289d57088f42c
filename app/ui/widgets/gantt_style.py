"""Colours, pens and sizes of the timeline, shared by its layers, header, legend and exports."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen

from app.ui.widgets.gantt_geometry import MarkerKind

STRIP_HEIGHT = 16
HEADER_HEIGHT = 5 * STRIP_HEIGHT  # upper scale, lower scale, freezes, two rows of date markers

BAR_FILL = QColor("#5b8fd0")
BAR_EDGE = QColor("#2f5f9e")
CRITICAL_FILL = QColor("#d9453d")
CRITICAL_EDGE = QColor("#962620")
MILESTONE_FILL = QColor("#37474f")
PHASE_FILL = QColor("#455a64")
HELD_EDGE = QColor("#ef8c00")
BASELINE_FILL = QColor("#9aa0a6")  # grey under a dark edge: apart from every current bar, also in greyscale
BASELINE_EDGE = QColor("#3c4043")
DEADLINE_MET = QColor("#2e7d32")
DEADLINE_MISSED = QColor("#c62828")
LINK_COLOUR = QColor("#7d8a96")
WEEKEND_FILL = QColor("#f3f4f6")
HOLIDAY_FILL = QColor("#e6e8ec")
FREEZE_FILL = QColor(120, 170, 220, 70)
SCOPED_FREEZE_COLOUR = QColor(120, 170, 220, 150)
PHASE_ROW_FILL = QColor(69, 90, 100, 22)
SELECTED_ROW_FILL = QColor(255, 213, 79, 110)
GRID_COLOUR = QColor("#e3e6ea")
TEXT_COLOUR = QColor("#263238")
MUTED_TEXT = QColor("#607d8b")

MARKER_COLOURS: dict[MarkerKind, QColor] = {
    MarkerKind.CONTRACT: QColor("#8d6e63"),
    MarkerKind.PSTN: QColor("#8e24aa"),
    MarkerKind.BENCHMARK: QColor("#e65100"),
    MarkerKind.STATUS: QColor("#00897b"),
    MarkerKind.TODAY: QColor("#1e88e5"),
}


def marker_pen(kind: MarkerKind) -> QPen:
    """The pen of a vertical date line (cosmetic, so exports keep its width)."""
    pen = QPen(MARKER_COLOURS[kind], 2.0 if kind in (MarkerKind.BENCHMARK, MarkerKind.TODAY) else 1.5)
    pen.setCosmetic(True)
    if kind in (MarkerKind.BENCHMARK, MarkerKind.CONTRACT, MarkerKind.STATUS):
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def freeze_brush(scoped: bool) -> QBrush:
    """A global freeze is a solid pale band; a scoped one a lighter diagonal hatch."""
    if scoped:
        return QBrush(SCOPED_FREEZE_COLOUR, Qt.BrushStyle.BDiagPattern)
    return QBrush(FREEZE_FILL)


def pixel_font(size: int, bold: bool = False) -> QFont:
    """A font of ``size`` pixels (the same on screen and in exports)."""
    font = QFont()
    font.setPixelSize(size)
    font.setBold(bold)
    return font
