"""The predecessors of one task: a table of links (task, type, lag, reason) with Add and Remove buttons.

Each change is one undoable edit of the task's ``predecessors`` ("Add dependency T05 → T07"). A link that
would make a dependency cycle, repeat a predecessor or point at the task itself is refused with an inline
message naming the cycle, and nothing is pushed. Typing a lag merges into one undo step.
"""

from __future__ import annotations

import dataclasses
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import EditError, set_item_fields
from app.engine.model import DEPENDENCY_TYPES, Dependency, Task
from app.engine.task_edits import cycle_problem, default_predecessor
from app.ui.document import Document
from app.ui.widgets.property_fields import FieldError

_ROW_PROPERTY = "dependency_row"
_LONGEST_LAG = 9_999


class DependencyEditor(QWidget):
    """Edits the predecessor links of the task shown.

    Args:
        document: the document whose plan is edited.
        parent: the owning widget.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._task_id: str | None = None
        self._shown: tuple[Dependency, ...] | None = None
        self._names: tuple[tuple[str, str], ...] = ()
        self._loading = False
        self._lag_session = 0
        self._type_tips = {
            "FS": self.tr("Finish to start: starts after the predecessor finishes"),
            "SS": self.tr("Start to start: starts after the predecessor starts"),
            "FF": self.tr("Finish to finish: finishes after the predecessor finishes"),
            "SF": self.tr("Start to finish: finishes after the predecessor starts"),
        }
        self.task_model = QStandardItemModel(self)
        self.table = QTableWidget(0, 4, self)
        self.table.setAccessibleName(self.tr("Predecessors"))
        self.table.setHorizontalHeaderLabels([self.tr("Predecessor"), self.tr("Type"), self.tr("Lag (wd)"),
                                              self.tr("Reason")])
        lag_header = self.table.horizontalHeaderItem(2)
        if lag_header is not None:
            lag_header.setToolTip(self.tr("Working days; negative for a lead"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(QComboBox().sizeHint().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 4
                                    + header.sizeHint().height() + 4)
        self.add_button = QPushButton(self.tr("&Add Predecessor"), self)
        self.add_button.setAccessibleName(self.tr("Add predecessor"))
        self.add_button.setToolTip(self.tr("Link this task after another task (finish to start)"))
        self.remove_button = QPushButton(self.tr("Re&move Predecessor"), self)
        self.remove_button.setAccessibleName(self.tr("Remove predecessor"))
        self.remove_button.setToolTip(self.tr("Remove the selected link"))
        self.message = FieldError(self)
        self.message.setAccessibleName(self.tr("Dependency problem"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)

    # --- showing -------------------------------------------------------------------------------------

    def task(self) -> Task | None:
        """The task whose links are shown, or ``None``."""
        return self._document.plan.task_by_id.get(self._task_id) if self._task_id else None

    def show_task(self, task_id: str | None, force: bool = False) -> None:
        """Show the links of ``task_id``; rebuilt only when they (or the task names) changed, or ``force``."""
        if task_id != self._task_id:
            force = True
            self.show_message(None)
        self._task_id = task_id
        names = tuple((t.id, t.name) for t in self._document.plan.tasks)
        if names != self._names:
            self._names = names
            self._fill_task_model()
            force = True
        task = self.task()
        links = task.predecessors if task is not None else ()
        if force or links != self._shown:
            self._shown = links
            self._build_rows(links)
        self.setEnabled(task is not None)
        self._update_buttons()

    def show_message(self, message: str | None) -> None:
        """Show a refusal under the table, or clear it."""
        self.message.setText(message or "")
        self.message.setVisible(bool(message))

    def _fill_task_model(self) -> None:
        self.task_model.clear()
        for task_id, name in self._names:
            item = QStandardItem(f"{task_id}  {name}")
            item.setData(task_id, Qt.ItemDataRole.UserRole)
            item.setToolTip(name)
            self.task_model.appendRow(item)

    def _build_rows(self, links: tuple[Dependency, ...]) -> None:
        self._loading = True
        self.table.clearContents()
        self.table.setRowCount(len(links))
        for row, link in enumerate(links):
            n = row + 1
            task_combo = QComboBox(self.table)
            task_combo.setModel(self.task_model)
            task_combo.setAccessibleName(self.tr("Predecessor of link {n}").format(n=n))
            task_combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            task_combo.setMinimumContentsLength(14)
            index = task_combo.findData(link.task)
            if index < 0:  # a link to a task that does not exist: show it as it is
                task_combo.setEditable(True)
                task_combo.setEditText(link.task)
            task_combo.setCurrentIndex(index)
            task_combo.setToolTip(task_combo.currentText())
            task_combo.activated.connect(partial(self._on_task_combo_activated, row))
            type_combo = QComboBox(self.table)
            type_combo.setAccessibleName(self.tr("Type of link {n}").format(n=n))
            for kind in DEPENDENCY_TYPES:
                type_combo.addItem(kind, kind)
                type_combo.setItemData(type_combo.count() - 1, self._type_tips[kind],
                                       Qt.ItemDataRole.ToolTipRole)
            type_combo.setCurrentIndex(max(0, type_combo.findData(link.type)))
            type_combo.setToolTip(self._type_tips.get(link.type, ""))
            type_combo.currentIndexChanged.connect(partial(self._on_type_combo_current_index_changed, row))
            lag_spin = QSpinBox(self.table)
            lag_spin.setRange(-_LONGEST_LAG, _LONGEST_LAG)
            lag_spin.setValue(link.lag)
            lag_spin.setAccessibleName(
                self.tr("Lag of link {n} (working days; negative is a lead)").format(n=n))
            lag_spin.setToolTip(self.tr("Working days; negative for a lead"))
            lag_spin.valueChanged.connect(partial(self._on_lag_spin_value_changed, row))
            lag_spin.editingFinished.connect(self._on_lag_spin_editing_finished)
            reason_edit = QLineEdit(link.reason, self.table)
            reason_edit.setAccessibleName(self.tr("Reason for link {n}").format(n=n))
            reason_edit.setPlaceholderText(self.tr("Why it must wait"))
            reason_edit.setCursorPosition(0)
            reason_edit.editingFinished.connect(
                partial(self._on_reason_edit_editing_finished, row, reason_edit))
            for column, widget in enumerate((task_combo, type_combo, lag_spin, reason_edit)):
                widget.setProperty(_ROW_PROPERTY, row)
                widget.installEventFilter(self)
                self.table.setCellWidget(row, column, widget)
        self._loading = False

    def _update_buttons(self) -> None:
        task = self.task()
        self.add_button.setEnabled(task is not None and len(self._names) > 1)
        self.remove_button.setEnabled(task is not None and self._selected_row() >= 0)

    def _selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Select the row of a cell editor the user moves into, so Remove knows which link is meant."""
        if event.type() == QEvent.Type.FocusIn:
            row = watched.property(_ROW_PROPERTY)
            if isinstance(row, int) and 0 <= row < self.table.rowCount():
                self.table.selectRow(row)
        return super().eventFilter(watched, event)

    # --- changing links --------------------------------------------------------------------------------

    def add_predecessor(self, predecessor: str | None = None) -> bool:
        """Link the task after ``predecessor`` (finish to start; by default the nearest earlier free task).

        Returns:
            True when the link was added; False when it was refused (the message says why).
        """
        task = self.task()
        if task is None:
            return False
        plan = self._document.plan
        if predecessor is None:
            predecessor = default_predecessor(plan, task.id)
            if predecessor is None:
                self.show_message(self.tr("Every other task is already linked to {id} or follows it.").format(
                    id=task.id))
                return False
        links = (*task.predecessors, Dependency(predecessor))
        label = self.tr("Add dependency {pred} → {task}").format(pred=predecessor, task=task.id)
        if not self._push_links(task, links, label, predecessor, len(links) - 1):
            return False
        self.table.selectRow(len(links) - 1)
        return True

    def remove_link(self, row: int | None = None) -> bool:
        """Remove the link in ``row`` (the selected one by default); True when one was removed."""
        task = self.task()
        row = self._selected_row() if row is None else row
        if task is None or not 0 <= row < len(task.predecessors):
            return False
        links = task.predecessors[:row] + task.predecessors[row + 1:]
        label = self.tr("Remove dependency {pred} → {task}").format(pred=task.predecessors[row].task,
                                                                     task=task.id)
        return self._push_links(task, links, label)

    def change_predecessor(self, row: int, predecessor: str) -> bool:
        """Make link ``row`` start from ``predecessor`` instead; refused (False) when it would loop."""
        task = self.task()
        if task is None or not 0 <= row < len(task.predecessors):
            return False
        old = task.predecessors[row]
        if old.task == predecessor:
            return True
        links = task.predecessors[:row] + (dataclasses.replace(old, task=predecessor),) \
            + task.predecessors[row + 1:]
        label = self.tr("Change dependency {old} → {task} to {pred} → {task}").format(
            old=old.task, pred=predecessor, task=task.id)
        if not self._push_links(task, links, label, predecessor, row):
            self._build_rows(task.predecessors)  # put the combo back
            return False
        return True

    def _refusal(self, task: Task, links: tuple[Dependency, ...], predecessor: str, row: int) -> str | None:
        plan = self._document.plan
        if predecessor == task.id:
            return self.tr("{id} cannot depend on itself.").format(id=task.id)
        if predecessor not in plan.task_by_id:
            return self.tr("There is no task {id}.").format(id=predecessor)
        if any(link.task == predecessor for k, link in enumerate(links) if k != row):
            return self.tr("{task} already depends on {pred}.").format(task=task.id, pred=predecessor)
        cycle = cycle_problem(plan, task.id, links)
        if cycle is not None:
            return self.tr("Refused: linking {pred} → {task} would make a dependency cycle: {cycle}").format(
                pred=predecessor, task=task.id, cycle=cycle)
        return None

    def _push_links(self, task: Task, links: tuple[Dependency, ...], label: str, checked: str | None = None,
                    row: int = -1, merge_key: str | None = None) -> bool:
        if checked is not None:
            refusal = self._refusal(task, links, checked, row)
            if refusal is not None:
                self.show_message(refusal)
                return False
        self.show_message(None)
        previous = self._shown
        self._shown = links  # the rows already show what is pushed (a lag being typed): no rebuild
        if checked is not None or len(links) != len(task.predecessors):
            self._shown = None  # a link added, removed or re-pointed: rebuild the rows
        try:
            self._document.push(set_item_fields(self._document.plan, "tasks", task.id, label,
                                                predecessors=links), merge_key=merge_key)
        except EditError:
            self._shown = previous
            self.show_task(self._task_id, force=True)
            return False
        return True

    def _replace_link(self, row: int, label: str, merge_key: str | None = None, **values: object) -> None:
        task = self.task()
        if self._loading or task is None or not 0 <= row < len(task.predecessors):
            return
        old = task.predecessors[row]
        new = dataclasses.replace(old, **values)  # type: ignore[arg-type]
        if new != old:
            links = task.predecessors[:row] + (new,) + task.predecessors[row + 1:]
            self._push_links(task, links, label.format(pred=old.task, task=task.id), merge_key=merge_key)

    # --- slots ---------------------------------------------------------------------------------------

    def _on_add_button_clicked(self) -> None:
        self.add_predecessor()

    def _on_remove_button_clicked(self) -> None:
        self.remove_link()

    def _on_table_item_selection_changed(self) -> None:
        self._update_buttons()

    def _on_task_combo_activated(self, row: int, index: int) -> None:
        if not self._loading and index >= 0:
            self.change_predecessor(row, str(self.task_model.item(index).data(Qt.ItemDataRole.UserRole)))

    def _on_type_combo_current_index_changed(self, row: int, _index: int) -> None:
        combo = self.table.cellWidget(row, 1)
        if isinstance(combo, QComboBox):
            combo.setToolTip(self._type_tips.get(str(combo.currentData()), ""))
            self._replace_link(row, self.tr("Change type of dependency {pred} → {task}"),
                               type=combo.currentData())

    def _on_lag_spin_value_changed(self, row: int, value: int) -> None:
        task = self.task()
        if task is None or not 0 <= row < len(task.predecessors):
            return
        key = f"dependency:{task.id}:{task.predecessors[row].task}:lag:{self._lag_session}"
        self._replace_link(row, self.tr("Change lag of dependency {pred} → {task}"), key, lag=value)

    def _on_lag_spin_editing_finished(self) -> None:
        self._lag_session += 1

    def _on_reason_edit_editing_finished(self, row: int, edit: QLineEdit) -> None:
        if edit.isModified():
            edit.setModified(False)
            self._replace_link(row, self.tr("Change reason for dependency {pred} → {task}"),
                               reason=edit.text().strip())
