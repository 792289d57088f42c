"""The Scenarios page: keep alternative versions of the plan and compare them side by side for a board.

The list shows the working plan and each scenario; New, Rename, Delete and Switch to push engine edits
through the document (one undo step each). Compare runs ``app.engine.scenarios.compare`` on a worker with
progress and Cancel, then shows the figures in a table and a chart. The engine computes; the page formats.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import ChangeSet, Edit, EditError, RemoveItem
from app.engine.model import Plan
from app.engine.risk import SimulationCancelled
from app.engine.scenarios import ScenarioFigures, SwitchScenario, add_scenario, compare, rename_scenario
from app.ui.appearance import style_notice
from app.ui.document import Document
from app.ui.file_dialogs import ask_save_path
from app.ui.widgets.chart_host import ChartHost
from app.ui.widgets.scenario_comparison import ScenarioComparisonModel, comparison_description
from app.ui.widgets.scenario_versions import WORKING, ScenarioVersionList
from app.ui.workers import Cancelled, Job, JobCancelled, JobSlot, Progress


class ScenariosPage(QWidget):
    """The versions of the plan, their actions, and a comparison table and chart.

    Args:
        document: the open document; scenarios are ``document.plan.scenarios``.
        parent: the owning widget.

    Actions (on the page, for menus): ``new_action``, ``rename_action``, ``delete_action``,
    ``switch_action``, ``compare_action``, ``cancel_action``, ``export_action``; ``scenario_actions`` lists
    the first four.

    Signals:
        comparison_started(): a comparison was queued on a worker.
        comparison_finished(object): a comparison finished; its ``ScenarioFigures`` tuple is shown.
        comparison_cancelled(): a comparison stopped on Cancel; nothing new is shown.
        comparison_failed(str): a comparison failed; the message is shown.
    """

    comparison_started = Signal()
    comparison_finished = Signal(object)
    comparison_cancelled = Signal()
    comparison_failed = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scenarios_page")
        self._document = document
        self._worker = JobSlot(self)
        self._worker.running_changed.connect(self._set_running)
        self._worker.progressed.connect(self._set_progress)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.cancelled.connect(self._on_worker_cancelled)
        self._worker.failed.connect(self._on_worker_failed)
        self._figures: tuple[ScenarioFigures, ...] | None = None
        self._compared_plan: Plan | None = None

        self.version_list = ScenarioVersionList(self)
        self._build_actions()
        self._build_compare_controls()
        self.comparison_model = ScenarioComparisonModel(self)
        self.table = self._build_table()
        self.chart_host = ChartHost(self.tr("Scenario comparison chart"), "scenarios", self)
        self.chart_host.placeholder.setText(self.tr("Compare the versions to see this chart."))
        for button in (self.chart_host.export_png_button, self.chart_host.export_svg_button):
            button.hide()  # the page's "Export chart…" offers PNG, PDF and SVG in one place
        self._lay_out()
        self.version_list.show_plan(document.plan)
        self.version_list.itemSelectionChanged.connect(self._update_actions)
        self.version_list.activated.connect(self._on_version_list_activated)
        document.plan_changed.connect(self._on_document_plan_changed)
        self._update_actions()

    # --- building ---------------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        listed = self.version_list
        self.new_action = self._action(self.tr("&New scenario from current plan…"),
                                       self.tr("Copy the working plan into a new scenario"), "Ctrl+Shift+N",
                                       self.new_scenario)
        self.rename_action = self._action(self.tr("&Rename…"), self.tr("Rename the selected version"), "F2",
                                          self.rename_selected, listed)
        self.delete_action = self._action(self.tr("&Delete"), self.tr("Delete the selected scenario"), "Del",
                                          self.delete_selected, listed)
        self.switch_action = self._action(
            self.tr("S&witch to"), self.tr("Make the selected scenario the working plan on every page"),
            "Ctrl+Return", self.switch_to_selected)
        self.scenario_actions = [self.new_action, self.rename_action, self.delete_action, self.switch_action]
        self.compare_action = self._action(self.tr("&Compare"),
                                           self.tr("Work out the figures of every version, side by side"),
                                           "Ctrl+R", self.run)
        self.cancel_action = self._action(self.tr("Ca&ncel"), self.tr("Stop the running comparison"), "Esc",
                                          self.cancel)
        self.cancel_action.setEnabled(False)
        self.export_action = self._action(self.tr("&Export chart…"),
                                          self.tr("Save the comparison chart as PNG, PDF or SVG"),
                                          "Ctrl+Shift+E", self.export_chart_interactively)
        self.export_action.setEnabled(False)
        names = (self.tr("New scenario from current plan"), self.tr("Rename version"),
                 self.tr("Delete scenario"), self.tr("Switch to scenario"))
        self.version_buttons = [self._tool_button(a, n) for a, n in zip(self.scenario_actions, names,
                                                                        strict=True)]

    def _build_compare_controls(self) -> None:
        self.iterations_spin = QSpinBox(self)
        self.iterations_spin.setRange(100, 100_000)
        self.iterations_spin.setSingleStep(500)
        self.iterations_spin.setValue(1_000)
        self.iterations_spin.setGroupSeparatorShown(True)
        self.iterations_spin.setAccessibleName(self.tr("Iterations per version"))
        self.iterations_spin.setToolTip(self.tr("Monte Carlo iterations for each version's P50 and P80"))
        self.seed_spin = QSpinBox(self)
        self.seed_spin.setRange(0, 2_147_483_647)
        self.seed_spin.setValue(1)
        self.seed_spin.setAccessibleName(self.tr("Random seed"))
        self.seed_spin.setToolTip(self.tr("Every version is simulated with this seed"))
        self.compare_button = self._tool_button(self.compare_action, self.tr("Compare versions"))
        self.cancel_button = self._tool_button(self.cancel_action, self.tr("Cancel comparison"))
        self.export_button = self._tool_button(self.export_action, self.tr("Export comparison chart"))
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName(self.tr("Comparison progress"))
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label = QLabel(self.tr("Not compared yet."), self)
        self.status_label.setAccessibleName(self.tr("Comparison status"))
        self.stale_label = QLabel(self.tr("The plan has changed since this comparison ran: "
                                          "compare again to bring the figures up to date."), self)
        self.stale_label.setObjectName("scenarios_stale")
        self.stale_label.setAccessibleName(self.tr("Comparison out of date"))
        self.stale_label.setWordWrap(True)
        style_notice(self.stale_label)
        self.stale_label.hide()

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.comparison_model)
        table.setAccessibleName(self.tr("Scenario comparison"))
        table.setAlternatingRowColors(True)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    def _lay_out(self) -> None:
        heading = QLabel(self.tr("Scenario &list:"), self)
        heading.setBuddy(self.version_list)
        buttons = QVBoxLayout()
        for button in self.version_buttons:
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(heading)
        column.addWidget(self.version_list, 1)
        column.addLayout(buttons)
        row = QHBoxLayout()
        # Alt+letters the window's menus and tabs do not use ("Iterations" has none left).
        fields = ((self.tr("Iterations:"), self.iterations_spin), (self.tr("See&d:"), self.seed_spin))
        for text, field in fields:
            label = QLabel(text, self)
            label.setBuddy(field)
            row.addWidget(label)
            row.addWidget(field)
        for widget in (self.compare_button, self.cancel_button):
            row.addWidget(widget)
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.status_label, 1)
        row.addWidget(self.export_button)
        results = QSplitter(Qt.Orientation.Vertical, self)
        results.addWidget(self.table)
        results.addWidget(self.chart_host)
        results.setSizes([250, 450])
        right = QWidget(self)
        stack = QVBoxLayout(right)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addLayout(row)
        stack.addWidget(self.stale_label)
        stack.addWidget(results, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 1000])
        QVBoxLayout(self).addWidget(splitter)

    def _action(self, text: str, tip: str, keys: str, slot: Callable[[], None],
                scope: QWidget | None = None) -> QAction:
        """A page action; ``scope`` narrows its shortcut to one widget (Delete and F2: the list only)."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut if scope is not None
                                  else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({native})")
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        (scope or self).addAction(action)
        return action

    def _tool_button(self, action: QAction, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAccessibleName(name)
        return button

    # --- versions ---------------------------------------------------------------------------------------

    def new_scenario(self) -> None:
        """Ask for a name and copy the working plan into a new scenario of that name."""
        plan = self._document.plan
        name = self._ask_name(self.tr("New scenario"), self.tr("Name of the new scenario:"),
                              self.tr("%1 (copy)").replace("%1", plan.project.scenario_name))
        if name is not None:
            self._push(lambda: add_scenario(self._document.plan, name), self.tr("New scenario"))

    def rename_selected(self) -> None:
        """Ask for a new name for the selected version (the working plan included)."""
        key = self.version_list.selected_key()
        if key is None:
            return
        scenario_id = None if key == WORKING else key
        current = self._name_of(key)
        name = self._ask_name(self.tr("Rename version"), self.tr("New name for '%1':").replace("%1", current),
                              current)
        if name is not None and name.strip() != current:
            self._push(lambda: rename_scenario(self._document.plan, scenario_id, name), self.tr("Rename"))

    def delete_selected(self) -> None:
        """Delete the selected scenario after asking (the working plan cannot be deleted)."""
        key = self.version_list.selected_key()
        if not key:
            return
        name = self._name_of(key)
        if self._confirm_delete(name):
            label = self.tr("Delete scenario '%1'").replace("%1", name)
            self._push(lambda: RemoveItem("scenarios", key, label), self.tr("Delete scenario"))

    def switch_to_selected(self) -> None:
        """Make the selected scenario the working plan (undo switches back)."""
        self.switch_to(self.version_list.selected_key())

    def switch_to(self, key: str | None) -> None:
        """Make scenario ``key`` the working plan; nothing happens for the working plan itself."""
        if not key:
            return
        label = self.tr("Switch to scenario '%1'").replace("%1", self._name_of(key))
        if self._push(lambda: SwitchScenario(key, label), self.tr("Switch scenario")):
            self.version_list.select_key(WORKING)

    def _push(self, make: Callable[[], Edit], title: str) -> bool:
        """Build an edit and push it; an ``EditError`` is shown as a message and nothing changes."""
        try:
            self._document.push(make())
        except EditError as error:
            self._show_error(title, str(error))
            return False
        return True

    def _name_of(self, key: str) -> str:
        plan = self._document.plan
        if key == WORKING:
            return plan.project.scenario_name
        return next((s.name for s in plan.scenarios if s.id == key), key)

    def _update_actions(self) -> None:
        key = self.version_list.selected_key()
        self.rename_action.setEnabled(key is not None)
        self.delete_action.setEnabled(bool(key))
        self.switch_action.setEnabled(bool(key))

    # --- dialogs (tests replace these) --------------------------------------------------------------------

    def _ask_name(self, title: str, label: str, text: str) -> str | None:
        """Ask for a version name; None when cancelled."""
        name, accepted = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return name if accepted else None

    def _confirm_delete(self, name: str) -> bool:
        """Ask before deleting scenario ``name``."""
        answer = QMessageBox.question(
            self, self.tr("Delete scenario"),
            self.tr("Delete the scenario '%1'? You can undo this.").replace("%1", name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _show_error(self, title: str, message: str) -> None:
        """Show why an action could not be done (one clear line, no traceback)."""
        QMessageBox.warning(self, title, message)

    # --- comparing --------------------------------------------------------------------------------------

    @property
    def figures(self) -> tuple[ScenarioFigures, ...] | None:
        """The figures shown, one per version, if a comparison has finished."""
        return self._figures

    @property
    def job(self) -> Job | None:
        """The worker running a comparison, if one is."""
        return self._worker.job

    def is_running(self) -> bool:
        """True while a comparison runs on a worker."""
        return self._worker.is_running()

    def is_stale(self) -> bool:
        """True when figures are shown and the plan has changed since they were worked out."""
        return self._compared_plan is not None and self._compared_plan != self._document.plan

    def run(self) -> None:
        """Start comparing every version of the current plan (ignored while a comparison runs)."""
        if self._worker.is_running():
            return
        plan = self._document.plan
        iterations, seed = self.iterations_spin.value(), self.seed_spin.value()

        def work(progress: Progress, cancelled: Cancelled) -> tuple[Plan, tuple[ScenarioFigures, ...]]:
            try:
                return plan, compare(plan, iterations, seed, progress, cancelled)
            except SimulationCancelled as exc:
                raise JobCancelled from exc

        versions = 1 + len(plan.scenarios)
        self._set_progress(0, iterations * versions)
        self.status_label.setText(self.tr("Comparing %1 versions…").replace("%1", str(versions)))
        self._worker.start(work)
        self.comparison_started.emit()

    def cancel(self) -> None:
        """Ask the running comparison to stop."""
        if self._worker.cancel():
            self.status_label.setText(self.tr("Cancelling…"))

    def shutdown(self) -> None:
        """Cancel any running comparison and wait for its worker to end (call before the window goes)."""
        self._worker.shutdown()

    def _set_running(self, running: bool) -> None:
        self.compare_action.setEnabled(not running)
        self.cancel_action.setEnabled(running)
        self.iterations_spin.setEnabled(not running)
        self.seed_spin.setEnabled(not running)

    def _set_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.progress_bar.setFormat(self.tr("%1 of %2 iterations").replace("%1", f"{done:,}")
                                    .replace("%2", f"{total:,}"))

    def _on_worker_finished(self, outcome: object) -> None:
        plan, figures = cast(tuple[Plan, tuple[ScenarioFigures, ...]], outcome)
        self._figures, self._compared_plan = figures, plan
        self._set_progress(self.progress_bar.maximum(), self.progress_bar.maximum())
        self.status_label.setText(self.tr("Compared %1 versions.").replace("%1", str(len(figures))))
        self._show_figures()
        self.comparison_finished.emit(figures)

    def _on_worker_cancelled(self) -> None:
        self.progress_bar.setValue(0)
        kept = self.tr(" The previous comparison is still shown.") if self._figures is not None else ""
        self.status_label.setText(self.tr("Cancelled.") + kept)
        self.comparison_cancelled.emit()

    def _on_worker_failed(self, error: object) -> None:
        self.progress_bar.setValue(0)
        message = str(error) or type(error).__name__
        self.status_label.setText(self.tr("Could not compare: %1").replace("%1", message))
        self.comparison_failed.emit(message)

    # --- showing and exporting ----------------------------------------------------------------------------

    def _show_figures(self) -> None:
        from app.charts.scenario_charts import comparison_figure

        if self._figures is None:
            return
        self.comparison_model.set_versions(self._figures)
        self.chart_host.set_figure(comparison_figure(self._figures), comparison_description(self._figures))
        self.export_action.setEnabled(True)
        self._update_stale()

    def _update_stale(self) -> None:
        self.stale_label.setVisible(self.is_stale())

    def export_chart(self, path: Path) -> None:
        """Write the comparison chart to ``path`` (PNG, PDF or SVG by suffix).

        Raises:
            ValueError: there is no chart yet, or the suffix is not one of those.
            OSError: the file could not be written.
        """
        from app.charts.scenario_charts import export

        figure = self.chart_host.figure
        if figure is None:
            raise ValueError(self.tr("Compare the versions first: there is no chart yet."))
        export(figure, path)

    def export_chart_interactively(self) -> None:
        """Ask where to save the chart (PNG unless the name ends .pdf or .svg) and write it."""
        if self.chart_host.figure is None:
            return
        file_filter = ";;".join((self.tr("PNG images (*.png)"), self.tr("PDF documents (*.pdf)"),
                                 self.tr("SVG drawings (*.svg)")))
        path = ask_save_path(self, self.tr("Export chart"), "scenarios.png", file_filter, "")
        if path is None:
            return
        if path.suffix.lower() not in (".png", ".pdf", ".svg"):
            path = path.with_name(path.name + ".png")
        try:
            self.export_chart(path)
        except (OSError, ValueError) as error:
            self._show_error(self.tr("Export chart"), self.tr("Could not save the chart to %1:\n%2")
                             .replace("%1", str(path)).replace("%2", str(error)))

    # --- document and events ----------------------------------------------------------------------------

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        self.version_list.show_plan(self._document.plan)
        self._update_actions()
        self._update_stale()

    def _on_version_list_activated(self, index: QModelIndex) -> None:
        self.switch_to(self.version_list.key_of(self.version_list.item(index.row())))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Stop the worker before the page closes."""
        self.shutdown()
        super().closeEvent(event)
