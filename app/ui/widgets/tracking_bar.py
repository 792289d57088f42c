"""The Tracking page's bar: the status date, the baseline chooser, Save/Delete baseline and RAG thresholds.

Each control pushes one undoable edit: ``SetProjectFields`` for the status date, the chosen baseline and
the thresholds (typing in a date or a spin box merges into one step), one ``CompoundEdit`` to save a
baseline and choose it, or to delete one and clear the choice. The baseline itself is the engine's
``capture_baseline``; the bar only asks for a name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.engine.edits import ChangeSet, CompoundEdit, Edit, InsertItem, RemoveItem, SetProjectFields, next_id
from app.engine.tracking import capture_baseline
from app.storage.interchange import LAST_START
from app.ui.document import Document
from app.ui.formatting import format_date, from_qdate, to_qdate

_MAX_THRESHOLD = 500  # working days


_ONE_ROW_WIDTH = 1180  # pixels: a 1280-pixel window's page, less margins


class TrackingBar(QWidget):
    """Status date, baseline chooser with Save and Delete, and the amber and red thresholds.

    Args:
        document: the open document.
        parent: the owning widget.

    Signals:
        message_shown(str): something could not be done; the text says why.
    """

    message_shown = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._loading = False
        self.status_date_check = QCheckBox(self.tr("Use a status &date"), self)
        self.status_date_check.setAccessibleName(self.tr("Use a status date"))
        self.status_date_check.setToolTip(self.tr("Re-forecast unfinished work from this date"))
        self.status_date_edit = QDateEdit(self)
        self.status_date_edit.setAccessibleName(self.tr("Status date"))
        self.status_date_edit.setDisplayFormat("dd/MM/yyyy")
        self.status_date_edit.setCalendarPopup(True)
        self.status_date_edit.setMaximumDate(to_qdate(LAST_START))  # well inside the working calendar's reach
        self.status_date_edit.setDate(QDate.currentDate())
        self.baseline_combo = QComboBox(self)
        self.baseline_combo.setAccessibleName(self.tr("Baseline to measure against"))
        self.baseline_combo.setMinimumContentsLength(22)
        self.baseline_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.save_baseline_button = self._button(
            self.tr("Save baseline…"),
            self.tr("Save baseline"),
            self.tr("Save the current schedule and costs as a new baseline and measure against it"),
            self.save_baseline,
        )
        self.delete_baseline_button = self._button(
            self.tr("Delete baseline"),
            self.tr("Delete baseline"),
            self.tr("Delete the chosen baseline"),
            self.delete_baseline,
        )
        self.amber_spin = self._threshold(
            self.tr("Amber threshold in working days"),
            self.tr("Amber when a finish slips more than this many working days past the baseline"),
        )
        self.red_spin = self._threshold(
            self.tr("Red threshold in working days"),
            self.tr("Red when a finish slips more than this many working days past the baseline"),
        )
        self._lay_out()
        self.status_date_check.toggled.connect(self._on_status_date_changed)
        self.status_date_edit.dateChanged.connect(self._on_status_date_changed)
        self.baseline_combo.currentIndexChanged.connect(self._on_baseline_combo_current_index_changed)
        self.amber_spin.valueChanged.connect(self._on_amber_spin_value_changed)
        self.red_spin.valueChanged.connect(self._on_red_spin_value_changed)
        document.plan_changed.connect(self._on_document_plan_changed)
        self.refresh()

    def _lay_out(self) -> None:
        """One row, or two (thresholds below) when one would not fit the window at the system's font size."""
        baseline_label = QLabel(self.tr("Base&line:"), self)
        baseline_label.setBuddy(self.baseline_combo)
        first: list[QWidget] = [self.status_date_check, self.status_date_edit, baseline_label,
                                self.baseline_combo, self.save_baseline_button, self.delete_baseline_button]
        second: list[QWidget] = []
        for text, spin in ((self.tr("Amber over"), self.amber_spin), (self.tr("Red over"), self.red_spin)):
            label = QLabel(text, self)
            label.setBuddy(spin)
            second += [label, spin]
        width = sum(w.sizeHint().width() + 6 for w in first + second) + 24
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(4)
        bars = [QHBoxLayout()]
        if width > _ONE_ROW_WIDTH:
            bars.append(QHBoxLayout())
        for bar in bars:
            bar.setSpacing(6)
            rows.addLayout(bar)
        for widget in first:
            bars[0].addWidget(widget)
            if widget is self.status_date_edit:
                bars[0].addSpacing(12)
        bars[0].addSpacing(12)
        for widget in second:
            bars[-1].addWidget(widget)
        for bar in bars:
            bar.addStretch(1)

    def _button(self, text: str, name: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setStatusTip(tip)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _threshold(self, name: str, tip: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(0, _MAX_THRESHOLD)
        spin.setSuffix(self.tr(" days"))
        spin.setAccessibleName(name)
        spin.setToolTip(tip)
        spin.setKeyboardTracking(False)
        return spin

    # --- actions -------------------------------------------------------------------------------------

    def ask_baseline_name(self, suggested: str) -> str | None:
        """Ask for the new baseline's name; ``None`` when cancelled."""
        name, accepted = QInputDialog.getText(
            self,
            self.tr("Save baseline"),
            self.tr("Name of the baseline:"),
            QLineEdit.EchoMode.Normal,
            suggested,
        )
        return name if accepted else None

    def save_baseline(self) -> None:
        """Ask a name, then save the current schedule and costs as a baseline and choose it (one step)."""
        plan, schedule = self._document.plan, self._document.schedule
        if schedule is None:
            self.message_shown.emit(
                self.tr("A baseline needs a schedule, and the plan cannot be scheduled (see Project).")
            )
            return
        suggested = self.tr("Baseline {n}").format(n=len(plan.baselines) + 1)
        name = self.ask_baseline_name(suggested)
        if name is None:
            return
        name = name.strip() or suggested
        baseline = capture_baseline(
            plan,
            schedule,
            self._document.costs,
            next_id((b.id for b in plan.baselines), "B"),
            name,
            date.today(),
        )
        self._document.push(
            CompoundEdit(
                (InsertItem("baselines", baseline), SetProjectFields((("baseline", baseline.id),))),
                self.tr("Save baseline '{name}'").format(name=name),
            )
        )

    def delete_baseline(self) -> None:
        """Delete the chosen baseline, clearing the project's choice when it is the active one (one step)."""
        plan = self._document.plan
        baseline = plan.baseline_by_id.get(self.baseline_combo.currentData() or "")
        if baseline is None:
            return
        edits: list[Edit] = []
        if plan.project.baseline == baseline.id:
            edits.append(SetProjectFields((("baseline", None),)))
        edits.append(RemoveItem("baselines", baseline.id))
        label = self.tr("Delete baseline '{name}'").format(name=baseline.name)
        self._document.push(CompoundEdit(tuple(edits), label))

    def _push_project(self, label: str, merge_key: str | None, **values: object) -> None:
        if not self._loading:
            self._document.push(SetProjectFields(tuple(values.items()), label), merge_key)

    # --- refreshing ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the project's status date, baselines, chosen baseline and thresholds."""
        plan = self._document.plan
        project = plan.project
        self._loading = True
        try:
            self.status_date_check.setChecked(project.status_date is not None)
            self.status_date_edit.setEnabled(project.status_date is not None)
            if project.status_date is not None and not self.status_date_edit.hasFocus():
                self.status_date_edit.setDate(to_qdate(project.status_date))
            self.baseline_combo.clear()
            self.baseline_combo.addItem(self.tr("(no baseline)"), None)
            for baseline in plan.baselines:
                text = self.tr("{name} ({day})").format(name=baseline.name, day=format_date(baseline.saved))
                self.baseline_combo.addItem(text, baseline.id)
            active = plan.active_baseline
            self.baseline_combo.setCurrentIndex(self.baseline_combo.findData(active.id) if active else 0)
            self.delete_baseline_button.setEnabled(active is not None)
            self.save_baseline_button.setEnabled(self._document.schedule is not None)
            self.amber_spin.setValue(project.rag_amber_days)
            self.red_spin.setValue(project.rag_red_days)
        finally:
            self._loading = False

    # --- slots ---------------------------------------------------------------------------------------

    def _on_status_date_changed(self, *_args: object) -> None:
        checked = self.status_date_check.isChecked()
        self.status_date_edit.setEnabled(checked)
        day = from_qdate(self.status_date_edit.date()) if checked else None
        if day == self._document.plan.project.status_date:
            return
        label = (
            self.tr("Set status date to {day}").format(day=format_date(day))
            if day is not None
            else self.tr("Clear status date")
        )
        self._push_project(label, "tracking-status-date", status_date=day)

    def _on_baseline_combo_current_index_changed(self, _index: int) -> None:
        chosen = self.baseline_combo.currentData()
        if self._loading or chosen == self._document.plan.project.baseline:
            return
        if chosen:
            name = self._document.plan.baseline_by_id[chosen].name
            label = self.tr("Measure against baseline '{name}'").format(name=name)
        else:
            label = self.tr("Measure against no baseline")
        self._push_project(label, None, baseline=chosen)

    def _on_amber_spin_value_changed(self, value: int) -> None:
        if value != self._document.plan.project.rag_amber_days:
            label = self.tr("Set amber threshold to {n} days").format(n=value)
            self._push_project(label, "tracking-rag-amber", rag_amber_days=value)

    def _on_red_spin_value_changed(self, value: int) -> None:
        if value != self._document.plan.project.rag_red_days:
            label = self.tr("Set red threshold to {n} days").format(n=value)
            self._push_project(label, "tracking-rag-red", rag_red_days=value)

    def _on_document_plan_changed(self, _changes: ChangeSet) -> None:
        self.refresh()
