"""Widgets that stay put while the timeline scrolls: the scale header, the name column and the legend.

Each draws at the view's ``chart_scale`` (larger with a larger system font) in the view's palette colours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.ui.appearance import font_scale
from app.ui.widgets.gantt_geometry import ROW_HEIGHT, MarkerKind
from app.ui.widgets.gantt_panels import paint_header, paint_names, place_markers
from app.ui.widgets.gantt_style import (
    BAR_EDGE,
    BAR_FILL,
    CRITICAL_EDGE,
    CRITICAL_FILL,
    HELD_EDGE,
    PRINT_COLOURS,
    STRIP_HEIGHT,
    TimelineColours,
    freeze_brush,
    pixel_font,
    timeline_colours,
)

if TYPE_CHECKING:
    from app.ui.widgets.gantt_canvas import GanttCanvas


class GanttHeader(QWidget):
    """The time scale, freezes and date markers above the bars; follows the view's horizontal scroll."""

    def __init__(self, view: GanttCanvas) -> None:
        super().__init__(view)
        self._view = view
        self.setAccessibleName(self.tr("Timeline scale"))
        self.setMouseTracking(True)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Draw the header for the columns in view."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = self._view.chart_scale
        painter.scale(scale, scale)
        paint_header(
            painter,
            QRectF(0, 0, self.width() / scale, self.height() / scale),
            self._view.column_zero_x() / scale,
            self._view.pixels_per_day,
            self._view.gantt_geometry,
            self._view.week_text,
            self._view.colours,
        )
        painter.end()

    def event(self, event: QEvent) -> bool:
        """Name the freeze or marker under the pointer in full."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._text_at(event.pos().x(), event.pos().y())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _text_at(self, x: float, y: float) -> str:
        view, geometry = self._view, self._view.gantt_geometry
        scale = view.chart_scale
        x, y, width = x / scale, y / scale, self.width() / scale  # in chart pixels, as painted
        ppd, offset = view.pixels_per_day, view.column_zero_x() / scale
        if 2 * STRIP_HEIGHT <= y < 3 * STRIP_HEIGHT:
            return "\n".join(
                b.name for b in geometry.freezes if offset + b.start * ppd <= x <= offset + b.end * ppd
            )
        if y >= 3 * STRIP_HEIGHT:
            metrics = QFontMetrics(pixel_font(10, bold=True))
            for item in place_markers(geometry.markers, offset, ppd, width, metrics):
                on_label = (
                    item.row == (y - 3 * STRIP_HEIGHT) // STRIP_HEIGHT and x <= item.x + 5 + item.text_width
                )
                if item.x - 5 <= x and (x <= item.x + 5 or on_label):
                    return item.marker.label
        return ""


class GanttNameColumn(QWidget):
    """Task names beside the bars, row for row; follows the view's vertical scroll and selects on click."""

    def __init__(self, view: GanttCanvas, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self.setAccessibleName(self.tr("Task names"))
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self._titles = {"id": self.tr("Id"), "name": self.tr("Task")}

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Room for about forty characters of name (at the chart's scale)."""
        return QSize(round(300 * self._view.chart_scale), 400)

    def row_at(self, y: float) -> int:
        """The timeline row at ``y`` (widget coordinates), or -1."""
        scale = self._view.chart_scale
        body_y = y - self._view.header_height - self._view.row_zero_y()
        if y < self._view.header_height or body_y < 0:
            return -1
        row = int(body_y // (ROW_HEIGHT * scale))
        return row if row < self._view.gantt_geometry.rows else -1

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Draw the names of the rows in view."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = self._view.chart_scale
        painter.scale(scale, scale)
        paint_names(
            painter,
            QRectF(0, 0, self.width() / scale, self.height() / scale),
            self._view.row_zero_y() / scale,
            self._view.gantt_geometry,
            self._view.selected_rows,
            self._titles,
            self._view.colours,
        )
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """Select the clicked row's task (Ctrl toggles it)."""
        if event.button() == Qt.MouseButton.LeftButton and event.position().y() >= self._view.header_height:
            toggle = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self._view.select_row(self.row_at(event.position().y()), toggle)
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        """Scroll the timeline's rows."""
        self._view.scroll_rows_by_wheel(event)

    def event(self, event: QEvent) -> bool:
        """Show the task's details, as over its bar."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self.row_at(event.pos().y())
            task_id = self._view.task_of_row(row)
            if task_id is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._view.tooltip_text(task_id), self)
            return True
        return super().event(event)


def _legend_entries(widget: QWidget, baseline: bool = False) -> list[tuple[str, str]]:
    tr = widget.tr
    shown = [("baseline", tr("Baseline dates")), ("baseline_milestone", tr("Baseline milestone"))]
    return [
        ("bar", tr("Task")),
        ("critical", tr("Critical task")),
        ("milestone", tr("Milestone")),
        ("phase", tr("Phase")),
        ("held", tr("Held by freeze")),
        ("deadline", tr("Deadline")),
        ("missed", tr("Deadline missed")),
        ("freeze", tr("Freeze")),
        ("scoped", tr("Scoped freeze")),
        ("holiday", tr("Non-working day")),
        ("today", tr("Today")),
        ("benchmark", tr("Benchmark end")),
        ("contract", tr("Contract end")),
        ("pstn", tr("PSTN switch-off")),
        *(shown if baseline else []),
    ]


class GanttLegend(QWidget):
    """What the timeline's colours and symbols mean, wrapped over as many lines as the width needs."""

    _SWATCH = 16
    _GAP = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Timeline legend"))
        self._entries = _legend_entries(self)
        self.setAccessibleDescription(", ".join(text for _, text in self._entries))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    @property
    def keys(self) -> tuple[str, ...]:
        """The symbols the legend explains, in order."""
        return tuple(key for key, _ in self._entries)

    def set_show_baseline(self, on: bool) -> None:
        """Explain the baseline's bars and milestones too (while the timeline shows them), or not."""
        self._entries = _legend_entries(self, on)
        self.setAccessibleDescription(", ".join(text for _, text in self._entries))
        if self.width():
            self.setFixedHeight(self.heightForWidth(self.width()))
        self.update()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        """The height depends on how many lines the entries wrap to."""
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        """Lines needed at ``width``, 20 chart pixels each."""
        scale = font_scale(self.font())
        return round(len(self._lines(width / scale)) * 20 * scale) + 4

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """As wide as the parent offers, as tall as the wrapping needs."""
        return QSize(800, self.heightForWidth(max(self.width(), 800)))

    def _lines(self, width: float) -> list[list[tuple[str, str, int]]]:
        metrics = QFontMetrics(pixel_font(11))
        lines: list[list[tuple[str, str, int]]] = [[]]
        x = 6
        for key, text in self._entries:
            step = self._SWATCH + 4 + metrics.horizontalAdvance(text) + self._GAP
            if x + step > width and lines[-1]:
                lines.append([])
                x = 6
            lines[-1].append((key, text, x))
            x += step
        return lines

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Re-wrap for the new width."""
        self.setFixedHeight(self.heightForWidth(self.width()))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Draw each swatch and its words."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scale = font_scale(self.font())  # as large as the chart it explains
        painter.scale(scale, scale)
        painter.setFont(pixel_font(11))
        colours = timeline_colours(self.palette())
        for number, line in enumerate(self._lines(self.width() / scale)):
            y = 2 + number * 20
            for key, text, x in line:
                paint_swatch(painter, key, QRectF(x, y + 3, self._SWATCH, 14), colours)
                painter.setPen(colours.text)
                painter.drawText(
                    QRectF(x + self._SWATCH + 4, y, 400, 20),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
        painter.end()


def paint_swatch(painter: QPainter, key: str, box: QRectF, colours: TimelineColours = PRINT_COLOURS) -> None:
    """Draw the legend symbol ``key`` in ``box``, in the chart's ``colours``."""
    painter.save()
    mid = box.center()
    bar = QRectF(box.left(), mid.y() - 5, box.width(), 10)
    fills = {"bar": (BAR_FILL, BAR_EDGE), "critical": (CRITICAL_FILL, CRITICAL_EDGE)}
    markers = {
        "today": MarkerKind.TODAY,
        "benchmark": MarkerKind.BENCHMARK,
        "contract": MarkerKind.CONTRACT,
        "pstn": MarkerKind.PSTN,
    }
    if key in fills:
        painter.setPen(QPen(fills[key][1], 1))
        painter.setBrush(fills[key][0])
        painter.drawRect(bar)
    elif key == "milestone":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours.milestone)
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(mid.x(), mid.y() - 7),
                    QPointF(mid.x() + 7, mid.y()),
                    QPointF(mid.x(), mid.y() + 7),
                    QPointF(mid.x() - 7, mid.y()),
                ]
            )
        )
    elif key == "phase":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours.phase)
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(box.left(), mid.y() - 4),
                    QPointF(box.right(), mid.y() - 4),
                    QPointF(box.right(), mid.y() + 5),
                    QPointF(box.right() - 4, mid.y()),
                    QPointF(box.left() + 4, mid.y()),
                    QPointF(box.left(), mid.y() + 5),
                ]
            )
        )
    elif key == "held":
        painter.setPen(QPen(HELD_EDGE, 2.5))
        painter.setBrush(BAR_FILL)
        painter.drawRect(bar.adjusted(2, 1, -2, -1))
    elif key in ("deadline", "missed"):
        colour = colours.deadline_met if key == "deadline" else colours.deadline_missed
        painter.setPen(QPen(colour, 1))
        painter.setBrush(colour)
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(mid.x() - 5, box.top()),
                    QPointF(mid.x() + 5, box.top()),
                    QPointF(mid.x(), box.top() + 7),
                ]
            )
        )
        painter.drawLine(QPointF(mid.x(), box.top() + 7), QPointF(mid.x(), box.bottom()))
    elif key in ("freeze", "scoped"):
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colours.background))
        painter.drawRect(box)
        painter.setBrush(freeze_brush(key == "scoped"))
        painter.drawRect(box)
    elif key == "baseline":
        painter.setPen(QPen(colours.baseline_edge, 1))
        painter.setBrush(colours.baseline_fill)
        painter.drawRect(QRectF(box.left(), mid.y() + 1, box.width(), 4))
    elif key == "baseline_milestone":
        painter.setPen(QPen(colours.baseline_edge, 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = 5.0
        corners = [(0.0, -half), (half, 0.0), (0.0, half), (-half, 0.0)]
        painter.drawPolygon(QPolygonF([QPointF(mid.x() + dx, mid.y() + dy) for dx, dy in corners]))
    elif key == "holiday":
        painter.setPen(QPen(colours.grid, 1))
        painter.setBrush(colours.holiday)
        painter.drawRect(box)
    elif key in markers:
        painter.setPen(QPen(colours.markers[markers[key]], 2.5))
        painter.drawLine(QPointF(mid.x(), box.top()), QPointF(mid.x(), box.bottom()))
    painter.restore()
