"""The Risk page: run the Monte Carlo schedule simulation off the GUI thread and show how sure the date is.

It answers the board's question "how sure are we of the date, against the year-plus a provider change
usually takes?": P10-P90 finish dates, the chance of finishing within the benchmark window and by each
deadline, and three charts (finish histogram, S-curve, criticality tornado). The engine computes; the page
formats. matplotlib and the chart builders are imported only when the first result is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.engine.calendar import WorkingCalendar
from app.engine.edits import ChangeSet
from app.engine.model import Plan
from app.engine.risk import RiskResult, SimulationCancelled, simulate
from app.ui.appearance import muted_text, style_notice
from app.ui.document import Document
from app.ui.pages import risk_summary
from app.ui.selection import TaskSelection
from app.ui.widgets.chart_host import ChartHost
from app.ui.widgets.keyboard_access import name_tab_bar
from app.ui.workers import Cancelled, Job, JobCancelled, JobSlot, Progress

AUTO_RUN_TASK_LIMIT = 300  # plans smaller than this simulate on their own when the page is first shown
_TORNADO_TASKS = 15  # bars in the criticality tornado



class RiskPage(QWidget):
    """Simulation controls, progress, a text summary and three exportable charts.

    Args:
        document: the open document; the page simulates ``document.plan``.
        task_selection: the shared task selection (kept for the page set's common signature).
        parent: the owning widget.
        auto_run: simulate once on first show when the plan has fewer than ``AUTO_RUN_TASK_LIMIT`` tasks.

    Signals:
        simulation_started(): a run was queued on a worker.
        simulation_finished(object): a run finished; the ``RiskResult`` is shown.
        simulation_cancelled(): a run stopped on Cancel; the previous result stays.
        simulation_failed(str): a run failed (e.g. a dependency cycle); the message is shown.
    """

    simulation_started = Signal()
    simulation_finished = Signal(object)
    simulation_cancelled = Signal()
    simulation_failed = Signal(str)

    def __init__(self, document: Document, task_selection: TaskSelection, parent: QWidget | None = None,
                 auto_run: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("risk_page")
        self._document = document
        self._task_selection = task_selection
        self._auto_run = auto_run
        self._shown_once = False
        self._worker = JobSlot(self)
        self._worker.running_changed.connect(self._set_running)
        self._worker.progressed.connect(self._set_progress)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.cancelled.connect(self._on_worker_cancelled)
        self._worker.failed.connect(self._on_worker_failed)
        self._result: RiskResult | None = None
        self._result_plan: Plan | None = None
        self._project_distribution = document.plan.project.distribution

        self._build_controls()
        self.summary_view = QTextBrowser(self)
        self.summary_view.setObjectName("risk_summary")
        self.summary_view.setAccessibleName(self.tr("Simulation summary"))
        self.summary_view.setOpenLinks(False)
        self.summary_view.setHtml(risk_summary.empty_summary_html())
        self.charts = QTabWidget(self)
        name_tab_bar(self.charts, self.tr("Risk charts"))
        self.histogram_host, self.s_curve_host, self.tornado_host = self._build_chart_hosts()
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.summary_view)
        splitter.addWidget(self.charts)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 930])
        layout = QVBoxLayout(self)
        layout.addLayout(self._controls_row())
        layout.addWidget(self.stale_label)
        layout.addWidget(splitter, 1)
        document.plan_changed.connect(self._on_document_plan_changed)

    # --- building ---------------------------------------------------------------------------------------

    def _build_controls(self) -> None:
        self.iterations_spin = QSpinBox(self)
        self.iterations_spin.setRange(100, 100_000)
        self.iterations_spin.setSingleStep(1_000)
        self.iterations_spin.setValue(5_000)
        self.iterations_spin.setGroupSeparatorShown(True)
        self.iterations_spin.setAccessibleName(self.tr("Iterations"))
        self.iterations_spin.setToolTip(self.tr("How many times to simulate the schedule (more is smoother)"))
        self.seed_spin = QSpinBox(self)
        self.seed_spin.setRange(0, 2_147_483_647)
        self.seed_spin.setValue(1)
        self.seed_spin.setAccessibleName(self.tr("Random seed"))
        self.seed_spin.setToolTip(self.tr("The same seed gives the same result"))
        self.distribution_combo = QComboBox(self)
        self.distribution_combo.addItem(self.tr("PERT"), "pert")
        self.distribution_combo.addItem(self.tr("Triangular"), "triangular")
        self.distribution_combo.setAccessibleName(self.tr("Distribution"))
        self.distribution_combo.setToolTip(self.tr("How each task's three-point estimate is sampled"))
        self._select_distribution(self._project_distribution)
        self.run_action = self._action(self.tr("&Run simulation"), self.tr("Run the Monte Carlo simulation"),
                                       QKeySequence("Ctrl+R"), self._on_run_action_triggered)
        self.cancel_action = self._action(self.tr("&Cancel"), self.tr("Stop the running simulation"),
                                          QKeySequence(Qt.Key.Key_Escape), self._on_cancel_action_triggered)
        self.cancel_action.setEnabled(False)
        self.run_button = self._tool_button(self.run_action, self.tr("Run simulation"))
        self.cancel_button = self._tool_button(self.cancel_action, self.tr("Cancel simulation"))
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName(self.tr("Simulation progress"))
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label = QLabel(self.tr("Not run yet."), self)
        self.status_label.setObjectName("risk_status")
        self.status_label.setAccessibleName(self.tr("Simulation status"))
        self.stale_label = QLabel(self.tr("The plan has changed since this simulation ran: "
                                          "run it again to bring the results up to date."), self)
        self.stale_label.setObjectName("risk_stale")
        self.stale_label.setAccessibleName(self.tr("Results out of date"))
        self.stale_label.setWordWrap(True)
        style_notice(self.stale_label)
        self.stale_label.hide()

    def _controls_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        fields = ((self.tr("&Iterations:"), self.iterations_spin), (self.tr("&Seed:"), self.seed_spin),
                  (self.tr("&Distribution:"), self.distribution_combo))
        for text, field in fields:
            label = QLabel(text, self)
            label.setBuddy(field)
            row.addWidget(label)
            row.addWidget(field)
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.status_label, 1)
        return row

    def _build_chart_hosts(self) -> tuple[ChartHost, ChartHost, ChartHost]:
        hosts = (ChartHost(self.tr("Finish date histogram"), "finish-histogram", self),
                 ChartHost(self.tr("Finish date S-curve"), "finish-s-curve", self),
                 ChartHost(self.tr("Criticality tornado"), "criticality-tornado", self))
        titles = (self.tr("Finish dates"), self.tr("S-curve"), self.tr("Critical tasks"))
        for host, title in zip(hosts, titles, strict=True):
            self.charts.addTab(host, title)
        return hosts

    def _action(self, text: str, tip: str, keys: QKeySequence, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        native = keys.toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({native})")
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _tool_button(self, action: QAction, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAccessibleName(name)
        return button

    # --- state ------------------------------------------------------------------------------------------

    @property
    def result(self) -> RiskResult | None:
        """The result shown, if any (kept when a later run is cancelled or fails)."""
        return self._result

    @property
    def job(self) -> Job | None:
        """The worker running a simulation, if one is."""
        return self._worker.job

    def is_running(self) -> bool:
        """True while a simulation runs on a worker."""
        return self._worker.is_running()

    def is_stale(self) -> bool:
        """True when a result is shown and the plan has changed since it was computed."""
        return self._result_plan is not None and self._result_plan != self._document.plan

    # --- running ----------------------------------------------------------------------------------------

    def run(self) -> None:
        """Start a simulation of the current plan with the chosen settings (ignored while one runs)."""
        if self._worker.is_running():
            return
        plan = self._document.plan
        iterations, seed = self.iterations_spin.value(), self.seed_spin.value()
        distribution = self.distribution_combo.currentData()

        def work(progress: Progress, cancelled: Cancelled) -> tuple[Plan, RiskResult]:
            try:
                return plan, simulate(plan, iterations, seed, distribution, progress=progress,
                                      cancelled=cancelled)
            except SimulationCancelled as exc:
                raise JobCancelled from exc

        self._set_progress(0, iterations)
        self.status_label.setText(self.tr("Simulating %1 iterations…").replace("%1", f"{iterations:,}"))
        self._worker.start(work)
        self.simulation_started.emit()

    def cancel(self) -> None:
        """Ask the running simulation to stop; it reports back within one chunk of iterations."""
        if self._worker.cancel():
            self.status_label.setText(self.tr("Cancelling…"))

    def shutdown(self) -> None:
        """Cancel any running simulation and wait for its worker to end (call before the window goes)."""
        self._worker.shutdown()

    def _set_running(self, running: bool) -> None:
        self.run_action.setEnabled(not running)
        self.cancel_action.setEnabled(running)
        for control in (self.iterations_spin, self.seed_spin, self.distribution_combo):
            control.setEnabled(not running)

    def _set_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        self.progress_bar.setFormat(self.tr("%1 of %2 iterations").replace("%1", f"{done:,}")
                                    .replace("%2", f"{total:,}"))

    def _on_worker_finished(self, outcome: object) -> None:
        plan, result = cast(tuple[Plan, RiskResult], outcome)
        self._result, self._result_plan = result, plan
        self._set_progress(result.iterations, result.iterations)
        self.status_label.setText(self.tr("Done: %1 iterations, seed %2.")
                                  .replace("%1", f"{result.iterations:,}").replace("%2", str(result.seed)))
        self._show_result()
        self.simulation_finished.emit(result)

    def _on_worker_cancelled(self) -> None:
        self.progress_bar.setValue(0)
        kept = self.tr(" The previous result is still shown.") if self._result is not None else ""
        self.status_label.setText(self.tr("Cancelled.") + kept)
        self.simulation_cancelled.emit()

    def _on_worker_failed(self, error: object) -> None:
        self.progress_bar.setValue(0)
        message = str(error) or type(error).__name__
        self.status_label.setText(self.tr("Could not simulate: %1").replace("%1", message))
        self.simulation_failed.emit(message)

    # --- showing ----------------------------------------------------------------------------------------

    def _show_result(self) -> None:
        from app.charts import risk_charts

        result, plan = self._result, self._result_plan
        if result is None or plan is None:
            return
        calendar = WorkingCalendar.for_project(plan.project)
        muted = muted_text(self.summary_view.palette()).name()  # the settings line, legible in the theme
        self.summary_view.setHtml(risk_summary.summary_html(result, plan, muted))
        self.histogram_host.set_figure(risk_charts.finish_histogram(result, calendar),
                                       risk_summary.histogram_description(result, plan))
        self.s_curve_host.set_figure(risk_charts.finish_s_curve(result, calendar),
                                     risk_summary.s_curve_description(result, plan))
        top = risk_charts.top_critical_tasks(result, plan, _TORNADO_TASKS)
        self.tornado_host.set_figure(risk_charts.criticality_tornado(result, plan, _TORNADO_TASKS),
                                     risk_summary.tornado_description(top))
        self._update_stale()

    def _update_stale(self) -> None:
        self.stale_label.setVisible(self.is_stale())

    def _select_distribution(self, distribution: str) -> None:
        index = self.distribution_combo.findData(distribution)
        if index >= 0:
            self.distribution_combo.setCurrentIndex(index)

    # --- document and events ----------------------------------------------------------------------------

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        project_distribution = self._document.plan.project.distribution
        if project_distribution != self._project_distribution:
            self._project_distribution = project_distribution
            self._select_distribution(project_distribution)
        self._update_stale()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """On first show, simulate a small plan at once (a big one waits for Run)."""
        super().showEvent(event)
        if self._shown_once:
            return
        self._shown_once = True
        plan = self._document.plan
        if (self._auto_run and self._result is None and plan.tasks and len(plan.tasks) < AUTO_RUN_TASK_LIMIT
                and self._document.schedule is not None):
            self.run()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Stop the worker before the page closes."""
        self.shutdown()
        super().closeEvent(event)

    def _on_run_action_triggered(self) -> None:
        self.run()

    def _on_cancel_action_triggered(self) -> None:
        self.cancel()

