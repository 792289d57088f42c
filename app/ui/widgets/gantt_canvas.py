"""The timeline's drawing surface: three painted layers under a frozen scale header, zoomed by day width.

``GanttCanvas`` shows a ``GanttGeometry`` (arrays; no item per task) in three scene-sized layers (calendar,
links, bars), keeps the frozen header in its top margin and a frozen name column (``name_column``, placed
beside it by the page) in step with its scrolling. Zoom changes the pixels per day, never the view transform,
so text and pens keep their size. ``GanttView`` adds the document, the selection and the mouse and keys.

The canvas follows the system's look: background, text and lines come from its palette
(``timeline_colours``), and the whole chart (rows, header, names) is drawn ``chart_scale`` times larger when
the system font is larger than the chart's design size, so its text grows with the system's.
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QResizeEvent, QTransform, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView, QLabel, QWidget

from app.ui.appearance import font_scale, heading_factor, relative_font, style_notice
from app.ui.widgets import gantt_export
from app.ui.widgets.gantt_baseline import NO_BASELINE, BaselineBars, baseline_extents, baseline_rects
from app.ui.widgets.gantt_frozen import GanttHeader, GanttNameColumn
from app.ui.widgets.gantt_geometry import ROW_HEIGHT, GanttGeometry, RowKind, row_extents
from app.ui.widgets.gantt_items import BarLayerItem, CalendarLayerItem
from app.ui.widgets.gantt_link_layer import LinkLayerItem
from app.ui.widgets.gantt_scale import (
    MAX_PIXELS_PER_DAY,
    MIN_PIXELS_PER_DAY,
    SCALES,
    ZOOM_STEP,
    ScaleName,
    nearest_scale,
)
from app.ui.widgets.gantt_style import (
    BAR_FILL,
    CRITICAL_FILL,
    HEADER_HEIGHT,
    TimelineColours,
    timeline_colours,
)


class GanttCanvas(QGraphicsView):
    """A scrollable, zoomable picture of a ``GanttGeometry`` with its frozen header and name column.

    Args:
        parent: the owning widget.

    Signals:
        zoom_changed(float): the pixels per day changed.
    """

    zoom_changed = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)  # three scene-sized items
        self.calendar_layer = CalendarLayerItem()
        self.link_layer = LinkLayerItem()
        self.bar_layer = BarLayerItem()
        for layer in (self.calendar_layer, self.link_layer, self.bar_layer):
            self._scene.addItem(layer)
        self._pixels_per_day = SCALES["month"]
        self._geometry = GanttGeometry()
        self._baseline: tuple[GanttGeometry, BaselineBars] = (self._geometry, NO_BASELINE)
        self._show_baseline = True
        self._row_of: dict[str, int] = {}
        self.selected_rows: npt.NDArray[np.int64] = np.zeros(0, np.int64)
        self.today = date.today()
        self.project_start = self.today
        self.week_text = self.tr("w/c {day}")
        self.colours = TimelineColours()
        self._chart_scale = 1.0

        self.setScene(self._scene)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.header = GanttHeader(self)
        self.name_column = GanttNameColumn(self)
        self.overlay = QLabel(self.viewport())
        self.overlay.setAccessibleName(self.tr("Timeline message"))
        self.overlay.setWordWrap(True)
        self.overlay.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.overlay.setFont(relative_font(self.font(), heading_factor(1.15, self.font())))
        self.overlay.setMargin(8)
        style_notice(self.overlay, QColor("#ef6c00"))
        self.overlay.hide()
        self.horizontalScrollBar().valueChanged.connect(self._on_horizontal_scroll_bar_value_changed)
        self.verticalScrollBar().valueChanged.connect(self._on_vertical_scroll_bar_value_changed)
        self._apply_appearance()

    # --- state -----------------------------------------------------------------------------------------

    @property
    def gantt_geometry(self) -> GanttGeometry:
        """The rows, bars, bands and markers on show."""
        return self._geometry

    @property
    def chart_scale(self) -> float:
        """How many screen pixels one chart pixel takes: above 1 when the system font is large."""
        return self._chart_scale

    @property
    def header_height(self) -> int:
        """The frozen header's height on screen, in pixels."""
        return round(HEADER_HEIGHT * self._chart_scale)

    @property
    def pixels_per_day(self) -> float:
        """The zoom: the width of one day column in pixels."""
        return self._pixels_per_day

    @property
    def scale_name(self) -> ScaleName:
        """The preset the header is showing: ``week``, ``month`` or ``quarter``."""
        return nearest_scale(self._pixels_per_day)

    def column_zero_x(self) -> float:
        """Where day column 0 is, in viewport (and header) x."""
        return float(self.mapFromScene(QPointF(0, 0)).x())

    def row_zero_y(self) -> float:
        """Where row 0's top is, in viewport y."""
        return float(self.mapFromScene(QPointF(0, 0)).y())

    def day_x(self, day: date) -> float:
        """The scene x of the start of ``day``'s column."""
        return self._geometry.column(day) * self._pixels_per_day

    def bar_rect(self, task_id: str) -> QRectF | None:
        """The scene rectangle of a task's bar (a milestone's diamond), or ``None`` when not shown."""
        row = self._row_of.get(task_id)
        if row is None:
            return None
        left, right = row_extents(self._geometry, self._pixels_per_day, np.array([row]))
        return QRectF(float(left[0]), row * ROW_HEIGHT, float(right[0] - left[0]), ROW_HEIGHT)

    def bar_colour(self, task_id: str) -> QColor | None:
        """The fill a task's bar is painted with."""
        row = self._row_of.get(task_id)
        if row is None:
            return None
        if self._geometry.critical[row]:
            return QColor(CRITICAL_FILL)
        return QColor(self.colours.milestone if self._geometry.kind[row] == RowKind.MILESTONE else BAR_FILL)

    def phase_colour(self) -> QColor:
        """The fill of phase summary brackets."""
        return QColor(self.colours.phase)

    def label_colour(self) -> QColor:
        """The colour of the task names written beside the bars (the palette's text)."""
        return self.bar_layer.label_colour()

    @property
    def baseline_bars(self) -> BaselineBars:
        """The baseline bars being painted: empty without a baseline or while they are hidden."""
        built_for, bars = self._baseline
        return bars if self._show_baseline and built_for is self._geometry else NO_BASELINE

    @property
    def show_baseline(self) -> bool:
        """True while the chosen baseline's bars are shown (when there is one)."""
        return self._show_baseline

    def baseline_rect(self, task_id: str) -> QRectF | None:
        """The scene rectangle of a task's baseline bar (a milestone: its diamond), or ``None`` when none
        is painted."""
        row = self._row_of.get(task_id)
        bars = self.baseline_bars
        k = None if row is None else bars.index_of_row(row)
        return None if k is None else baseline_rects(bars, self._pixels_per_day, slice(k, k + 1))[0]

    def row_of(self, task_id: str) -> int | None:
        """The row a task is shown on, if it is shown."""
        return self._row_of.get(task_id)

    def task_of_row(self, row: int) -> str | None:
        """The task shown on ``row`` (``None`` for a phase row or no row)."""
        if 0 <= row < self._geometry.rows and self._geometry.task[row] >= 0:
            return self._geometry.ids[row]
        return None

    def task_at(self, point: QPointF) -> str | None:
        """The task whose bar is under the scene ``point`` (O(1): by row, then x), if any."""
        row = math.floor(point.y() / ROW_HEIGHT)
        task_id = self.task_of_row(row)
        if task_id is None:
            return None
        left, right = row_extents(self._geometry, self._pixels_per_day, np.array([row]))
        if left[0] - 4 <= point.x() <= right[0] + 4:
            return task_id
        bars = self.baseline_bars
        k = bars.index_of_row(row)
        if k is None:
            return None
        left, right = baseline_extents(bars, self._pixels_per_day, slice(k, k + 1))
        return task_id if left[0] - 4 <= point.x() <= right[0] + 4 else None

    # --- showing ---------------------------------------------------------------------------------------

    def set_geometry(
        self,
        geometry: GanttGeometry,
        selected_ids: tuple[str, ...] = (),
        baseline: BaselineBars | None = None,
    ) -> None:
        """Show ``geometry`` (highlighting the rows of ``selected_ids``) and repaint.

        ``baseline`` holds the baseline's bars on ``geometry``'s rows; ``None`` keeps the bars shown when
        they were built for this same geometry, and drops them otherwise.
        """
        self._geometry = geometry
        if baseline is not None:
            self._baseline = (geometry, baseline)
        self._row_of = geometry.row_of
        self._apply_frame()
        self.highlight(selected_ids)

    def set_baseline_bars(self, baseline: BaselineBars) -> None:
        """Show ``baseline`` (built for the geometry on show) under the current bars."""
        self._baseline = (self._geometry, baseline)
        self.bar_layer.set_baseline(self.baseline_bars)

    def set_show_baseline(self, on: bool) -> None:
        """Show or hide the baseline's bars."""
        self._show_baseline = on
        self.bar_layer.set_baseline(self.baseline_bars)

    def _apply_frame(self) -> None:
        geometry, ppd = self._geometry, self._pixels_per_day
        for layer in (self.calendar_layer, self.link_layer, self.bar_layer):
            layer.set_frame(geometry, ppd)
        self.bar_layer.set_baseline(self.baseline_bars)
        self._scene.setSceneRect(
            QRectF(0, 0, max(geometry.days * ppd, 1.0), max(geometry.rows * ROW_HEIGHT, 1.0))
        )
        self.horizontalScrollBar().setSingleStep(max(16, round(7 * ppd * self._chart_scale)))
        self.verticalScrollBar().setSingleStep(round(ROW_HEIGHT * self._chart_scale))
        self.header.update()
        self.name_column.update()

    def set_show_links(self, on: bool) -> None:
        """Show or hide the dependency arrows."""
        self.link_layer.setVisible(on)

    def highlight(self, ids: tuple[str, ...]) -> None:
        """Highlight the rows of the tasks ``ids``."""
        rows = sorted(self._row_of[i] for i in ids if i in self._row_of)
        self.selected_rows = np.array(rows, np.int64)
        self.calendar_layer.set_selected_rows(self.selected_rows)
        self.bar_layer.set_selected_rows(self.selected_rows)
        self.name_column.update()

    def select_row(self, row: int, toggle: bool = False) -> None:
        """Select the task on ``row`` (the interactive view does; the canvas alone ignores clicks)."""

    def tooltip_text(self, task_id: str) -> str:
        """The hover text of a task (the interactive view supplies it)."""
        return ""

    # --- zoom and navigation ---------------------------------------------------------------------------

    def set_pixels_per_day(self, pixels: float, anchor: float | None = None) -> None:
        """Zoom to ``pixels`` per day, keeping the date at viewport x ``anchor`` (default: middle) still."""
        pixels = min(MAX_PIXELS_PER_DAY, max(MIN_PIXELS_PER_DAY, pixels))
        if math.isclose(pixels, self._pixels_per_day):
            return
        anchor = self.viewport().width() / 2 if anchor is None else anchor
        day = self.mapToScene(QPoint(round(anchor), 0)).x() / self._pixels_per_day
        self._pixels_per_day = pixels
        self._apply_frame()
        self.horizontalScrollBar().setValue(round(day * pixels * self._chart_scale - anchor))
        self.zoom_changed.emit(pixels)

    def set_scale(self, name: ScaleName) -> None:
        """Switch to the week, month or quarter preset."""
        self.set_pixels_per_day(SCALES[name])

    def zoom_in(self) -> None:
        """Zoom in one step."""
        self.set_pixels_per_day(self._pixels_per_day * ZOOM_STEP)

    def zoom_out(self) -> None:
        """Zoom out one step."""
        self.set_pixels_per_day(self._pixels_per_day / ZOOM_STEP)

    def fit_whole_plan(self) -> None:
        """Zoom so every day of the plan fits the width, and scroll to its start."""
        if self._geometry.days:
            self.set_pixels_per_day((self.viewport().width() - 4) / self._chart_scale / self._geometry.days)
            self.horizontalScrollBar().setValue(0)

    def scroll_to_date(self, day: date, fraction: float = 0.1) -> None:
        """Scroll so ``day`` sits ``fraction`` of the way across the view."""
        if self._geometry.days:
            column = min(max(self._geometry.column(day), 0), self._geometry.days)
            self.horizontalScrollBar().setValue(
                round(column * self._pixels_per_day * self._chart_scale - fraction * self.viewport().width())
            )

    def go_to_today(self) -> None:
        """Scroll to today (the nearest end of the plan when today lies outside it)."""
        self.scroll_to_date(self.today, 0.3)

    def go_to_start(self) -> None:
        """Scroll to the project start and the first row."""
        self.scroll_to_date(self.project_start, 0.05)
        self.verticalScrollBar().setValue(0)

    def scroll_to_task(self, task_id: str) -> None:
        """Scroll so the task's row and the start of its bar are in view."""
        rect = self.bar_rect(task_id)
        if rect is None:
            return
        room = (self.viewport().width() - 120) / self._chart_scale
        if rect.width() > room:
            rect.setWidth(max(room, 10))
        self.ensureVisible(rect, 60, round(2 * ROW_HEIGHT * self._chart_scale))

    # --- export ----------------------------------------------------------------------------------------

    def export_png(self, path: str | Path, title: str, summary: str) -> bool:
        """Write the whole timeline (header and names included) as a PNG; returns success."""
        return gantt_export.export_png(self._picture_source(title, summary), path)

    def export_pdf(self, path: str | Path, title: str, summary: str) -> int:
        """Write the timeline as landscape A3 PDF pages fitted to the width; returns the page count."""
        return gantt_export.export_pdf(self._picture_source(title, summary), path)

    def _picture_source(self, title: str, summary: str) -> gantt_export.TimelineSource:
        return gantt_export.TimelineSource(
            self._geometry,
            self._pixels_per_day,
            self.link_layer.isVisible(),
            title,
            summary,
            self.week_text,
            {"id": self.tr("Id"), "name": self.tr("Task")},
            self.tr("Page {page} of {pages}"),
            self.baseline_bars,
        )

    # --- scrolling -------------------------------------------------------------------------------------

    def _on_horizontal_scroll_bar_value_changed(self, _value: int) -> None:
        self.header.update()

    def _on_vertical_scroll_bar_value_changed(self, _value: int) -> None:
        self.name_column.update()

    # --- Qt overrides ----------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        """Keep the header over the viewport and the overlay in its middle."""
        super().resizeEvent(event)
        viewport = self.viewport().geometry()
        self.header.setGeometry(
            viewport.left(), viewport.top() - self.header_height, viewport.width(), self.header_height
        )
        width = min(560, max(200, viewport.width() - 40))
        self.overlay.setFixedWidth(width)
        self.overlay.adjustSize()
        self.overlay.move(
            (viewport.width() - width) // 2, max(10, (viewport.height() - self.overlay.height()) // 3)
        )
        self.name_column.update()

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802 - Qt override
        """Scroll the frozen header and name column along with the bars."""
        super().scrollContentsBy(dx, dy)
        if dx:
            self.header.update()
        if dy:
            self.name_column.update()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        """Ctrl+wheel zooms about the pointer, Shift+wheel scrolls sideways, the plain wheel scrolls rows."""
        steps = event.angleDelta().y() / 120
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if steps:
                self.set_pixels_per_day(self._pixels_per_day * ZOOM_STEP**steps, event.position().x())
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - round(steps * 3 * bar.singleStep()))
            event.accept()
            return
        super().wheelEvent(event)

    def scroll_rows_by_wheel(self, event: QWheelEvent) -> None:
        """Scroll rows for a wheel turned over the name column."""
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() - round(event.angleDelta().y() / 120 * 3 * ROW_HEIGHT * self._chart_scale))
        event.accept()

    # --- appearance ------------------------------------------------------------------------------------

    def _apply_appearance(self) -> None:
        """Take the colours from the palette and the chart's size from the font (at start and on changes)."""
        self.colours = timeline_colours(self.palette())
        self._scene.setBackgroundBrush(self.colours.background)
        for layer in (self.calendar_layer, self.link_layer, self.bar_layer):
            layer.set_colours(self.colours)
        scale = font_scale(self.font())
        if scale != self._chart_scale:
            self._chart_scale = scale
            self.setTransform(QTransform.fromScale(scale, scale))
            self._apply_frame()
        self.setViewportMargins(0, self.header_height, 0, 0)
        self.header.update()
        self.name_column.updateGeometry()
        self.name_column.update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        """Follow a change of theme (palette) or of the system font."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._apply_appearance()
