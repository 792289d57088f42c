"""The Tracking page: baselines, the status date, actual progress, and RAG status against the baseline.

Answers the programme manager's "where are we against the plan we agreed": a bar to set the status date,
save and choose baselines and set the RAG thresholds; the programme's RAG banner; and tabs with the status
dashboard for the board, each phase's RAG, every task's progress (actuals recorded in place) and the cost
variance. Every figure is the engine's (``document.status``, ``document.variance``); the page formats, and
every change is one undoable edit pushed through the document.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.charts.status_charts import export_dashboard, status_dashboard
from app.engine.edits import ChangeSet
from app.ui.appearance import style_notice
from app.ui.document import Document
from app.ui.file_dialogs import ask_save_path
from app.ui.widgets.chart_host import ChartHost
from app.ui.widgets.keyboard_access import name_tab_bar
from app.ui.widgets.table_columns import item_table
from app.ui.widgets.tracking_banner import RagBanner
from app.ui.widgets.tracking_bar import TrackingBar
from app.ui.widgets.tracking_delegate import ProgressDelegate
from app.ui.widgets.tracking_models import (
    PROGRESS_KEYS,
    SORT_ROLE,
    ProgressFilterProxy,
    ProgressTableModel,
    rag_word,
    signed_money,
)
from app.ui.widgets.tracking_status_models import CostVarianceModel, PhaseStatusModel

_PROGRESS_WIDTHS = {"id": 70, "name": 240, "phase": 170, "finish_variance": 90, "percent_complete": 85}
_DATE_WIDTH = 100


class TrackingPage(QWidget):
    """Status date, baselines and RAG thresholds; the programme banner; dashboard, phases, progress, costs.

    Args:
        document: the open document; the page edits the project's tracking settings, ``plan.baselines``
            and the tasks' actuals, and shows ``document.status`` and ``document.variance``.
        parent: the owning widget.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._dashboard_stale = True
        self.progress_model = ProgressTableModel(document, self)
        self.progress_proxy = ProgressFilterProxy(self)
        self.progress_proxy.setSourceModel(self.progress_model)
        self.phase_model = PhaseStatusModel(document, self)
        self.cost_model = CostVarianceModel(document, self)
        self.bar = TrackingBar(document, self)
        self._build_export_button()
        self.message_label = QLabel(self)
        self.message_label.setAccessibleName(self.tr("Tracking message"))
        self.message_label.setWordWrap(True)
        style_notice(self.message_label)
        self.message_label.hide()
        self.banner = RagBanner(self)
        self._build_tabs()
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.banner)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([max(110, self.banner.sizeHint().height()), 560])  # taller with a larger font
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.bar)
        layout.addWidget(self.message_label)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.bar.status_date_check)
        self.bar.message_shown.connect(self._show_message)
        self.progress_model.edit_refused.connect(self._on_progress_model_edit_refused)
        document.plan_changed.connect(self._on_document_plan_changed)
        self.refresh()

    # --- building ------------------------------------------------------------------------------------

    def _build_export_button(self) -> None:
        self.export_button = QPushButton(self.tr("E&xport dashboard…"), self)
        self.export_button.setAccessibleName(self.tr("Export dashboard"))
        tip = self.tr("Save the status dashboard as a PNG, PDF or SVG file")
        self.export_button.setToolTip(tip)
        self.export_button.setStatusTip(tip)
        menu = QMenu(self.export_button)
        self.export_png_action = self._export_action(menu, self.tr("As &PNG image…"), ".png")
        self.export_pdf_action = self._export_action(menu, self.tr("As P&DF document…"), ".pdf")
        self.export_svg_action = self._export_action(menu, self.tr("As &SVG drawing…"), ".svg")
        self.export_button.setMenu(menu)

    def _export_action(self, menu: QMenu, text: str, suffix: str) -> QAction:
        action = QAction(text, self)
        tip = self.tr("Save the status dashboard as a {kind} file").format(kind=suffix[1:].upper())
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: self._export_interactively(suffix))
        menu.addAction(action)
        return action

    def _build_tabs(self) -> None:
        self.chart_host = ChartHost(self.tr("Status dashboard"), "status-dashboard", self)
        self.chart_host.placeholder.setText(self.tr("No status: the plan cannot be scheduled."))
        self.chart_host.export_png_button.hide()  # the page's Export dashboard offers PNG, PDF and SVG
        self.chart_host.export_svg_button.hide()
        self.phase_table = self._results_table(self.phase_model, self.tr("Phase RAG status"))
        self.phase_table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((260, 80, 90, 110, 110, 70)):
            self.phase_table.setColumnWidth(column, width)
        self._build_progress()
        self.cost_proxy = QSortFilterProxyModel(self)
        self.cost_proxy.setSourceModel(self.cost_model)
        self.cost_proxy.setSortRole(SORT_ROLE)
        self.cost_table = self._results_table(self.cost_proxy, self.tr("Cost variance by item"))
        self.cost_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.cost_table.setSortingEnabled(True)  # e.g. by variance: what moved most
        self.cost_table.horizontalHeader().setStretchLastSection(False)
        self.cost_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 170), (2, 150), (3, 110), (4, 110), (5, 110)):
            self.cost_table.setColumnWidth(column, width)
        self.cost_totals_label = QLabel(self)
        self.cost_totals_label.setAccessibleName(self.tr("Cost variance totals"))
        self.cost_totals_label.setWordWrap(True)
        costs = QWidget(self)
        costs_layout = QVBoxLayout(costs)
        costs_layout.setContentsMargins(0, 4, 0, 0)
        costs_layout.addWidget(self.cost_table, 1)
        costs_layout.addWidget(self.cost_totals_label)
        self.tabs = QTabWidget(self)
        name_tab_bar(self.tabs, self.tr("Tracking views"))
        self.tabs.addTab(self.chart_host, self.tr("Dash&board"))
        self.tabs.addTab(self.phase_table, self.tr("B&y phase"))
        # No free Alt+letter is left in these two names (the window's menus and tabs hold them all):
        # Ctrl+Tab moves between these views.
        self.tabs.addTab(self.progress_tab, self.tr("Progress"))
        self.tabs.addTab(costs, self.tr("Cost variance"))
        self.tabs.setCornerWidget(self.export_button, Qt.Corner.TopRightCorner)  # beside the dashboard's tab
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    def _results_table(self, model: QAbstractItemModel, name: str) -> QTableView:
        table = item_table(self, model, name)
        table.setSortingEnabled(False)  # engine order (plan order) is the meaningful one
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        return table

    def _build_progress(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setAccessibleName(self.tr("Search tasks"))
        self.search_edit.setPlaceholderText(self.tr("Search id, name or phase"))
        self.search_edit.setMinimumWidth(220)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.progress_proxy.set_text)
        hint = QLabel(
            self.tr(
                "Double-click or press F2 on an actual date or % complete to record progress; "
                "Delete clears an actual date."
            ),
            self,
        )
        hint.setWordWrap(True)
        table = QTableView(self)
        table.setModel(self.progress_proxy)
        table.setAccessibleName(self.tr("Task progress"))
        # No sort indicator before sorting is enabled: enabling it would sort thousands of rows by the first
        # column only to be unsorted again (item_table's order); -1 keeps plan order at no cost.
        table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        table.setSortingEnabled(True)
        table.setAlternatingRowColors(True)
        table.setObjectName("progress_table")
        table.setItemDelegate(ProgressDelegate(table))
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        for column, key in enumerate(PROGRESS_KEYS):
            header.resizeSection(column, _PROGRESS_WIDTHS.get(key, _DATE_WIDTH))
        self.progress_table = table
        self.clear_actual_action = QAction(self.tr("Clear actual date"), self)
        self.clear_actual_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.clear_actual_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.clear_actual_action.setStatusTip(self.tr("Clear the actual date in the current cell"))
        self.clear_actual_action.triggered.connect(lambda _checked=False: self.clear_current_actual())
        table.addAction(self.clear_actual_action)
        top = QHBoxLayout()
        top.addWidget(self.search_edit)
        top.addWidget(hint, 1)
        self.progress_tab = QWidget(self)
        layout = QVBoxLayout(self.progress_tab)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(table, 1)

    # --- actions -------------------------------------------------------------------------------------

    def clear_current_actual(self) -> None:
        """Clear the actual start or finish in the progress table's current cell (other cells: nothing)."""
        index = self.progress_table.currentIndex()
        if index.isValid() and PROGRESS_KEYS[index.column()] in ("actual_start", "actual_finish"):
            self.progress_proxy.setData(index, None, Qt.ItemDataRole.EditRole)

    def export_dashboard(self, path: Path) -> None:
        """Write the status dashboard (1280 x 800 layout) to ``path``: PNG, PDF or SVG by its suffix.

        Raises:
            ValueError: the plan cannot be scheduled (no status), or the suffix is not supported.
            OSError: the file could not be written.
        """
        status = self._document.status
        if status is None:
            raise ValueError(self.tr("There is no status to export: the plan cannot be scheduled."))
        export_dashboard(
            status_dashboard(status, self._document.variance, self._document.plan.project.name), path
        )

    def _export_interactively(self, suffix: str) -> None:
        filters = {
            ".png": self.tr("PNG images (*.png)"),
            ".pdf": self.tr("PDF documents (*.pdf)"),
            ".svg": self.tr("SVG drawings (*.svg)"),
        }
        path = ask_save_path(
            self, self.tr("Export dashboard"), f"status-dashboard{suffix}", filters[suffix], suffix
        )
        if path is None:
            return
        try:
            self.export_dashboard(path)
        except (OSError, ValueError) as error:
            QMessageBox.warning(
                self,
                self.tr("Export dashboard"),
                self.tr("Could not save the dashboard to {path}:\n{error}").format(path=path, error=error),
            )

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # --- refreshing ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the document's current tracking settings, status and variance."""
        status = self._document.status
        self.banner.show_assessment(
            status.programme if status is not None else None,
            self.tr("The plan cannot be scheduled (see the Project page): status waits until it can."),
        )
        self._show_cost_totals()
        self._dashboard_stale = True
        if self.tabs.currentWidget() is self.chart_host and self.isVisible():
            self._draw_dashboard()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Draw the dashboard if it changed while the page was hidden."""
        super().showEvent(event)
        if self.tabs.currentWidget() is self.chart_host and self._dashboard_stale:
            self._draw_dashboard()

    def _show_cost_totals(self) -> None:
        moved = self._document.variance
        if moved is None:
            self.cost_totals_label.setText(self.tr("Choose or save a baseline to compare costs with it."))
        elif moved.total_current is None or moved.total_change is None:
            self.cost_totals_label.setText(self.tr("No cost report: the plan cannot be scheduled."))
        else:
            self.cost_totals_label.setText(
                self.tr(
                    "Total (migrate option, ex VAT, before optimism bias): baseline {baseline}, "
                    "current {current}, variance {change}."
                ).format(
                    baseline=signed_money(moved.baseline.total_migrate).lstrip("+"),
                    current=signed_money(moved.total_current).lstrip("+"),
                    change=signed_money(moved.total_change),
                )
            )

    def _draw_dashboard(self) -> None:
        """Build the dashboard figure (only when its tab is shown: it is the slow part)."""
        self._dashboard_stale = False
        status = self._document.status
        if status is None:
            return
        programme = status.programme
        summary = self.tr("Programme {word}: {reason} Phases: {phases}.").format(
            word=rag_word(programme.status),
            reason=" ".join(programme.reasons[:3]),
            phases="; ".join(f"{p.name} {rag_word(p.status)}" for p in status.phases),
        )
        self.chart_host.set_figure(
            status_dashboard(status, self._document.variance, self._document.plan.project.name), summary
        )

    # --- slots ---------------------------------------------------------------------------------------

    def _on_progress_model_edit_refused(self, message: str) -> None:
        self._show_message(message)

    def _on_tabs_current_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.chart_host and self._dashboard_stale:
            self._draw_dashboard()

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        self._show_message("")
        self.refresh()
