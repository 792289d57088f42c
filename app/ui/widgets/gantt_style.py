"""Colours, pens and sizes of the timeline, shared by its layers, header, legend and exports.

The constants are the printed timeline's colours (PNG and PDF exports, always on white). On screen the
background, text, grid and row bands come from the palette (``timeline_colours``), so a dark or high-contrast
theme keeps the chart readable; bars keep their colours (task blue, critical red), made to stand out from
the background where the theme needs it, and the legend names each one in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QPalette, QPen

from app.ui.appearance import GRAPHIC_CONTRAST, blend, legible, muted_text
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


HEADER_FILL = QColor("#f7f8fa")
SELECTION_EDGE = QColor("#212121")


@dataclass(frozen=True)
class TimelineColours:
    """What the timeline's background, text, lines and bars are drawn in (print colours by default)."""

    background: QColor = field(default_factory=lambda: QColor("white"))
    header: QColor = field(default_factory=lambda: QColor(HEADER_FILL))
    text: QColor = field(default_factory=lambda: QColor(TEXT_COLOUR))
    muted: QColor = field(default_factory=lambda: QColor(MUTED_TEXT))
    grid: QColor = field(default_factory=lambda: QColor(GRID_COLOUR))
    weekend: QColor = field(default_factory=lambda: QColor(WEEKEND_FILL))
    holiday: QColor = field(default_factory=lambda: QColor(HOLIDAY_FILL))
    phase_row: QColor = field(default_factory=lambda: QColor(PHASE_ROW_FILL))
    selected_row: QColor = field(default_factory=lambda: QColor(SELECTED_ROW_FILL))
    selection_edge: QColor = field(default_factory=lambda: QColor(SELECTION_EDGE))
    milestone_outline: QColor = field(default_factory=lambda: QColor("white"))
    milestone: QColor = field(default_factory=lambda: QColor(MILESTONE_FILL))
    phase: QColor = field(default_factory=lambda: QColor(PHASE_FILL))
    baseline_fill: QColor = field(default_factory=lambda: QColor(BASELINE_FILL))
    baseline_edge: QColor = field(default_factory=lambda: QColor(BASELINE_EDGE))
    deadline_met: QColor = field(default_factory=lambda: QColor(DEADLINE_MET))
    deadline_missed: QColor = field(default_factory=lambda: QColor(DEADLINE_MISSED))
    link: QColor = field(default_factory=lambda: QColor(LINK_COLOUR))
    critical_text: QColor = field(default_factory=lambda: QColor(CRITICAL_EDGE))
    markers: Mapping[MarkerKind, QColor] = field(default_factory=lambda: dict(MARKER_COLOURS))


PRINT_COLOURS = TimelineColours()


def timeline_colours(palette: QPalette) -> TimelineColours:
    """The timeline's colours on screen, from ``palette``: its base under the bars, its text for names and
    labels, lines and bands mixed from the two, and each status colour made to stand out from the base."""
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    header = blend(base, text, 0.04)
    highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
    highlight.setAlpha(110)
    phase_row = QColor(text)
    phase_row.setAlpha(22)

    def shape(colour: QColor) -> QColor:  # bars, diamonds and lines: 3:1 on the base
        return legible(colour, base, GRAPHIC_CONTRAST)

    return TimelineColours(
        background=base,
        header=header,
        text=text,
        muted=legible(muted_text(palette), header),  # on the header and the rows
        grid=blend(base, text, 0.14),
        weekend=blend(base, text, 0.05),
        holiday=blend(base, text, 0.11),
        phase_row=phase_row,
        selected_row=highlight,
        selection_edge=text,
        milestone_outline=base,
        milestone=shape(MILESTONE_FILL),
        phase=shape(PHASE_FILL),
        baseline_fill=QColor(BASELINE_FILL),  # under its edge, which carries the contrast
        baseline_edge=shape(BASELINE_EDGE),
        deadline_met=shape(DEADLINE_MET),
        deadline_missed=shape(DEADLINE_MISSED),
        link=shape(LINK_COLOUR),
        critical_text=legible(CRITICAL_EDGE, base),
        markers={kind: legible(colour, header) for kind, colour in MARKER_COLOURS.items()},
    )


def marker_pen(kind: MarkerKind, colours: TimelineColours = PRINT_COLOURS) -> QPen:
    """The pen of a vertical date line (cosmetic, so exports keep its width)."""
    pen = QPen(colours.markers[kind], 2.0 if kind in (MarkerKind.BENCHMARK, MarkerKind.TODAY) else 1.5)
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
    """The application's font family at ``size`` chart pixels (the same on screen and in exports).

    On screen the whole chart is drawn larger when the system font is larger (``GanttCanvas.chart_scale``),
    so text keeps its place in the rows and grows with the system's text size.
    """
    font = QFont(QGuiApplication.font())
    font.setPixelSize(size)
    font.setBold(bold)
    return font
