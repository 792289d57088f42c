"""The Timeline page: the Gantt chart with its toolbar, schedule summary and legend, and the task panel.

The task panel (``app.ui.widgets.task_panel.TaskPanel``) sits below the chart when that module is present;
without it the page shows the chart alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import ChangeSet
from app.ui.document import Document
from app.ui.file_dialogs import ask_save_path
from app.ui.selection import TaskSelection
from app.ui.widgets.gantt_frozen import GanttLegend
from app.ui.widgets.gantt_scale import ScaleName
from app.ui.widgets.gantt_text import summary_line
from app.ui.widgets.gantt_view import GanttView
from app.ui.widgets.keyboard_access import offer_in_context_menu, put_tools_in_tab_order

try:  # built separately; the page works without it
    from app.ui.widgets.task_panel import TaskPanel
except ImportError:  # pragma: no cover - depends on which modules are installed
    TaskPanel = None  # type: ignore[assignment,misc]

_SCALES: tuple[ScaleName, ...] = ("week", "month", "quarter")


class TimelinePage(QWidget):
    """The timeline of the document's schedule, with zoom, filters and export.

    Args:
        document: the open document.
        task_selection: the task selection shared with the task panel.
        parent: the owning widget.
    """

    def __init__(
        self, document: Document, task_selection: TaskSelection, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._selection = task_selection
        self.view = GanttView(document, task_selection, self)
        self.gantt_area = QSplitter(Qt.Orientation.Horizontal, self)
        self.gantt_area.setAccessibleName(self.tr("Timeline with task names"))
        self.gantt_area.setChildrenCollapsible(False)
        self.gantt_area.addWidget(self.view.name_column)
        self.gantt_area.addWidget(self.view)
        self.gantt_area.setStretchFactor(1, 1)
        self.gantt_area.setSizes([300, 900])

        self.toolbar = QToolBar(self.tr("Timeline tools"), self)
        self.toolbar.setAccessibleName(self.tr("Timeline tools"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        scale_label = QLabel(self.tr("&Scale:"), self)
        self.scale_combo = QComboBox(self)
        for name, text in zip(_SCALES, (self.tr("Week"), self.tr("Month"), self.tr("Quarter")), strict=True):
            self.scale_combo.addItem(text, name)
        self.scale_combo.setAccessibleName(self.tr("Time scale"))
        self.scale_combo.setToolTip(
            self.tr("Show days and weeks, months, or financial-year quarters (1, 2, 3)")
        )
        scale_label.setBuddy(self.scale_combo)
        self.toolbar.addWidget(scale_label)
        self.toolbar.addWidget(self.scale_combo)
        self.zoom_in_action = self._action(
            self.tr("Zoom &in"), self.tr("Widen the day columns"), "Ctrl+=", self.view.zoom_in
        )
        self.zoom_in_action.setShortcuts(
            [QKeySequence("Ctrl+="), QKeySequence(QKeySequence.StandardKey.ZoomIn)]
        )
        self.zoom_out_action = self._action(
            self.tr("Zoom &out"),
            self.tr("Narrow the day columns"),
            QKeySequence.StandardKey.ZoomOut,
            self.view.zoom_out,
        )
        self.today_action = self._action(
            self.tr("&Today"), self.tr("Scroll to today's date"), "T", self.view.go_to_today, chart_only=True
        )
        self.fit_action = self._action(
            self.tr("&Fit whole plan"),
            self.tr("Zoom so the whole plan fits the width"),
            "Ctrl+0",
            self.view.fit_whole_plan,
        )
        self.toolbar.addSeparator()
        self.links_action = self._action(
            self.tr("Show &dependencies"), self.tr("Show or hide dependency arrows"), "Ctrl+D", None
        )
        self.links_action.setCheckable(True)
        self.links_action.setChecked(True)
        self.links_action.toggled.connect(self._on_links_action_toggled)
        self.critical_action = self._action(
            self.tr("&Critical path only"),
            self.tr("Show only critical tasks (no total float)"),
            "Ctrl+Shift+C",
            None,
        )
        self.critical_action.setCheckable(True)
        self.critical_action.toggled.connect(self._on_critical_action_toggled)
        self.baseline_action = self._action(
            self.tr("Show &baseline"),
            self.tr("Show the chosen baseline's dates as thin grey bars under the current ones"),
            "Ctrl+Shift+B",
            None,
        )
        self.baseline_action.setCheckable(True)
        self.baseline_action.setChecked(True)
        self.baseline_action.toggled.connect(self._on_baseline_action_toggled)
        self.toolbar.addSeparator()
        self.export_png_action = self._action(
            self.tr("Export &PNG…"), self.tr("Save the timeline as a PNG image"), "Ctrl+E", self._export_png
        )
        self.export_pdf_action = self._action(
            self.tr("Export P&DF…"),
            self.tr("Save the timeline as landscape A3 PDF pages"),
            "Ctrl+Shift+E",
            self._export_pdf,
        )
        self.start_action = self._action(
            self.tr("Go to &start"),
            self.tr("Scroll to the project start"),
            "Home",
            self.view.go_to_start,
            chart_only=True,
            in_toolbar=False,
        )
        self.scale_actions = self._scale_actions()

        self.summary = QLabel(self)
        self.summary.setAccessibleName(self.tr("Schedule summary"))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setContentsMargins(8, 4, 8, 2)
        self.legend = GanttLegend(self)
        self.task_panel: QWidget | None = None
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setAccessibleName(self.tr("Timeline and task panel"))
        self.splitter.addWidget(self.gantt_area)
        if TaskPanel is not None:
            self.task_panel = TaskPanel(document, task_selection, self)
            self.splitter.addWidget(self.task_panel)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for widget in (self.toolbar, self.summary, self.legend, self.splitter):
            layout.addWidget(widget)
        layout.setStretchFactor(self.splitter, 1)
        for key, action in self.actions_by_name().items():
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
                button.setObjectName(f"timeline_{key}_button")
        put_tools_in_tab_order(self.toolbar, self.tr("More timeline tools"))
        offer_in_context_menu(self.view, [a for a in self.toolbar.actions() if a.text()])
        QWidget.setTabOrder(self.scale_combo, self.view)

        self.scale_combo.setCurrentIndex(_SCALES.index(self.view.scale_name))
        self.scale_combo.currentIndexChanged.connect(self._on_scale_combo_current_index_changed)
        self.view.zoom_changed.connect(self._on_view_zoom_changed)
        document.plan_changed.connect(self._on_document_plan_changed)
        self._show_summary()
        self._show_baseline_state()

    def _action(
        self,
        text: str,
        tip: str,
        shortcut: QKeySequence.StandardKey | str,
        slot: Callable[[], None] | None,
        chart_only: bool = False,
        in_toolbar: bool = True,
    ) -> QAction:
        """An action with text, shortcut and tips; single-key shortcuts act only while the chart has focus."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        action.setStatusTip(tip)
        if slot is not None:
            action.triggered.connect(slot)
        (self.gantt_area if chart_only else self).addAction(action)
        if in_toolbar:
            self.toolbar.addAction(action)
        return action

    def _scale_actions(self) -> dict[ScaleName, QAction]:
        group = QActionGroup(self)
        found: dict[ScaleName, QAction] = {}
        texts = (self.tr("&Week scale"), self.tr("&Month scale"), self.tr("&Quarter scale"))
        tips = (
            self.tr("Show day columns under week labels"),
            self.tr("Show months"),
            self.tr("Show financial-year quarters"),
        )
        for number, (name, text, tip) in enumerate(zip(_SCALES, texts, tips, strict=True), start=1):
            action = self._action(text, tip, str(number), None, chart_only=True, in_toolbar=False)
            action.setCheckable(True)
            action.setChecked(name == self.view.scale_name)
            action.triggered.connect(lambda _checked=False, scale=name: self.view.set_scale(scale))
            group.addAction(action)
            found[name] = action
        return found

    def actions_by_name(self) -> dict[str, QAction]:
        """Every action of the page, by a short name."""
        return {
            "zoom_in": self.zoom_in_action,
            "zoom_out": self.zoom_out_action,
            "today": self.today_action,
            "fit": self.fit_action,
            "links": self.links_action,
            "critical": self.critical_action,
            "baseline": self.baseline_action,
            "export_png": self.export_png_action,
            "export_pdf": self.export_pdf_action,
            "start": self.start_action,
            **{f"scale_{k}": v for k, v in self.scale_actions.items()},
        }

    # --- summary ---------------------------------------------------------------------------------------

    def summary_text(self) -> str:
        """The one-line schedule summary shown above the chart."""
        schedule = self._document.schedule
        texts = {
            "unscheduled": self.tr("The plan cannot be scheduled: see the message on the timeline."),
            "finish": self.tr("Finish {date}"),
            "days": self.tr("{n} working days"),
            "months": self.tr("{n} months"),
            "beyond": self.tr("beyond the {months}-month benchmark by {over} months"),
            "within": self.tr("within the {months}-month benchmark ({under} months to spare)"),
            "violations": self.tr("{n} violations")
            if schedule is None or len(schedule.violations) != 1
            else self.tr("{n} violation"),
            "no_violations": self.tr("no violations"),
        }
        count = len(schedule.violations) if schedule is not None else 0
        return summary_line(self._document.plan, schedule, count, texts)

    def _show_summary(self) -> None:
        self.summary.setText(self.summary_text())

    # --- slots -----------------------------------------------------------------------------------------

    def _on_scale_combo_current_index_changed(self, index: int) -> None:
        self.view.set_scale(_SCALES[index])

    def _on_view_zoom_changed(self, _pixels: float) -> None:
        name = self.view.scale_name
        self.scale_combo.blockSignals(True)
        self.scale_combo.setCurrentIndex(_SCALES.index(name))
        self.scale_combo.blockSignals(False)
        self.scale_actions[name].setChecked(True)

    def _on_links_action_toggled(self, on: bool) -> None:
        self.view.set_show_links(on)

    def _on_critical_action_toggled(self, on: bool) -> None:
        self.view.set_critical_only(on)

    def _on_baseline_action_toggled(self, on: bool) -> None:
        self.view.set_show_baseline(on)
        self._show_baseline_state()

    def _on_document_plan_changed(self, changes: ChangeSet) -> None:
        self._show_summary()
        if changes.touches("project") or changes.touches("baselines") or not changes.parts:
            self._show_baseline_state()

    def _show_baseline_state(self) -> None:
        """Offer the baseline toggle only while a baseline is chosen; the legend explains what is drawn."""
        chosen = self._document.plan.active_baseline
        self.baseline_action.setEnabled(chosen is not None)
        tip = self.baseline_action.statusTip()
        if chosen is None:
            tip = self.tr("Choose a baseline in the project settings to compare the timeline with it")
        else:
            tip = self.tr("{tip} (baseline: {name})").format(tip=tip, name=chosen.name or chosen.id)
        keys = self.baseline_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.baseline_action.setToolTip(f"{tip} ({keys})")
        self.legend.set_show_baseline(chosen is not None and self.baseline_action.isChecked())

    # --- export ----------------------------------------------------------------------------------------

    def _ask_export_path(self, title: str, file_filter: str, suffix: str) -> Path | None:
        """Ask where to export; ``None`` when cancelled (tests replace this)."""
        stem = self._document.display_name.rsplit(".", 1)[0] or "plan"
        return ask_save_path(self, title, f"{stem}-timeline{suffix}", file_filter, suffix)

    def _export_png(self) -> None:
        path = self._ask_export_path(self.tr("Export timeline as PNG"), self.tr("PNG images (*.png)"), ".png")
        if path is not None and not self.view.export_png(
            path, self._document.plan.project.name, self.summary_text()
        ):
            QMessageBox.warning(
                self, self.tr("Export failed"), self.tr("Could not write {path}.").format(path=path)
            )

    def _export_pdf(self) -> None:
        path = self._ask_export_path(
            self.tr("Export timeline as PDF"), self.tr("PDF documents (*.pdf)"), ".pdf"
        )
        if path is not None:
            self.view.export_pdf(path, self._document.plan.project.name, self.summary_text())
