"""The task panel: the sortable, filterable task table beside the editor of the current task.

The table (``TaskTableModel`` behind ``TaskFilterProxyModel``) and the editor (``TaskPropertiesPanel``) share
a ``TaskSelection`` with the rest of the window (the Gantt chart), both ways. ``task_actions`` add a task
after the current one, delete tasks with every dependency on them, link a predecessor and plan a wave, each
as one undoable edit; their shortcuts act only inside the panel.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import ChangeSet, InsertItem
from app.engine.estate_edits import free_id
from app.engine.model import Dependency, Task
from app.engine.task_edits import delete_tasks_edit
from app.ui.document import Document
from app.ui.models.task_table import COLUMN_KEYS, TaskFilterProxyModel, TaskTableModel
from app.ui.selection import TaskSelection
from app.ui.widgets.table_columns import fit_columns, item_table
from app.ui.widgets.task_properties import TaskPropertiesPanel

# Widest a column starts (pixels) when fitted to its contents; long text elides, with a tooltip.
_MAX_WIDTH = {"name": 180, "phase": 105, "kind": 95, "predecessors": 200}
_DEFAULT_MAX_WIDTH = 110
_NEW_TASK_DAYS = 5
_ENDS_IN_NUMBER = re.compile(r".*\d")


class TaskPanel(QWidget):
    """The task table with a filter and a count, beside the editor of the current task.

    Args:
        document: the open document.
        task_selection: the task selection shared with other views (the Gantt chart).
        parent: the owning widget.

    Attributes:
        task_actions: add task, delete task, add predecessor, plan wave and find (for a menu or toolbar).
    """

    def __init__(self, document: Document, task_selection: TaskSelection,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.selection = task_selection
        self._syncing = False
        self.model = TaskTableModel(document, self)
        self.proxy = TaskFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setAccessibleName(self.tr("Filter tasks"))
        self.filter_edit.setPlaceholderText(self.tr("Filter by ID, name, phase or kind…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(260)
        filter_label = QLabel(self.tr("&Filter:"), self)
        filter_label.setBuddy(self.filter_edit)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Task count"))
        self.table = self._build_table()
        self.properties = TaskPropertiesPanel(document, task_selection, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.properties)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([830, 450])
        self.task_actions = self._build_actions()
        self.toolbar = self._build_toolbar()

        top = QHBoxLayout()
        top.addWidget(self.toolbar)
        top.addStretch(1)
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.filter_edit, self.table)

        document.plan_changed.connect(self._on_document_plan_changed)
        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        task_selection.selection_changed.connect(self._on_selection_selection_changed)
        self._fit_columns()
        self._show_selection()
        self._update_count()
        self._update_actions()

    # --- building ------------------------------------------------------------------------------------

    def _build_table(self) -> QTableView:
        table = item_table(self, self.proxy, self.tr("Tasks"))
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(False)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        table.horizontalHeader().setHighlightSections(False)
        table.horizontalHeader().setSectionsMovable(True)
        return table

    def _action(self, text: str, tip: str, shortcuts: list[str], slot: Callable[[], None],
                icon: QIcon.ThemeIcon, scope: QWidget | None = None) -> QAction:
        action = QAction(QIcon.fromTheme(icon), text, self)
        action.setStatusTip(tip)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        keys = QKeySequence(shortcuts[0]).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})")
        # Shortcuts act only on this panel, or (Delete) on the table it deletes from.
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut if scope is not None
                                  else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        (scope or self).addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> list[QAction]:
        theme = QIcon.ThemeIcon
        self.add_task_action = self._action(
            self.tr("&Add Task"), self.tr("Add a task after the current one, in its phase"),
            ["Ctrl+Shift+T", "Ins"], self.add_task, theme.ListAdd)
        self.delete_task_action = self._action(
            self.tr("De&lete Task"), self.tr("Delete the selected tasks and every dependency on them"),
            ["Del"], self.delete_tasks, theme.EditDelete, self.table)
        self.add_predecessor_action = self._action(
            self.tr("Add &Predecessor"), self.tr("Link the current task after another task"),
            ["Ctrl+Shift+K"], self.add_predecessor, theme.InsertLink)
        self.plan_wave_action = self._action(
            self.tr("Plan &Wave…"), self.tr("Create the standard task chain for the systems of a wave"),
            ["Ctrl+Shift+G"], self.plan_wave, theme.DocumentNew)
        self.find_action = self._action(
            self.tr("&Find Task"), self.tr("Filter the task table"), ["Ctrl+F"], self.focus_filter,
            theme.EditFind)
        for action in (self.add_task_action, self.add_predecessor_action):
            self.table.addAction(action)
        return [self.add_task_action, self.delete_task_action, self.add_predecessor_action,
                self.plan_wave_action, self.find_action]

    def _build_toolbar(self) -> QToolBar:
        toolbar = QToolBar(self.tr("Task toolbar"), self)
        toolbar.setAccessibleName(self.tr("Task toolbar"))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in self.task_actions[:4]:
            if action is self.plan_wave_action:
                toolbar.addSeparator()
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text().replace("&", "").replace("…", ""))
        return toolbar

    def _fit_columns(self) -> None:
        """Fit columns to their contents, capping long text columns; the last column takes what is left."""
        fit_columns(self.table, COLUMN_KEYS, _MAX_WIDTH, _DEFAULT_MAX_WIDTH)

    # --- actions -------------------------------------------------------------------------------------

    def add_task(self) -> None:
        """Add a task after the current one (same phase, linked finish to start) and select it."""
        plan = self._document.plan
        current = self.properties.task()
        like = current.id if current is not None and _ENDS_IN_NUMBER.fullmatch(current.id) else None
        task = Task(free_id(plan.task_by_id, like, "T"), self.tr("New task"), _NEW_TASK_DAYS,
                    phase=current.phase if current is not None else None,
                    predecessors=(Dependency(current.id),) if current is not None else ())
        index = next((k + 1 for k, t in enumerate(plan.tasks) if current is not None and t.id == current.id),
                     None)
        if self.proxy.text:
            self.filter_edit.clear()
        label = self.tr("Add task {id}").format(id=task.id)
        self._document.push(InsertItem("tasks", task, index, label))
        self.selection.set_selected([task.id])
        self.properties.name_edit.setFocus()
        self.properties.name_edit.selectAll()

    def delete_tasks(self) -> None:
        """Delete the selected tasks and every dependency on them, as one undoable step."""
        plan = self._document.plan
        ids = [i for i in self.selection.ids if i in plan.task_by_id]
        if not ids:
            return
        rows = [r for r in (self._proxy_row(i) for i in ids) if r >= 0]
        first_row = min(rows, default=0)
        label = (self.tr("Delete task {id}").format(id=ids[0]) if len(ids) == 1
                 else self.tr("Delete {count} tasks").format(count=len(ids)))
        self._document.push(delete_tasks_edit(plan, ids, label))
        if self.proxy.rowCount():
            row = min(first_row, self.proxy.rowCount() - 1)
            self.selection.set_selected([self.model.task_id_at(self.proxy.mapToSource(
                self.proxy.index(row, 0)).row())])
        else:
            self.selection.set_selected([])

    def add_predecessor(self) -> None:
        """Link the current task after the nearest free earlier task (then pick another in its row)."""
        if self.properties.dependencies.add_predecessor():
            self.properties.dependencies.table.setFocus()

    def plan_wave(self) -> None:
        """Open the plan-wave dialog for the current task's phase."""
        from app.ui.dialogs.plan_wave_dialog import plan_wave_interactively

        current = self.properties.task()
        plan_wave_interactively(self, self._document, current.phase if current is not None else None)

    def focus_filter(self) -> None:
        """Move the keyboard focus to the filter box, with its text selected."""
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    def _update_actions(self) -> None:
        has_current = self.properties.task() is not None
        self.delete_task_action.setEnabled(has_current)
        self.add_predecessor_action.setEnabled(has_current and len(self._document.plan.tasks) > 1)

    # --- counts and selection ------------------------------------------------------------------------

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        schedule = self._document.schedule
        critical = int(schedule.critical.sum()) if schedule is not None else 0
        text = self.tr("{total} tasks") if shown == total else self.tr("{shown} of {total} tasks shown")
        text = text.format(shown=shown, total=total)
        if schedule is not None:
            text += self.tr(", {critical} critical").format(critical=critical)
        self.count_label.setText(text)

    def _proxy_row(self, task_id: str) -> int:
        row = self.model.row_of(task_id)
        return self.proxy.mapFromSource(self.model.index(row, 0)).row() if row >= 0 else -1

    def _show_selection(self) -> None:
        """Select the rows of ``selection.ids`` in the table (the current one last), scrolled into view."""
        self._syncing = True
        try:
            model = self.table.selectionModel()
            chosen = QItemSelection()
            last = self.proxy.columnCount() - 1
            for task_id in self.selection.ids:
                row = self._proxy_row(task_id)
                if row >= 0:
                    chosen.select(self.proxy.index(row, 0), self.proxy.index(row, last))
            model.select(chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            current = self.selection.current
            row = self._proxy_row(current) if current is not None else -1
            if row >= 0:
                index = self.proxy.index(row, 0)
                model.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.table.scrollTo(index)
        finally:
            self._syncing = False
        self._update_actions()

    def _selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        ids = [self.model.task_id_at(self.proxy.mapToSource(index).row()) for index in rows]
        current = self.table.selectionModel().currentIndex()
        if current.isValid():
            current_id = self.model.task_id_at(self.proxy.mapToSource(current).row())
            if current_id in ids:  # the row with focus is the one the editor shows
                ids.remove(current_id)
                ids.append(current_id)
        return ids

    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if not self._syncing:
            self._syncing = True
            try:
                self.selection.set_selected(self._selected_ids())
            finally:
                self._syncing = False
            self._update_actions()

    def _on_table_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._on_table_selection_changed(QItemSelection(), QItemSelection())

    def _on_selection_selection_changed(self, _ids: tuple[str, ...]) -> None:
        if not self._syncing:
            self._show_selection()

    def _on_filter_edit_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()
        if self.selection.current is not None and self._proxy_row(self.selection.current) >= 0:
            self.table.scrollTo(self.proxy.index(self._proxy_row(self.selection.current), 0))

    def _on_document_plan_changed(self, changes: ChangeSet) -> None:
        if changes.structural and changes.touches("tasks"):
            self.selection.prune(self._document.plan.task_by_id)
            self._show_selection()
            if changes.touches("project"):  # a different plan was loaded
                self._fit_columns()
        self._update_count()
        self._update_actions()
