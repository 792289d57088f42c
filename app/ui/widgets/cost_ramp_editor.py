"""The ramp of a recurring cost line: a small table of steps (from a date, a share of the full amount).

Each row holds a day-first date editor and a percentage spin box (0-100%, so a share outside 0..1 cannot be
typed); Add step / Remove step change the list. Every change emits ``committed`` with the whole ramp.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.engine.model import RampStep
from app.storage.interchange import LAST_START
from app.ui.formatting import from_qdate, to_qdate


class CostRampEditor(QWidget):
    """Edits a tuple of ``RampStep``.

    Args:
        parent: the owning widget.

    Signals:
        committed(object): the new ramp (a tuple of ``RampStep``, in the order shown).
    """

    committed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._fallback = date.today()
        self.table = QTableWidget(0, 2, self)
        self.table.setAccessibleName(self.tr("Ramp steps"))
        self.table.setToolTip(self.tr("From each date, the share of the full monthly amount charged"))
        self.table.setHorizontalHeaderLabels([self.tr("From"), self.tr("Share")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 4)
        self.add_button = QPushButton(self.tr("Add step"), self)
        self.add_button.setAccessibleName(self.tr("Add ramp step"))
        self.remove_button = QPushButton(self.tr("Remove step"), self)
        self.remove_button.setAccessibleName(self.tr("Remove ramp step"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)

    def ramp(self) -> tuple[RampStep, ...]:
        """The steps shown."""
        steps = []
        for row in range(self.table.rowCount()):
            day, share = self._editors(row)
            steps.append(RampStep(from_qdate(day.date()), share.value() / 100.0))
        return tuple(steps)

    def show_value(self, ramp: tuple[RampStep, ...], fallback: date) -> None:
        """Show ``ramp`` (no signal); ``fallback`` is the date a new first step starts on."""
        self._fallback = fallback
        if ramp == self.ramp() and self.table.rowCount() == len(ramp):
            return
        if any(w.hasFocus() for row in range(self.table.rowCount()) for w in self._editors(row)):
            return  # typing in a step: keep it
        self._loading = True
        self.table.setRowCount(0)
        for step in ramp:
            self._append(step)
        self._loading = False
        self.remove_button.setEnabled(bool(ramp))

    def _append(self, step: RampStep) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        day = QDateEdit(to_qdate(step.start), self.table)
        day.setMaximumDate(to_qdate(LAST_START))  # well inside the working calendar's reach
        day.setDisplayFormat("dd/MM/yyyy")
        day.setCalendarPopup(True)
        day.setAccessibleName(self.tr("Ramp step {n} from").format(n=row + 1))
        share = QDoubleSpinBox(self.table)
        share.setRange(0.0, 100.0)
        share.setDecimals(1)
        share.setSuffix("%")
        share.setAlignment(Qt.AlignmentFlag.AlignRight)
        share.setValue(step.share * 100.0)
        share.setAccessibleName(self.tr("Ramp step {n} share").format(n=row + 1))
        day.dateChanged.connect(self._on_step_changed)
        share.valueChanged.connect(self._on_step_changed)
        self.table.setCellWidget(row, 0, day)
        self.table.setCellWidget(row, 1, share)

    def _editors(self, row: int) -> tuple[QDateEdit, QDoubleSpinBox]:
        day = self.table.cellWidget(row, 0)
        share = self.table.cellWidget(row, 1)
        assert isinstance(day, QDateEdit) and isinstance(share, QDoubleSpinBox)
        return day, share

    def _on_step_changed(self, *_args: object) -> None:
        if not self._loading:
            self.committed.emit(self.ramp())

    def _on_add_button_clicked(self) -> None:
        steps = self.ramp()
        start = steps[-1].start if steps else self._fallback
        self.committed.emit((*steps, RampStep(start, 1.0)))

    def _on_remove_button_clicked(self) -> None:
        steps = list(self.ramp())
        if not steps:
            return
        row = self.table.currentRow()
        del steps[row if 0 <= row < len(steps) else -1]
        self.committed.emit(tuple(steps))
