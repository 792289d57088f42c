"""A cost line's "when": a date, a task, or a task's start or finish, as one editor row.

``CostTimingField`` shows a mode combo (which modes it offers is the caller's choice), a day-first date
editor and a task combo; only the editor the mode needs is shown. It emits ``committed(mode, date, task)``
when the user changes any of them; ``show_value`` loads without emitting.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QVBoxLayout, QWidget

from app.engine.model import CostAnchor, Task
from app.storage.interchange import LAST_START
from app.ui.formatting import from_qdate, to_qdate

#: Modes: a fixed ``date``; a ``task`` (one-off spread over it); a task's ``task:start`` / ``task:finish``;
#: ``none`` (no end: the end of the appraisal horizon).
MODES = ("date", "task", "task:start", "task:finish", "none")


def anchor_mode(anchor: CostAnchor | None) -> str:
    """The mode of a recurring line's anchor."""
    if anchor is None:
        return "none"
    if anchor.date is not None or not anchor.task:
        return "date"
    return f"task:{anchor.event}"


def anchor_of(mode: str, day: date | None, task: str | None) -> CostAnchor | None:
    """The anchor a mode and its editors describe (``None`` for the horizon end)."""
    if mode == "none":
        return None
    if mode == "date":
        return CostAnchor(date=day)
    return CostAnchor(task=task, event="finish" if mode == "task:finish" else "start")


class CostTimingField(QWidget):
    """Mode combo above a date editor or a task combo.

    Args:
        modes: ``(mode, label)`` pairs offered, in order.
        name: the accessible name prefix, e.g. "Recurring start".
        parent: the owning widget.

    Signals:
        committed(str, object, object): the mode, the date (or None) and the task id (or None) chosen.
    """

    committed = Signal(str, object, object)

    def __init__(self, modes: list[tuple[str, str]], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.mode_combo = QComboBox(self)
        self.mode_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mode_combo.setMinimumContentsLength(9)
        self.mode_combo.setAccessibleName(self.tr("{name}: how").format(name=name))
        for mode, label in modes:
            self.mode_combo.addItem(label, mode)
        self.date_edit = QDateEdit(self)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(to_qdate(LAST_START))  # well inside the working calendar's reach
        self.date_edit.setAccessibleName(self.tr("{name}: date").format(name=name))
        self.task_combo = QComboBox(self)
        self.task_combo.setAccessibleName(self.tr("{name}: task").format(name=name))
        self.task_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.task_combo.setMinimumContentsLength(6)
        layout = QVBoxLayout(self)  # stacked: the editor panel is narrow
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.mode_combo)
        layout.addWidget(self.date_edit)
        layout.addWidget(self.task_combo)
        self.mode_combo.activated.connect(self._on_mode_combo_activated)
        self.date_edit.dateChanged.connect(self._on_date_edit_date_changed)
        self.task_combo.activated.connect(self._on_task_combo_activated)
        self._show_editors()

    def mode(self) -> str:
        """The mode chosen."""
        return str(self.mode_combo.currentData())

    def day(self) -> date:
        """The date in the date editor."""
        return from_qdate(self.date_edit.date())

    def task(self) -> str | None:
        """The task chosen, or None."""
        value = self.task_combo.currentData()
        return str(value) if value else None

    def set_tasks(self, tasks: tuple[Task, ...]) -> None:
        """Offer ``tasks`` in the task combo (keeps the current choice)."""
        wanted = [(f"{t.id}  {t.name}", t.id) for t in tasks]
        combo = self.task_combo
        if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == wanted:
            return
        current = combo.currentData()
        self._loading = True
        combo.clear()
        for text, value in wanted:
            combo.addItem(text, value)
        combo.setCurrentIndex(combo.findData(current))
        self._loading = False

    def show_value(self, mode: str, day: date | None, task: str | None, fallback: date) -> None:
        """Show a mode, a date (else ``fallback`` in the editor) and a task, without emitting."""
        if self.date_edit.hasFocus() and mode == "date" and self.mode() == "date":
            return  # the user is typing a date: a refresh must not clobber it
        self._loading = True
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(mode)))
        self.date_edit.setDate(to_qdate(day or fallback))
        index = self.task_combo.findData(task) if task else -1
        if task and index < 0:  # a task that no longer exists: show its id
            self.task_combo.addItem(task, task)
            index = self.task_combo.count() - 1
        self.task_combo.setCurrentIndex(index)
        self._loading = False
        self._show_editors()

    def _show_editors(self) -> None:
        mode = self.mode()
        self.date_edit.setVisible(mode == "date")
        self.task_combo.setVisible(mode.startswith("task"))

    def _emit(self) -> None:
        if self._loading:
            return
        mode = self.mode()
        task = self.task()
        if mode.startswith("task") and task is None and self.task_combo.count():
            self._loading = True
            self.task_combo.setCurrentIndex(0)
            self._loading = False
            task = self.task()
        self.committed.emit(
            mode, self.day() if mode == "date" else None, task if mode.startswith("task") else None
        )

    def _on_mode_combo_activated(self, _index: int) -> None:
        self._show_editors()
        self._emit()

    def _on_date_edit_date_changed(self, _date: QDate) -> None:
        if self.mode() == "date":
            self._emit()

    def _on_task_combo_activated(self, _index: int) -> None:
        self._emit()
