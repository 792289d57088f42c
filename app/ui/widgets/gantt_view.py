"""The timeline (Gantt chart) of the document's schedule: phases and tasks as bars, sharing the selection.

``GanttView`` rebuilds its ``GanttGeometry`` from ``document.schedule`` on every ``plan_changed`` (arrays
only, so an edit moves bars at once even at thousands of tasks), shows a message instead of bars while the
plan cannot be scheduled, selects tasks on click and scrolls to tasks selected elsewhere. The chosen
baseline (``plan.active_baseline``) is drawn under the current bars, rebuilt when the project or the
baselines change.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QKeyEvent, QKeySequence, QMouseEvent, QPalette
from PySide6.QtWidgets import QToolTip, QWidget

from app.engine.calendar import WorkingCalendar
from app.engine.edits import ChangeSet
from app.engine.model import Project
from app.engine.tracking import slip
from app.ui.appearance import status_ink
from app.ui.document import Document
from app.ui.selection import TaskSelection
from app.ui.widgets.gantt_baseline import BaselineBars, BaselineDates, build_baseline_bars, index_baseline
from app.ui.widgets.gantt_canvas import GanttCanvas
from app.ui.widgets.gantt_geometry import ROW_HEIGHT, GanttGeometry, LinkArrays, build_geometry, build_links
from app.ui.widgets.gantt_scale import ScaleName
from app.ui.widgets.gantt_text import baseline_line, task_tooltip


class GanttView(GanttCanvas):
    """The scrollable, zoomable timeline of the document's schedule, sharing the task selection.

    Args:
        document: the open document.
        selection: the shared task selection.
        parent: the owning widget.

    Signals:
        geometry_rebuilt(): the rows were laid out again (new schedule or filter).
    """

    geometry_rebuilt = Signal()

    def __init__(self, document: Document, selection: TaskSelection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._selection = selection
        self._links: LinkArrays | None = None
        self._calendar: tuple[tuple[object, ...], WorkingCalendar] | None = None
        self._baseline_dates: BaselineDates | None = None
        self._critical_only = False
        self._clicking = False
        self._press: QPointF | None = None
        self.rebuild_count = 0
        self.setAccessibleName(self.tr("Timeline"))
        self.setAccessibleDescription(
            self.tr(
                "Gantt chart of phases and tasks. Click a bar to select its task; arrow keys scroll, "
                "Ctrl+plus and Ctrl+minus zoom, 1, 2 and 3 choose week, month or quarter scale, T goes to "
                "today, Home to the project start. Thin grey bars under the task bars, when shown, are the "
                "chosen baseline's dates."
            )
        )
        document.plan_changed.connect(self._on_document_plan_changed)
        selection.selection_changed.connect(self._on_selection_selection_changed)
        self.rebuild()
        self._on_selection_selection_changed(selection.ids)

    @property
    def critical_only(self) -> bool:
        """True while only critical tasks are shown."""
        return self._critical_only

    # --- building --------------------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Lay the rows out again from the document's current schedule and repaint."""
        plan, schedule = self._document.plan, self._document.schedule
        baseline = plan.active_baseline
        if schedule is None:
            self._geometry = GanttGeometry()
            errors = [issue.message for issue in self._document.validation.errors][:3]
            self.overlay.setText(
                "\n\n".join(
                    [
                        self.tr(
                            "The plan cannot be scheduled, so the timeline is empty. Fix the problem below "
                            "(a dependency cycle, for example) in the task panel or undo the last change."
                        ),
                        *errors,
                    ]
                )
            )
            self.overlay.show()
        else:
            self._links = build_links(plan, self._links)
            texts = {
                "benchmark": self.tr("{months}-month benchmark"),
                "pstn": self.tr("PSTN switch-off"),
                "contract": self.tr("Contract end: {name}"),
                "status": self.tr("Status date"),
                "today": self.tr("Today"),
            }
            self._geometry = build_geometry(
                plan,
                schedule,
                self._calendar_of(plan.project),
                texts,
                self._critical_only,
                self.today,
                self._links,
                () if baseline is None else (baseline.start, baseline.finish),
            )
            self.overlay.hide()
        self.project_start = plan.project.start_date
        self.set_geometry(self._geometry, self._selection.ids, self._baseline_bars())
        self.rebuild_count += 1
        self.geometry_rebuilt.emit()

    def _calendar_of(self, project: Project) -> WorkingCalendar:
        key = (project.nation, project.start_date, project.non_working_days)
        if self._calendar is None or self._calendar[0] != key:
            self._calendar = (key, WorkingCalendar.for_project(project))
        return self._calendar[1]

    def set_critical_only(self, on: bool) -> None:
        """Show only critical tasks (and their phases), or every task again."""
        if on != self._critical_only:
            self._critical_only = on
            self.rebuild()

    # --- selection -------------------------------------------------------------------------------------

    def select_row(self, row: int, toggle: bool = False) -> None:
        """Select the task on ``row`` (Ctrl toggles it in the selection); a phase row or no row clears it."""
        task_id = self.task_of_row(row)
        ids: list[str] = []
        if task_id is not None:
            ids = [task_id]
            if toggle:
                current = list(self._selection.ids)
                ids = [i for i in current if i != task_id] if task_id in current else [*current, task_id]
        self._clicking = True
        try:
            self._selection.set_selected(ids)
        finally:
            self._clicking = False

    def tooltip_text(self, task_id: str) -> str:
        """The hover text of a task (built when asked)."""
        schedule = self._document.schedule
        if schedule is None or task_id not in schedule.index:
            return ""
        labels = {
            "start": self.tr("Start"),
            "finish": self.tr("Finish"),
            "date": self.tr("Date"),
            "duration": self.tr("Duration"),
            "days": self.tr("{n} working days"),
            "float": self.tr("Total float"),
            "critical": self.tr("Critical"),
            "yes": self.tr("yes"),
            "no": self.tr("no"),
            "predecessors": self.tr("Predecessors"),
            "none": self.tr("none"),
            "deadline": self.tr("Deadline"),
            "held": self.tr("Held back by freeze"),
            "phase": self.tr("Phase"),
            "lag": self.tr("lag {n} days"),
        }
        # Negative float and problems in red, made legible on the theme's tooltip colour.
        problem = status_ink(QColor("#c62828"), QToolTip.palette(), QPalette.ColorRole.ToolTipBase)
        text = task_tooltip(self._document.plan, schedule, task_id, labels, problem.name())
        baseline = self._document.plan.active_baseline
        if baseline is None:
            return text
        dates = self._baseline_dates = index_baseline(baseline, self._baseline_dates)
        k = dates.position.get(task_id)
        if k is None:
            return text
        saved = baseline.tasks[k]
        calendar = self._calendar_of(self._document.plan.project)
        words = {
            "baseline": self.tr("Baseline"),
            "finish_slip": self.tr("finish {days}"),
            "date_slip": self.tr("date {days}"),
            "slip_days": self.tr("{n} working days"),
            "slip_day": self.tr("{n} working day"),
            "finish_kept": self.tr("finish as in the baseline"),
            "date_kept": self.tr("date as in the baseline"),
        }
        moved = slip(calendar, saved.finish, schedule.finish_of(task_id))
        return f"{text}<br>{baseline_line(saved, moved, words)}"

    # --- document and selection ------------------------------------------------------------------------

    def refresh_baseline(self) -> None:
        """Draw the document's chosen baseline on the rows already laid out (none when it has none)."""
        baseline = self._document.plan.active_baseline
        if baseline is not None and self._document.schedule is not None:
            days = self._geometry.days
            columns = (self._geometry.column(baseline.start), self._geometry.column(baseline.finish) + 1)
            if min(columns) < 0 or max(columns) > days:  # the columns must reach further: lay out again
                self.rebuild()
                return
        self.set_baseline_bars(self._baseline_bars())

    def _baseline_bars(self) -> BaselineBars:
        """The chosen baseline's bars on the rows laid out (its dates indexed once per baseline)."""
        baseline = self._document.plan.active_baseline
        self._baseline_dates = None if baseline is None else index_baseline(baseline, self._baseline_dates)
        return build_baseline_bars(self._geometry, self._baseline_dates)

    def _on_document_plan_changed(self, changes: ChangeSet) -> None:
        if (
            any(changes.touches(part) for part in ("tasks", "phases", "project", "systems"))
            or not changes.parts
        ):
            self.rebuild()
        elif changes.touches("baselines"):
            self.refresh_baseline()

    def _on_selection_selection_changed(self, ids: tuple[str, ...]) -> None:
        self.highlight(ids)
        if ids and not self._clicking:
            self.scroll_to_task(ids[-1])

    # --- Qt overrides ----------------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Show a task's details when the pointer rests on its bar."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            task_id = self.task_at(self.mapToScene(event.pos()))
            if task_id is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip_text(task_id), self.viewport())
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """Remember where a press began: a release close by is a click, farther away a pan."""
        self._press = event.position() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        """A click selects the task of the row (a bar click, or anywhere along its row)."""
        super().mouseReleaseEvent(event)
        start, self._press = self._press, None
        if start is not None and (event.position() - start).manhattanLength() < 4:
            point = self.mapToScene(event.position().toPoint())
            task_id = self.task_at(point)
            row = self._row_of[task_id] if task_id is not None else math.floor(point.y() / ROW_HEIGHT)
            self.select_row(row, bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Ctrl+= / Ctrl+- zoom, 1/2/3 pick a scale, T today, Home the start, Escape clears; arrows scroll."""
        key, plain = event.key(), not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        scales: dict[int, ScaleName] = {Qt.Key.Key_1: "week", Qt.Key.Key_2: "month", Qt.Key.Key_3: "quarter"}
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier and key == Qt.Key.Key_Equal
        ):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_out()
        elif plain and key in scales:
            self.set_scale(scales[key])
        elif plain and key == Qt.Key.Key_T:
            self.go_to_today()
        elif plain and key == Qt.Key.Key_Home:
            self.go_to_start()
        elif key == Qt.Key.Key_Escape and self._selection.ids:
            self._selection.set_selected(())
        else:
            super().keyPressEvent(event)
            return
        event.accept()
