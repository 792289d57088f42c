"""The Costs page: the plan's cost lines (edit in place or in the line editor) and the cost report by year.

Answers the finance officer's "what will it cost, year by year": a filterable table of cost lines, an
editor for the current line, and below them the report's figures by financial year, by category, a chart
and the report's warnings. Every figure is ``document.costs`` as the engine computed it; the page formats.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.charts.cost_charts import cost_by_fy
from app.charts.style import pounds
from app.engine.edits import ChangeSet, InsertItem, RemoveItems, next_id
from app.engine.model import COST_CATEGORIES, CostLine
from app.ui.appearance import style_notice
from app.ui.document import Document
from app.ui.models.cost_models import (
    CategoryTotalsModel,
    CostLineFilterProxy,
    CostLineTableModel,
    FinancialYearTotalsModel,
    option_label,
)
from app.ui.widgets.chart_host import ChartHost
from app.ui.widgets.cost_line_delegate import CostLineDelegate
from app.ui.widgets.cost_line_editor import CostLineEditor
from app.ui.widgets.keyboard_access import name_tab_bar, offer_in_context_menu, put_tools_in_tab_order
from app.ui.widgets.table_columns import item_table

_WIDTHS = {
    "id": 90,
    "name": 175,
    "category": 130,
    "option": 75,
    "kind": 72,
    "amount": 85,
    "timing": 170,
    "total": 115,
    "unit_cost": 85,
    "quantity": 80,
    "ob_category": 90,
    "system": 70,
}


class CostsPage(QWidget):
    """Cost lines with filters and an editor; totals by financial year and by category; chart; warnings.

    Args:
        document: the open document; the page edits ``document.plan.cost_lines`` and shows ``costs``.
        parent: the owning widget.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.model = CostLineTableModel(document, self)
        self.model.edit_refused.connect(self._on_edit_refused)
        self.proxy = CostLineFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.fy_model = FinancialYearTotalsModel(document, self)
        self.category_model = CategoryTotalsModel(document, self)
        self._build_filters()
        self._build_table()
        self._build_actions()
        self.editor = CostLineEditor(document, self)
        self.editor.setMinimumWidth(300)
        self._build_report()
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.setChildrenCollapsible(False)
        top.addWidget(self.table)
        top.addWidget(self.editor)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 1)
        top.setSizes([950, 330])
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.report_tabs)
        self.splitter.setSizes([510, 240])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 8, 0)
        bar.addWidget(self.toolbar)
        bar.addStretch(1)
        for widget in (self.option_filter, self.category_filter, self.search_edit):
            bar.addWidget(widget)
        layout.addLayout(bar)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.table)
        document.plan_changed.connect(self._on_document_plan_changed)
        self._refresh_report()
        if self.proxy.rowCount():
            self.table.selectRow(0)

    # --- building ------------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.option_filter = QComboBox(self)
        self.option_filter.setAccessibleName(self.tr("Show option"))
        for text, value in (
            (self.tr("Both options"), None),
            (option_label("migrate"), "migrate"),
            (option_label("do_minimum"), "do_minimum"),
        ):
            self.option_filter.addItem(text, value)
        self.category_filter = QComboBox(self)
        self.category_filter.setAccessibleName(self.tr("Show category"))
        self.category_filter.addItem(self.tr("All categories"), None)
        for category in COST_CATEGORIES:
            self.category_filter.addItem(category, category)
        self.search_edit = QLineEdit(self)
        self.search_edit.setAccessibleName(self.tr("Search cost lines"))
        self.search_edit.setPlaceholderText(self.tr("Search id, name, system, notes"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(220)
        self.option_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.category_filter.currentIndexChanged.connect(self._on_filter_changed)
        self.search_edit.textChanged.connect(self._on_filter_changed)
        self.notice_label = QLabel(self)
        self.notice_label.setAccessibleName(self.tr("Cost notice"))
        self.notice_label.setWordWrap(True)
        style_notice(self.notice_label)

    def _build_table(self) -> None:
        table = item_table(self, self.proxy, self.tr("Cost lines"))
        table.setObjectName("cost_lines_table")
        table.setItemDelegate(CostLineDelegate(table))
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        for key, width in _WIDTHS.items():
            header.resizeSection(self.model.column_of(key), width)
        table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.table = table

    def _build_actions(self) -> None:
        self.toolbar = QToolBar(self.tr("Cost line tools"), self)
        self.toolbar.setAccessibleName(self.tr("Cost line tools"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_action = self._action(
            self.tr("&Add line"), self.tr("Add a cost line"), "Ctrl+Shift+A", self.add_line
        )
        self.duplicate_action = self._action(
            self.tr("D&uplicate line"),
            self.tr("Copy the current cost line"),
            "Ctrl+Shift+D",
            self.duplicate_line,
        )
        self.delete_action = self._action(
            self.tr("&Delete lines"),
            self.tr("Delete the selected cost lines"),
            "Del",
            self.delete_lines,
            scope=self.table,
        )
        for name, action in (
            ("add", self.add_action),
            ("duplicate", self.duplicate_action),
            ("delete", self.delete_action),
        ):
            button = self.toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&", ""))
                button.setObjectName(f"costs_{name}_button")
        put_tools_in_tab_order(self.toolbar, self.tr("More cost line tools"))
        offer_in_context_menu(self.table, [self.add_action, self.duplicate_action, self.delete_action])

    def _action(
        self, text: str, tip: str, shortcut: str, slot: Callable[[], None], scope: QWidget | None = None
    ) -> QAction:
        """A page-scoped action; ``scope`` narrows its shortcut to one widget (Delete: the table only)."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(
            Qt.ShortcutContext.WidgetShortcut
            if scope is not None
            else Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})")
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        (scope or self).addAction(action)
        self.toolbar.addAction(action)
        return action

    def _build_report(self) -> None:
        self.fy_table = self._figures_table(self.fy_model, self.tr("Totals by financial year"))
        self.fy_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.fy_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.category_table = self._figures_table(self.category_model, self.tr("Totals by category"))
        self.category_table.verticalHeader().setVisible(False)
        self.category_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.chart_host = ChartHost(self.tr("Cost by financial year chart"), "cost-by-financial-year", self)
        self.chart_host.placeholder.setText(self.tr("No cost report: the plan cannot be scheduled."))
        self.warnings_list = QListWidget(self)
        self.warnings_list.setAccessibleName(self.tr("Cost warnings"))
        self.warnings_list.setWordWrap(True)
        self.report_tabs = QTabWidget(self)
        name_tab_bar(self.report_tabs, self.tr("Cost report"))
        self.report_tabs.addTab(self.fy_table, self.tr("By financial &year"))
        self.report_tabs.addTab(self.chart_host, self.tr("C&hart"))
        self.report_tabs.addTab(self.category_table, self.tr("By &category"))
        self.report_tabs.addTab(self.warnings_list, self.tr("&Warnings"))
        self._chart_stale = True
        self.report_tabs.currentChanged.connect(self._on_report_tabs_current_changed)

    def _figures_table(self, model: object, name: str) -> QTableView:
        table = QTableView(self)
        table.setModel(model)  # type: ignore[arg-type]
        table.setAccessibleName(name)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        return table

    # --- actions -------------------------------------------------------------------------------------

    def current_line(self) -> CostLine | None:
        """The cost line of the table's current row, or None."""
        line = self.table.currentIndex().data(Qt.ItemDataRole.UserRole)
        return line if isinstance(line, CostLine) else None

    def selected_ids(self) -> tuple[str, ...]:
        """Ids of the selected lines, in table order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = [self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole).id for r in rows]
        current = self.current_line()
        return tuple(ids) if ids else ((current.id,) if current is not None else ())

    def add_line(self) -> None:
        """Add a one-off line (no amount yet) on the project start date, after the current line."""
        plan = self._document.plan
        new_id = next_id((c.id for c in plan.cost_lines), "C")
        line = CostLine(
            new_id, self.tr("New cost line"), "Other", "one_off", 0.0, date=plan.project.start_date
        )
        self._insert(line, self.tr("Add cost line {id}").format(id=new_id))
        self.editor.name_edit.setFocus()
        self.editor.name_edit.selectAll()

    def duplicate_line(self) -> None:
        """Copy the current line under a new id, just after it."""
        line = self.current_line()
        if line is None:
            return
        new_id = next_id((c.id for c in self._document.plan.cost_lines), "C")
        copy = dataclasses.replace(line, id=new_id, name=self.tr("{name} (copy)").format(name=line.name))
        self._insert(copy, self.tr("Duplicate cost line {id} as {new}").format(id=line.id, new=new_id))

    def delete_lines(self) -> None:
        """Delete the selected lines as one undoable step."""
        ids = self.selected_ids()
        if not ids:
            return
        label = (
            self.tr("Delete cost line {id}").format(id=ids[0])
            if len(ids) == 1
            else self.tr("Delete {n} cost lines").format(n=len(ids))
        )
        self._document.push(RemoveItems("cost_lines", ids, label))

    def _insert(self, line: CostLine, label: str) -> None:
        current = self.current_line()
        lines = self._document.plan.cost_lines
        index = next((k + 1 for k, c in enumerate(lines) if current is not None and c.id == current.id), None)
        self._document.push(InsertItem("cost_lines", line, index, label))
        self.select_line(line.id)

    def select_line(self, line_id: str) -> None:
        """Make ``line_id`` the current, selected row (clearing filters that hide it)."""
        row = self.model.row_of(line_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            self.option_filter.setCurrentIndex(0)
            self.category_filter.setCurrentIndex(0)
            self.search_edit.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    # --- refreshing ----------------------------------------------------------------------------------

    def _refresh_report(self) -> None:
        report = self._document.costs
        self.notice_label.setVisible(report is None)
        self.notice_label.setText(
            self.tr(
                "Costs follow task dates, and the plan cannot be scheduled (see the "
                "Project page): the totals, chart and warnings wait until it can."
            )
        )
        self.warnings_list.clear()
        warnings = report.warnings if report is not None else ()
        for warning in warnings:
            self.warnings_list.addItem(f"{warning.message} [{warning.code}]")
        if report is not None and not warnings:
            self.warnings_list.addItem(self.tr("No warnings: every cost was placed inside the horizon."))
        index = self.report_tabs.indexOf(self.warnings_list)
        self.report_tabs.setTabText(index, self.tr("&Warnings ({n})").format(n=len(warnings)))
        self._chart_stale = True
        if self.report_tabs.currentWidget() is self.chart_host and self.isVisible():
            self._draw_chart()
        self._show_current()

    def _draw_chart(self) -> None:
        """Build the chart from the current report (only when its tab is shown: it is the slow part)."""
        report = self._document.costs
        self._chart_stale = False
        if report is None:
            return
        summary = self.tr("Migrate {migrate} and do minimum {do_minimum} over {n} financial years").format(
            migrate=pounds(report.total_migrate),
            do_minimum=pounds(report.total_do_minimum),
            n=len(report.fy_labels),
        )
        self.chart_host.set_figure(cost_by_fy(report), summary)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Draw the chart left undrawn while the page was hidden."""
        super().showEvent(event)
        if self.report_tabs.currentWidget() is self.chart_host and self._chart_stale:
            self._draw_chart()

    def _on_report_tabs_current_changed(self, _index: int) -> None:
        if self.report_tabs.currentWidget() is self.chart_host and self._chart_stale:
            self._draw_chart()

    def _show_current(self) -> None:
        line = self.current_line()
        self.editor.show_line(line.id if line is not None else None)
        has = line is not None
        self.duplicate_action.setEnabled(has)
        self.delete_action.setEnabled(has)

    def _on_filter_changed(self, *_args: object) -> None:
        self.proxy.set_filters(
            self.option_filter.currentData(), self.category_filter.currentData(), self.search_edit.text()
        )
        self._show_current()

    def _on_table_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        line_id = self.editor.line_id
        self._refresh_report()
        if line_id is not None and self.current_line() is None and self.model.row_of(line_id) >= 0:
            self.select_line(line_id)  # a model reset (add/delete/undo) dropped the current row

    def _on_edit_refused(self, message: str) -> None:
        """Say in the status bar why a cell edit was refused (the cell keeps its value)."""
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(message, 10000)
